"""Which files an adviser may attach to a reply: PDF, DOCX, ODT, images and plain text.

The type is taken from the file's own bytes (never from the browser's word for it), and the
name is cleaned and given the matching extension, so a parent's mail client opens the file as
what it is. Pure.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Final

MAX_REPLY_FILE_BYTES: Final = 10 * 1024 * 1024
MAX_REPLY_FILES: Final = 5
MAX_REPLY_FILES_BYTES: Final = 15 * 1024 * 1024
ALLOWED_TYPES_TEXT: Final = ("PDF, Word (DOCX), OpenDocument text (ODT), PNG, JPEG, GIF or "
                              "plain text")

_DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ODT: Final = "application/vnd.oasis.opendocument.text"
_UNSAFE_NAME: Final = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|;]+")


class RefusedFile(ValueError):
    """The file may not be attached to a reply; the message says why (shown to the adviser)."""


@dataclass(frozen=True)
class ReplyFile:
    """A file accepted for a reply: cleaned name, its real type, its bytes."""

    filename: str
    content_type: str
    data: bytes


def _zip_names(data: bytes) -> tuple[set[str], bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError,
            EOFError, NotImplementedError):
        return set(), b""
    return names, mimetype


_MAGIC: Final = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)


def _kind(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) by the file's bytes, or None when not allowed."""
    for magic, content_type, extension in _MAGIC:
        if data.startswith(magic):
            return content_type, extension
    if data.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_names(data)
        if mimetype.strip() == _ODT.encode():
            return _ODT, ".odt"
        return (_DOCX, ".docx") if "word/document.xml" in names else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Markup (HTML, SVG, XML) is not plain text a parent should open.
    plain = "\x00" not in text and text.lstrip()[:1] != "<"
    return ("text/plain", ".txt") if plain else None


def clean_filename(name: str, extension: str) -> str:
    """The last path part of ``name`` without characters mail clients or file systems
    mishandle, at most 120 characters, ending in ``extension``."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" ._") or "attachment"
    stem = base[:-len(extension)] if base.lower().endswith(extension) else base
    if extension == ".jpg" and stem.lower().endswith(".jpeg"):
        stem = stem[:-5]
    return f"{stem[:120 - len(extension)]}{extension}"


def check_reply_file(data: bytes, filename: str, *, attached: int = 0,
                     attached_bytes: int = 0) -> ReplyFile:
    """``data`` accepted as a reply attachment, given the draft already holds ``attached``
    files of ``attached_bytes`` in all; raises ``RefusedFile`` saying why not."""
    if not data:
        raise RefusedFile("the file is empty")
    if len(data) > MAX_REPLY_FILE_BYTES:
        raise RefusedFile(f"the file is over {MAX_REPLY_FILE_BYTES // (1024 * 1024)} MB")
    if attached >= MAX_REPLY_FILES:
        raise RefusedFile(f"a reply can carry at most {MAX_REPLY_FILES} files")
    if attached_bytes + len(data) > MAX_REPLY_FILES_BYTES:
        raise RefusedFile(f"the reply's files would be over "
                          f"{MAX_REPLY_FILES_BYTES // (1024 * 1024)} MB together")
    kind = _kind(data)
    if kind is None:
        raise RefusedFile(f"only {ALLOWED_TYPES_TEXT} files can be attached")
    content_type, extension = kind
    return ReplyFile(clean_filename(filename, extension), content_type, data)
