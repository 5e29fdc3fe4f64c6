"""The ``sendtriage`` command: every process and operator task of the service."""

from __future__ import annotations

import getpass
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.logging import configure_logging
from core.settings import Settings, describe_settings_error, get_settings

if TYPE_CHECKING:
    import smtplib

app = typer.Typer(
    help="SEND Triage: email triage for a SEND advice line. Settings come from SENDTRIAGE_* "
    "environment variables (see .env.example).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema: upgrade, current revision, drift check.",
                     no_args_is_help=True)
user_app = typer.Typer(help="Web users: add, list, set role, deactivate, API tokens.",
                       no_args_is_help=True)
drafts_app = typer.Typer(help="Draft replies: list them.", no_args_is_help=True)
messages_app = typer.Typer(help="Inbound messages: list quarantined ones, reprocess.",
                           no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(drafts_app, name="drafts")
corrections_app = typer.Typer(help="Advisers' reclassifications: export them for retraining.",
                              no_args_is_help=True)
app.add_typer(messages_app, name="messages")
app.add_typer(corrections_app, name="corrections")

log = logging.getLogger("sendtriage")


def _invalid_settings(exc: ValueError) -> typer.Exit:
    """Say what is wrong with the settings (no values quoted); the exit to raise."""
    typer.secho(f"invalid settings:\n{describe_settings_error(exc)}", err=True,
                fg=typer.colors.RED)
    return typer.Exit(2)


def _settings() -> Settings:
    try:
        settings = get_settings()
    except ValueError as exc:
        raise _invalid_settings(exc) from exc
    configure_logging(settings.log_level)
    return settings


def _factory(settings: Settings):  # type: ignore[no-untyped-def]
    from storage.db import make_engine, make_session_factory  # noqa: PLC0415

    return make_session_factory(make_engine(settings.resolved_database_url))


# --- processes ---------------------------------------------------------------------------


@app.command()
def serve(
    no_web: Annotated[bool, typer.Option(help="Don't start the web app.")] = False,
    concurrency: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
) -> None:
    """Run everything on one machine: migrate, then SMTP listener, worker (+beat) and web app."""
    from sendtriage.supervise import run_all  # noqa: PLC0415

    settings = _settings()
    raise typer.Exit(run_all(settings, web=not no_web, concurrency=concurrency))


@app.command()
def smtp() -> None:
    """Run the SMTP listener (accepts mail for SENDTRIAGE_INBOX_ADDRESSES only)."""
    from sendtriage.processes import run_smtp  # noqa: PLC0415

    run_smtp(_settings())


@app.command()
def worker(
    beat: Annotated[bool, typer.Option(help="Also run the periodic sweeper in-process.")] = False,
    concurrency: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    pool: Annotated[str, typer.Option(help="Celery pool: prefork, solo, threads.")] = "prefork",
) -> None:
    """Run the workers (the spaCy model is loaded once, before they take any work)."""
    from sendtriage.processes import run_worker  # noqa: PLC0415

    run_worker(_settings(), beat=beat, concurrency=concurrency, pool=pool)


@app.command()
def beat() -> None:
    """Run Celery beat alone (the periodic sweeper) for multi-machine deployments."""
    from sendtriage.processes import run_beat  # noqa: PLC0415

    run_beat(_settings())


@app.command()
def web() -> None:
    """Run the web app (adviser queue, manager dashboard, JSON API)."""
    from sendtriage.processes import run_web  # noqa: PLC0415

    run_web(_settings())


@app.command()
def sweep() -> None:
    """Run the sweeper once: re-enqueue stalled messages, quarantine hopeless ones."""
    _settings()
    from worker.tasks import sweep as sweep_task  # noqa: PLC0415

    typer.echo(json.dumps(sweep_task()))


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Count what would be deleted; change nothing.")] = False,
) -> None:
    """Delete personal content of cases closed longer than SENDTRIAGE_RETENTION_DAYS."""
    from core.clock import SystemClock  # noqa: PLC0415
    from storage.db import transaction  # noqa: PLC0415
    from storage.retention import purge_expired_cases  # noqa: PLC0415

    settings = _settings()
    if settings.retention_days <= 0:
        typer.echo("retention is off (SENDTRIAGE_RETENTION_DAYS=0): nothing is ever deleted")
        return
    with transaction(_factory(settings)) as session:
        counts = purge_expired_cases(session, now=SystemClock().now(),
                                     retention_days=settings.retention_days, dry_run=dry_run)
    verb = "would purge" if dry_run else "purged"
    typer.echo(f"{verb} (closed more than {settings.retention_days} days ago): "
               + " ".join(f"{kind}={n}" for kind, n in counts.as_dict().items()))


@app.command()
def check(
    deploy: Annotated[bool, typer.Option(
        "--deploy", help="List every setting unsafe for production; exit 1 if there is any.")]
    = False,
) -> None:
    """Check the settings: valid (exit 2 if not); with --deploy, safe for production too."""
    if not deploy:
        _settings()
        typer.echo("settings are valid (add --deploy to review them for production)")
        return
    from core.deploy import unsafe_production_settings  # noqa: PLC0415
    from core.settings import read_settings_for_review  # noqa: PLC0415

    try:
        problems = unsafe_production_settings(read_settings_for_review())
    except ValueError as exc:
        raise _invalid_settings(exc) from exc
    for problem in problems:
        typer.echo(f"UNSAFE {problem}")
    typer.echo(f"{len(problems)} unsafe production setting(s)" if problems
               else "no unsafe production settings found")
    raise typer.Exit(1 if problems else 0)


# --- classifier --------------------------------------------------------------------------


@app.command()
def classify(
    paths: Annotated[list[Path], typer.Argument(help=".eml files (raw RFC 5322).")],
    model: Annotated[Path | None, typer.Option(help="A trained pipeline folder.")] = None,
) -> None:
    """Triage .eml files; prints one JSON object per file, one per line, in argument order."""
    from sendtriage.classify_cmd import classify_files  # noqa: PLC0415

    settings = _settings()
    code = 0
    for record in classify_files(paths, settings, model or settings.model_path):
        typer.echo(json.dumps(record, ensure_ascii=False))
        if "error" in record:
            code = 1
    raise typer.Exit(code)


@app.command()
def train(
    output: Annotated[Path | None, typer.Option(help="Where to write the pipeline.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is reproducible).")] = 0,
    corpus: Annotated[Path | None, typer.Option(
        help="The labelled corpus (default: training/corpus/corpus.jsonl of this checkout).")]
    = None,
    with_: Annotated[list[Path] | None, typer.Option(
        "--with", help="More labelled rows to train on, e.g. `sendtriage corrections export` "
        "output (repeatable).")] = None,
    step_encoder: Annotated[Path | None, typer.Option(
        help="The fine-tuned encoder folder under the next-step layer (encoder.onnx and "
        "tokenizer.json; default: the shipped model's step_head).")] = None,
) -> None:
    """Train the spaCy pipeline from the training project (default: replace the shipped model)."""
    from classify.train import CORPUS_PATH, STEP_ENCODER_DIR, train_pipeline  # noqa: PLC0415

    _settings()
    from classify import pipeline as pipeline_module  # noqa: PLC0415

    target = output or Path(pipeline_module.__file__).parent / "model"
    try:
        report = train_pipeline(target, seed=seed, corpus_path=corpus or CORPUS_PATH,
                                extra_paths=tuple(with_ or ()),
                                step_encoder=step_encoder or STEP_ENCODER_DIR,
                                progress=lambda msg: typer.echo(msg, err=True))
    except FileNotFoundError as exc:
        typer.secho(str(exc), err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from exc
    typer.echo(str(report))


@app.command(name="eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="A folder of NNN.eml plus labels.jsonl.")],
    model: Annotated[Path | None, typer.Option(help="A trained pipeline folder.")] = None,
) -> None:
    """Score the classifier on a labelled folder: per-category P/R/F1, next step, deadlines."""
    from classify.evaluate import format_report, score_predictions  # noqa: PLC0415
    from sendtriage.classify_cmd import classify_files  # noqa: PLC0415

    settings = _settings()
    labels_path = folder / "labels.jsonl"
    if not labels_path.exists():
        typer.secho(f"{labels_path} not found", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    labels = [json.loads(line) for line in labels_path.read_text().splitlines() if line.strip()]
    files = sorted(folder.glob("*.eml"))
    predictions = {}
    for record in classify_files(files, settings, model or settings.model_path):
        predictions[Path(str(record["file"])).stem] = record
    typer.echo(format_report(score_predictions(labels, predictions)))


# --- operations --------------------------------------------------------------------------


@corrections_app.command("export")
def corrections_export(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: standard output).")] = None,
    since: Annotated[str | None, typer.Option(
        help="Only corrections made on or after this date (YYYY-MM-DD).")] = None,
) -> None:
    """Write every case an adviser reclassified as a training row (JSON Lines), the adviser's
    last labels on the text the classifier read; train on them with `sendtriage train --with`."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from sendtriage.corrections_cmd import training_rows, write_rows  # noqa: PLC0415
    from storage.corrections import corrected_messages  # noqa: PLC0415

    settings = _settings()
    start = None
    if since is not None:
        try:
            start = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError as exc:
            typer.secho(f"--since: expected YYYY-MM-DD, got {since!r}", err=True,
                        fg=typer.colors.RED)
            raise typer.Exit(2) from exc
    with _factory(settings)() as session:
        rows = training_rows(corrected_messages(session, since=start), settings)
        if output is None:
            count = write_rows(rows, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = write_rows(rows, handle)
    typer.echo(f"{count} corrected case(s) exported" + (f" to {output}" if output else ""),
               err=True)


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Queue statistics: messages by status, cases by category and next step, drafts."""
    from storage.stats import compute_stats  # noqa: PLC0415

    settings = _settings()
    with _factory(settings)() as session:
        data = compute_stats(session)
    if as_json:
        typer.echo(json.dumps(data, sort_keys=True))
        return
    from sendtriage.stats_table import print_stats  # noqa: PLC0415

    print_stats(data)


@app.command()
def send(
    paths: Annotated[list[Path], typer.Argument(help=".eml files to deliver.")],
    to: Annotated[str | None, typer.Option(help="Envelope recipient (default: first inbox).")]
    = None,
    host: Annotated[str | None, typer.Option(help="SMTP host (default: SENDTRIAGE_SMTP_HOST).")]
    = None,
    port: Annotated[int | None, typer.Option(help="SMTP port (default: SENDTRIAGE_SMTP_PORT).")]
    = None,
) -> None:
    """Deliver .eml files to the listener over SMTP, in one connection, as the helpline would."""
    import smtplib  # noqa: PLC0415 - only this command talks SMTP; the others start faster

    settings = _settings()
    rcpt = to or settings.inbox_addresses[0]
    server = (host or settings.smtp_host, port or settings.smtp_port)
    failed = 0
    try:
        with smtplib.SMTP(*server, timeout=60) as smtp:
            for path in paths:
                failed += not _deliver(smtp, path, rcpt)
    except OSError as exc:
        # No listener (or it went away): one line, not smtplib's traceback (issue 12).
        typer.secho(f"cannot deliver to the SMTP listener at {server[0]}:{server[1]}: "
                    f"{exc.strerror or exc} (is `sendtriage serve` or `sendtriage smtp` "
                    "running with the same SENDTRIAGE_* settings?)", err=True,
                    fg=typer.colors.RED)
        raise typer.Exit(1) from None
    raise typer.Exit(1 if failed else 0)


def _deliver(smtp: smtplib.SMTP, path: Path, rcpt: str) -> bool:
    """Send one .eml file on an open connection; say whether the listener accepted it."""
    import re  # noqa: PLC0415
    import smtplib  # noqa: PLC0415

    try:
        data = path.read_bytes()
    except OSError as exc:
        typer.echo(f"{path}: cannot read: {exc.strerror or exc}", err=True)
        return False
    # On the wire every line ends in CRLF, as an MTA would send it.
    raw = re.sub(rb"\r?\n", b"\r\n", data)
    try:
        smtp.sendmail("helpline-forwarder@localhost", [rcpt], raw)
    except smtplib.SMTPServerDisconnected:
        raise
    except smtplib.SMTPException as exc:
        typer.echo(f"{path}: refused: {exc}", err=True)
        return False
    typer.echo(f"{path}: accepted")
    return True


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations up to REVISION (default head); a no-op when already there."""
    from storage.migrate import upgrade_database  # noqa: PLC0415

    settings = _settings()
    upgrade_database(settings.resolved_database_url, revision)
    typer.echo(f"database at {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's current migration revision and the code's head."""
    from storage.db import make_engine  # noqa: PLC0415
    from storage.migrate import current_revision, head_revision  # noqa: PLC0415

    settings = _settings()
    engine = make_engine(settings.resolved_database_url)
    typer.echo(f"current={current_revision(engine)} head={head_revision()}")


@db_app.command("check")
def db_check() -> None:
    """Exit 1 if the database schema differs from the models (migration drift)."""
    from storage.db import make_engine  # noqa: PLC0415
    from storage.migrate import schema_drift  # noqa: PLC0415

    settings = _settings()
    diffs = schema_drift(make_engine(settings.resolved_database_url))
    for diff in diffs:
        typer.echo(str(diff))
    typer.echo("schema matches the models" if not diffs else f"{len(diffs)} difference(s)")
    raise typer.Exit(1 if diffs else 0)


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="Login email address.")],
    role: Annotated[str, typer.Option(help="adviser or manager.")] = "adviser",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin.")] = False,
) -> None:
    """Create a web user (asks for the password unless --password-stdin)."""
    from storage.enums import Role  # noqa: PLC0415
    from storage.users import UserError, create_user  # noqa: PLC0415

    settings = _settings()
    try:
        role_value = Role(role)
    except ValueError as exc:
        typer.secho("role must be adviser or manager", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from exc
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            typer.secho("passwords differ", err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
    if len(password) < 10:
        typer.secho("password must be at least 10 characters", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    factory = _factory(settings)
    try:
        with factory.begin() as session:
            user = create_user(session, email=email, password=password, role=role_value,
                               name=name)
            typer.echo(f"user {user.id} {user.email} ({user.role.value}) created")
    except UserError as exc:
        typer.secho(str(exc), err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from exc


@user_app.command("list")
def user_list() -> None:
    """List web users with role and state."""
    from sqlalchemy import select  # noqa: PLC0415

    from storage.models import User  # noqa: PLC0415

    settings = _settings()
    with _factory(settings)() as session:
        for user in session.scalars(select(User).order_by(User.id)):
            state = "active" if user.active else "deactivated"
            typer.echo(f"{user.id}\t{user.email}\t{user.role.value}\t{state}")


@user_app.command("token")
def user_token(
    email: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="A label for the token.")] = "cli",
) -> None:
    """Create an API token for a user; printed once."""
    from sqlalchemy import select  # noqa: PLC0415

    from storage.models import User  # noqa: PLC0415
    from storage.users import create_api_token  # noqa: PLC0415

    settings = _settings()
    with _factory(settings).begin() as session:
        user = session.scalar(select(User).where(User.email == email.lower()))
        if user is None:
            typer.secho("no such user", err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
        typer.echo(create_api_token(session, user, name=name))


@user_app.command("deactivate")
def user_deactivate(email: Annotated[str, typer.Argument(help="The user to deactivate.")]) -> None:
    """Deactivate a user: they can no longer log in or use tokens."""
    from sqlalchemy import select  # noqa: PLC0415

    from storage.models import User  # noqa: PLC0415
    from storage.users import deactivate_user  # noqa: PLC0415

    settings = _settings()
    with _factory(settings).begin() as session:
        user = session.scalar(select(User).where(User.email == email.lower()))
        if user is None:
            typer.secho("no such user", err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
        deactivate_user(session, user.id, actor="cli")
        typer.echo(f"user {email} deactivated")


@drafts_app.command("list")
def drafts_list(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    status: Annotated[str | None, typer.Option(help="Only drafts in this status.")] = None,
) -> None:
    """List draft replies: id, case, the inbound Message-ID, next step, status, to, subject."""
    from sqlalchemy import select  # noqa: PLC0415

    from storage.models import Draft, Message  # noqa: PLC0415

    settings = _settings()
    with _factory(settings)() as session:
        query = select(Draft, Message.message_id_header).join(
            Message, Message.id == Draft.message_id).order_by(Draft.id)
        if status:
            query = query.where(Draft.status == status)
        for draft, inbound_id in session.execute(query):
            record = {
                "id": draft.id, "case_id": draft.case_id, "message_id": inbound_id,
                "next_step": draft.next_step, "status": draft.status.value,
                "to": draft.to_address, "subject": draft.subject, "body": draft.body,
                "adviser_notes": list(draft.adviser_notes or []),
                "outgoing_message_id": draft.outgoing_message_id,
                "last_error": draft.last_error,
            }
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(f"{draft.id}\tcase {draft.case_id}\t{draft.status.value}\t"
                           f"{draft.next_step}\t{draft.subject}")


@messages_app.command("quarantined")
def messages_quarantined() -> None:
    """List quarantined messages with their reason."""
    from sqlalchemy import select  # noqa: PLC0415

    from storage.enums import MessageStatus  # noqa: PLC0415
    from storage.models import Message  # noqa: PLC0415

    settings = _settings()
    with _factory(settings)() as session:
        for msg in session.scalars(select(Message).where(
                Message.status == MessageStatus.QUARANTINED).order_by(Message.id)):
            typer.echo(f"{msg.id}\t{msg.received_at.isoformat()}\t{msg.attempts}\t"
                       f"{msg.last_error}")


@messages_app.command("reprocess")
def messages_reprocess(
    ids: Annotated[list[int], typer.Argument(help="Quarantined message ids.")],
) -> None:
    """Send quarantined messages through the pipeline again (after a fix)."""
    from storage.messages import requeue_quarantined  # noqa: PLC0415
    from worker.dispatch import announce_messages  # noqa: PLC0415

    settings = _settings()
    requeued = []
    with _factory(settings).begin() as session:
        requeued = [i for i in ids if requeue_quarantined(session, i, actor="cli")]
    announce = announce_messages(settings)
    for message_id in requeued:
        announce(message_id)
    typer.echo(f"requeued {len(requeued)} of {len(ids)}")
