"""Reading one attachment's text: PDF (pypdf), DOCX (python-docx), images (Pillow + tesseract).

Runs inside the sandbox process of ``ingest.attachments`` (memory and time capped there); the
heavy libraries are imported only here, so the SMTP and web processes never load them. Every
reader stops at its own limits and raises ``Unreadable`` with a reason a person can read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Final

MAX_PDF_PAGES: Final = 30
# Scanned pages are read by OCR, a few seconds each: only the first ones.
MAX_OCR_PAGES: Final = 3
MAX_TEXT_CHARS: Final = 100_000
# DOCX is a zip: refuse archives that would unpack to far more than any letter (zip bombs).
MAX_ZIP_MEMBERS: Final = 2_000
MAX_UNZIPPED_BYTES: Final = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO: Final = 200
MAX_IMAGE_PIXELS: Final = 40_000_000
# OCR works on at most this many pixels along the longer side (bigger scans are shrunk).
OCR_MAX_SIDE: Final = 3_500
OCR_SECONDS: Final = 20
# An image smaller than this on both sides is a logo or an icon, not a letter.
MIN_LETTER_SIDE: Final = 250
PREVIEW_MAX_SIDE: Final = 1_200
PREVIEW_MAX_BYTES: Final = 2 * 1024 * 1024

_BLANKS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


class Unreadable(Exception):
    """The file could not be read; the message says why (shown to the adviser)."""


@dataclass(frozen=True)
class Reading:
    """What was read from one file: its text (maybe empty), pages, a note, a PNG preview."""

    text: str
    pages: int | None = None
    note: str = ""
    preview_png: bytes | None = None


def tidy(text: str) -> str:
    """Spaces collapsed, at most one blank line in a row, cut to ``MAX_TEXT_CHARS``."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()[:MAX_TEXT_CHARS]


def read_pdf(data: bytes) -> Reading:
    """The text layer of the first ``MAX_PDF_PAGES`` pages."""
    from pypdf import PdfReader  # noqa: PLC0415 - heavy; only in the sandbox process
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("the PDF is protected by a password")
        pages = reader.pages
        count = len(pages)
        texts = [pages[i].extract_text() or "" for i in range(min(count, MAX_PDF_PAGES))]
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError, ZeroDivisionError) as exc:
        raise Unreadable(f"the PDF is damaged or not a PDF ({type(exc).__name__})") from exc
    note = (f"Only the first {MAX_PDF_PAGES} of {count} pages were read."
            if count > MAX_PDF_PAGES else "")
    text = tidy("\n\n".join(texts))
    if not text and count:
        # A scanned letter: no text layer, one picture per page. Read the first pages by OCR.
        text = tidy("\n\n".join(_ocr_page(pages[i]) for i in range(min(count, MAX_OCR_PAGES))))
        note = (f"A scan: read by OCR (first {MAX_OCR_PAGES} pages at most); check it against "
                "the file." if text else "No text in this PDF: open the file to read it.")
    return Reading(text=text, pages=count, note=note)


def _ocr_page(page: object) -> str:
    """The text of a scanned page: OCR of its largest picture ("" when it has none)."""
    from pypdf import PageObject  # noqa: PLC0415
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    assert isinstance(page, PageObject)
    try:
        pictures = [(len(p.data), p.image) for p in page.images]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            NotImplementedError) as exc:
        raise Unreadable(f"the scanned PDF is damaged ({type(exc).__name__})") from exc
    found = [(size, image) for size, image in pictures if image is not None]
    if not found:
        return ""
    image = max(found, key=lambda item: item[0])[1]
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise Unreadable("a scanned page is too large to read")
    return _ocr(image.convert("RGB"))


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, after refusing one that would unpack to far more than it holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise Unreadable("the document is damaged (not a valid DOCX archive)") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise Unreadable(f"the document holds over {MAX_ZIP_MEMBERS} files")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise Unreadable("the document unpacks to far more than its size (a zip bomb?)")
    return archive


def read_docx(data: bytes) -> Reading:
    """Paragraphs and table cells, in document order."""
    check_zip(data)
    import docx  # noqa: PLC0415 - heavy; only in the sandbox process
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    lines.append(" | ".join(cell.text.strip() for cell in row.cells))
            else:
                lines.append(block.text)
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError,
            zipfile.BadZipFile, OSError, SyntaxError) as exc:
        raise Unreadable(f"the document is damaged or not a DOCX ({type(exc).__name__})") from exc
    return Reading(text=tidy("\n".join(lines)))


def read_image(data: bytes, *, ocr: bool = True) -> Reading:
    """Its text by OCR (tesseract, English) and a PNG preview re-encoded from the pixels."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - only in the sandbox

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_IMAGE_PIXELS:
                raise Unreadable("the image is too large to open")
            opened.seek(0)
            image = opened.convert("RGB")
    except Unreadable:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError,
            SyntaxError, EOFError) as exc:
        raise Unreadable(f"the image is damaged or not an image ({type(exc).__name__})") from exc
    preview = _preview_png(image)
    if max(image.size) < MIN_LETTER_SIDE:
        return Reading(text="", note="A small image (a logo or an icon?): not read.",
                       preview_png=preview)
    if not ocr:
        return Reading(text="", note="Images are not read here.", preview_png=preview)
    return Reading(text=_ocr(image), preview_png=preview)


def _preview_png(image: object) -> bytes | None:
    from PIL import Image  # noqa: PLC0415

    assert isinstance(image, Image.Image)
    small = image.copy()
    small.thumbnail((PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE))
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return png if len(png) <= PREVIEW_MAX_BYTES else None


def _ocr(image: object) -> str:
    import pytesseract  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    assert isinstance(image, Image.Image)
    gray = image.convert("L")
    if max(gray.size) > OCR_MAX_SIDE:
        gray.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    try:
        return tidy(pytesseract.image_to_string(gray, lang="eng", timeout=OCR_SECONDS))
    except RuntimeError as exc:  # pytesseract's timeout
        raise Unreadable("reading the image took too long") from exc
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        raise Unreadable("the image could not be read (OCR failed)") from exc


def read_text(data: bytes) -> Reading:
    """A plain text file, as UTF-8 (Windows-1252 when it is not)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return Reading(text=tidy(text.replace("\x00", "")))


READERS: Final = {"pdf": read_pdf, "docx": read_docx, "image": read_image, "text": read_text}


def main() -> None:
    """Sandbox entry point: ``python -m ingest.extract KIND`` reads the file on stdin and
    prints one JSON object: ``{"text", "pages", "note", "preview_png"}`` or ``{"error"}``."""
    import base64  # noqa: PLC0415
    import json  # noqa: PLC0415
    import resource  # noqa: PLC0415
    import sys  # noqa: PLC0415

    # A hostile file may not take the machine's memory: the reader fails inside this process.
    resource.setrlimit(resource.RLIMIT_AS, (SANDBOX_MEMORY_BYTES, SANDBOX_MEMORY_BYTES))
    kind = sys.argv[1] if len(sys.argv) > 1 else ""
    reader = READERS.get(kind)
    data = sys.stdin.buffer.read()
    try:
        if reader is None:
            raise Unreadable(f"unknown kind {kind!r}")
        reading = reader(data)
        result: dict[str, object] = {
            "text": reading.text, "pages": reading.pages, "note": reading.note,
            "preview_png": (base64.b64encode(reading.preview_png).decode("ascii")
                            if reading.preview_png else None)}
    except Unreadable as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": "the file needs more memory to read than is allowed"}
    sys.stdout.write(json.dumps(result))


SANDBOX_MEMORY_BYTES: Final = 1024 * 1024 * 1024

if __name__ == "__main__":
    main()
