"""What the classifier reads of an email: the one adapter from ingest's parse to classify's text.

Used by the worker pipeline and by ``sendtriage classify`` alike, so both read the same words.
Imports no database or broker code: the CLI loads it without SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from classify.types import EmailText
from ingest.attachments import AttachmentReading, ReadStatus
from ingest.message import ParsedEmail

# Of each attached letter the classifier reads this much, and of all of them together this.
MAX_LETTER_CHARS: Final = 20_000
MAX_LETTERS_CHARS: Final = 50_000
# A letter's own "Date:" / "From:" lines would read as a quoted email's header block (and be
# cut as history); the letterhead's lone date line is the letter's date.
_HEADER_LINE: Final = re.compile(
    r"^\s*\**(date|sent|from|to|cc|subject|reply-to)\**\s*:\s*(.*)$", re.IGNORECASE)
_LONE_DATE: Final = re.compile(
    r"^\s*(?:\w+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\s*$")
_LETTERHEAD_LINES: Final = 25


def classifier_text(parsed: ParsedEmail,
                    readings: Sequence[AttachmentReading] = ()) -> EmailText:
    """The parent's new words, subject and date, and what the parser cut as their signature
    ("Thanks, Megan") with their display name, to find the name they sign with.

    The text read from attached letters (``ingest.attachments``) follows the parent's words
    as a pasted letter would, so a decision letter's date is found as the decision date.
    Marked ``parsed``: the parser already converted HTML and cut quoted history, so the
    classifier does not look for them again.
    """
    body = parsed.new_text
    letters = attached_letters(parsed, readings)
    if letters:
        body = f"{body.rstrip()}\n\n{letters}"
    return EmailText(body=body, subject=parsed.subject, sent=parsed.sent_at,
                     signature=parsed.signature, sender_name=parsed.from_name or "",
                     parsed=True)


def attached_letters(parsed: ParsedEmail, readings: Sequence[AttachmentReading]) -> str:
    """The text of the attachments that were read, each under a line naming the file."""
    blocks: list[str] = []
    room = MAX_LETTERS_CHARS
    for reading in readings:
        text = reading.text.strip()
        if reading.status != ReadStatus.READ or not text or room <= 0:
            continue
        name = (parsed.attachments[reading.position].filename
                if reading.position < len(parsed.attachments) else "") or "a file"
        letter = as_letter(text[:min(MAX_LETTER_CHARS, room)])
        room -= len(letter)
        blocks.append(f"The attached letter ({name}) says:\n\n{letter}")
    return "\n\n".join(blocks)


def as_letter(text: str) -> str:
    """``text`` with its header-like lines made plain: "Date: 3 November 2026" and a lone
    date in the letterhead become "Dated 3 November 2026."; "To: …" loses its colon."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        header = _HEADER_LINE.match(line)
        if header:
            name, value = header.group(1).lower(), header.group(2).strip()
            lines[index] = (f"Dated {value}." if name in ("date", "sent")
                            else f"{header.group(1)} {value}")
        elif index < _LETTERHEAD_LINES and _LONE_DATE.match(line):
            lines[index] = f"Dated {line.strip()}."
    return "\n".join(lines)
