"""The dependency direction of DESIGN.md, checked by importing each package in a fresh process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EMAILS_DIR

# package to import → modules that must not end up loaded
FORBIDDEN = {
    "core.settings": ["storage", "ingest", "classify", "replies", "worker", "web", "spacy"],
    "storage.models": ["spacy", "celery", "classify"],
    "storage.drafts": ["spacy", "celery", "classify"],
    "classify.pipeline": ["sqlalchemy", "celery", "storage", "ingest", "replies", "worker"],
    "replies.drafting": ["spacy", "classify"],
    "replies.sending": ["spacy", "classify"],
    "ingest.smtp": ["spacy", "classify", "onnxruntime", "tokenizers"],
    "ingest.parse": ["spacy", "classify", "sqlalchemy"],
    # The web app shows stored attachment text: it never loads the readers.
    "web.app": ["spacy", "classify", "worker.tasks", "pypdf", "docx", "PIL", "pytesseract",
                "onnxruntime", "tokenizers"],
}


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_importing_a_package_does_not_load_what_it_must_never_import(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {FORBIDDEN[module]!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "", f"{module} loads {out.stdout.strip()}"


def test_the_smtp_and_web_processes_start_without_spacy_or_the_encoder() -> None:
    code = (
        "import sys\n"
        "from core.settings import Settings\n"
        "from web.app import create_app\n"
        "import sendtriage.processes, ingest.smtp, worker.dispatch\n"
        "create_app(Settings(environment='test'))\n"
        "print([m for m in ('spacy', 'onnxruntime') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_sendtriage_classify_reads_mail_without_loading_database_or_broker_code() -> None:
    eml = EMAILS_DIR / "html_markup_in_text_plain.eml"
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from sendtriage.cli import app\n"
        f"result = CliRunner().invoke(app, ['classify', {str(eml)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert '\"next_step\"' in result.output, result.output\n"
        "bad = ('sqlalchemy', 'celery', 'kombu', 'psycopg', 'storage')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & set(bad))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=True)
    assert out.stdout.strip() == ""
