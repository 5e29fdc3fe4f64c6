"""Reading a message's attachments: which ones, how, and within which limits.

Each file is read in its own short-lived process (``python -m ingest.extract``) with capped
memory and a time limit, so a hostile or broken file (a zip bomb, a PDF that loops) ends as a
"could not read" result and never takes the worker down. A file that could not be read is
never tried again: the same bytes fail the same way (issue 10, item 5).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from core.mailparts import find_parts
from ingest.message import Attachment

MAX_ATTACHMENT_BYTES: Final = 10 * 1024 * 1024
MAX_READ_PER_MESSAGE: Final = 10
SECONDS_PER_FILE: Final = 30
SECONDS_PER_MESSAGE: Final = 90

_IMAGE_MAGIC: Final = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
                       b"II*\x00", b"MM\x00*", b"BM")
_DOCX_TYPES: Final = ("application/vnd.openxmlformats-officedocument.wordprocessingml",
                      "application/msword", "application/octet-stream")


class ReadStatus(StrEnum):
    READ = "read"  # text extracted (it may be empty: a note then says why)
    UNREADABLE = "unreadable"  # damaged, hostile, too big or too slow: "could not read"
    NOT_READ = "not_read"  # a kind of file we do not read (a spreadsheet, a forwarded email)


@dataclass(frozen=True)
class AttachmentReading:
    """The outcome for the attachment at ``position`` in the message's attachment list."""

    position: int
    sha256: str
    kind: str
    status: ReadStatus
    text: str = ""
    pages: int | None = None
    note: str = ""
    preview_png: bytes | None = None


def file_kind(data: bytes, content_type: str, filename: str) -> str | None:
    """"pdf", "docx", "image" or "text" by the file's own bytes (the declared type and name
    only break ties); None for anything else."""
    head = data[:1024]
    name = filename.lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (
            name.endswith(".docx") or content_type.startswith(_DOCX_TYPES[0])):
        return "docx"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if content_type == "text/plain" and b"\x00" not in head:
        return "text"
    return None


def read_file(data: bytes, kind: str, *, seconds: float = SECONDS_PER_FILE) -> tuple[
        ReadStatus, str, int | None, str, bytes | None]:
    """Read ``data`` as ``kind`` in the sandbox process: (status, text, pages, note, preview).

    Never raises: a crash, a timeout or memory exhaustion in the sandbox is UNREADABLE.
    """
    if len(data) > MAX_ATTACHMENT_BYTES:
        return (ReadStatus.UNREADABLE, "", None,
                f"Could not read: the file is over {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.",
                None)
    # One OCR thread: the machine is shared with the classifier and other workers.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(  # noqa: S603 - our own module, no shell, fixed arguments
            [sys.executable, "-m", "ingest.extract", kind], input=data, capture_output=True,
            timeout=seconds, env=env, check=False)
    except subprocess.TimeoutExpired:
        return (ReadStatus.UNREADABLE, "", None,
                f"Could not read: reading took longer than {seconds:.0f} seconds.", None)
    except OSError as exc:
        return (ReadStatus.UNREADABLE, "", None,
                f"Could not read: the reader did not start ({type(exc).__name__}).", None)
    try:
        result = json.loads(done.stdout or b"{}")
    except ValueError:
        result = {}
    if done.returncode != 0 or not isinstance(result, dict) or not result:
        return (ReadStatus.UNREADABLE, "", None,
                "Could not read: the reader stopped (the file may be damaged or too complex).",
                None)
    if "error" in result:
        return ReadStatus.UNREADABLE, "", None, f"Could not read: {result['error']}.", None
    return (ReadStatus.READ, str(result.get("text") or ""), _int(result.get("pages")),
            str(result.get("note") or ""), _png(result.get("preview_png")))


def read_attachments(raw: bytes, attachments: Sequence[Attachment], *,
                     seconds_per_message: float = SECONDS_PER_MESSAGE) -> list[AttachmentReading]:
    """One reading per attachment of the message whose raw bytes are ``raw``, in order.

    At most ``MAX_READ_PER_MESSAGE`` files are read and none once ``seconds_per_message``
    have gone; the rest are NOT_READ with a note. Never raises. Deterministic apart from
    timeouts, so a second call gives the same readings.
    """
    found = find_parts(raw, [a.sha256 for a in attachments])
    started = time.monotonic()
    readings: list[AttachmentReading] = []
    read = 0
    for position, attachment in enumerate(attachments):
        data = found.get(attachment.sha256)
        kind = file_kind(data, attachment.content_type, attachment.filename) if data else None
        base = AttachmentReading(position, attachment.sha256, kind or "", ReadStatus.NOT_READ)
        if attachment.content_type.startswith("message/"):
            readings.append(_with(base, note="A forwarded email: read as part of the message."))
            continue
        if data is None or kind is None:
            readings.append(_with(base, note="This kind of file is not read here: download "
                                             "it to open it."))
            continue
        left = seconds_per_message - (time.monotonic() - started)
        if read >= MAX_READ_PER_MESSAGE or left <= 1:
            readings.append(_with(base, note="Not read: the message has too many attachments "
                                             "to read them all."))
            continue
        read += 1
        status, text, pages, note, preview = read_file(
            data, kind, seconds=min(SECONDS_PER_FILE, left))
        readings.append(AttachmentReading(position, attachment.sha256, kind, status, text,
                                          pages, note, preview))
    return readings


def _with(reading: AttachmentReading, *, note: str) -> AttachmentReading:
    return AttachmentReading(reading.position, reading.sha256, reading.kind, reading.status,
                             note=note)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _png(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if data.startswith(b"\x89PNG\r\n\x1a\n") else None
