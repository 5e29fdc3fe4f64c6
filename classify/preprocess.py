"""Text preparation: the parent's own words, normalised, with what the classifier must not read
(a forwarded letter's wrapper, footers, contact lines, disclaimers) cut and the sign-off found.

Mail comes from the parser (``ingest``, through ``worker.reading``) with HTML converted and
quoted history already cut, so those are not looked for again; raw text (a training example, a
notebook) also has its HTML converted and quoted history cut here, by the same conventions
(``core.mailconv``).
Everything removed is kept (``PreparedText.removed``) so a person can see it.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from inscriptis import get_text

from classify.dates import MONTHS
from classify.types import EmailText
from core.mailconv import (
    DEVICE_LINE,
    FORWARD_MARKER,
    ORIGINAL_MARKER,
    SIGN_OFF_START,
    SIGNATURE_DELIMITER,
    UNDERSCORE_LINE,
    is_attribution,
    is_forward_subject,
    is_quoted,
    is_reply_subject,
    looks_like_html,
    strip_subject_prefixes,
)

_TRANSLATE: Final = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    "\r": None,
})

HEADER_LINE_RE: Final = re.compile(
    r"^\s*\**(from|sent|date|to|cc|subject|reply-to)\**\s*:\s*(.*)$", re.IGNORECASE
)
DISCLAIMER_RE: Final = re.compile(
    r"(?:this (?:e-?mail|message)(?: and any (?:files|attachments)[^.]*)? (?:is|are|may be) "
    r"(?:confidential|intended (?:solely|only))|confidentiality notice|privileged and confidential"
    r"|if you (?:are not|have received this) (?:the intended recipient|(?:e-?mail|message) in "
    r"error)|please consider the environment before printing|views expressed in this"
    r"|this mailbox is not monitored|do not reply to this (?:e-?mail|message)"
    r"|unsubscribe from (?:this|our) (?:list|newsletter)"
    r"|registered (?:charity|company) (?:no|number)"
    r"|scanned for viruses)",
    re.IGNORECASE,
)
# Footer text of school and council mail: names safeguarding but is nobody's concern.
BOILERPLATE_RE: Final = re.compile(
    r"(?:(?:for|if you have) (?:an )?urgent safeguarding (?:concerns?|issues?|matters?)"
    r"|safeguarding (?:concerns?|queries) (?:should|must) be (?:reported|directed|raised)"
    r"|designated safeguarding lead \(dsl\) (?:is|can be contacted)"
    r"|if (?:you are|you're) worried (?:that|about) a child(?:'s safety)? (?:is|at)? ?.{0,40}"
    r"(?:call|contact|ring)|if a child is in immediate danger,? (?:call|ring|dial) 999"
    r"|our safeguarding policy is available|office hours are|opening hours:)",
    re.IGNORECASE,
)
CONTACT_LINE_RE: Final = re.compile(
    r"^\s*(?:(?:tel|telephone|phone|mob|mobile|m|t|fax|web|www|email|e)\s*[:.]\s*\S.*"
    r"|\+?\d[\d\s()-]{8,}\d|https?://\S+|www\.\S+)\s*$",
    re.IGNORECASE,
)
SPACES_RE: Final = re.compile(r"[ \t\f\v]+")
BLANKS_RE: Final = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class RemovedPart:
    """A piece of the message left out of the text the classifier reads, and why."""

    kind: str  # forward_wrapper, quoted, attribution, signature, disclaimer, boilerplate, device
    text: str


@dataclass(frozen=True)
class PreparedText:
    """The parent's own words (subject first), ready for the pipeline."""

    text: str
    subject: str
    body: str
    sent: datetime | None
    removed: tuple[RemovedPart, ...] = ()
    forwarded: bool = False
    sign_off: str = ""
    reply: bool = False  # the subject had "Re:": it names the thread's first topic
    sender_name: str = ""


def normalise(text: str) -> str:
    """Plain quotes and dashes, no invisible characters, single spaces, at most one blank line."""
    text = text.translate(_TRANSLATE)
    lines = [SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    return BLANKS_RE.sub("\n\n", "\n".join(lines)).strip()


def clean_subject(subject: str) -> str:
    """The subject without Re:/Fwd: prefixes."""
    return normalise(strip_subject_prefixes(subject or ""))


def _html_to_text(body: str) -> str:
    # Only for raw text that is HTML markup: the parser converts mail's HTML itself.
    if not looks_like_html(body):
        return body
    return str(get_text(body))


def _header_date(value: str) -> datetime | None:
    value = value.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        # Gmail style "Wed, 11 Feb 2026 at 19:20" / Outlook "11 February 2026 19:20".
        match = re.search(
            r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?", value
        ) or re.search(
            r"([A-Za-z]{3,9})\s+(\d{1,2}),?\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?", value
        )
        if match is None:
            return None
        first, second = match.group(1), match.group(2)
        day_text, month_text = (first, second) if first.isdigit() else (second, first)
        month = MONTHS.get(month_text.lower()[:3]) or MONTHS.get(month_text.lower())
        if month is None:
            return None
        try:
            parsed = datetime(
                int(match.group(3)), month, int(day_text),
                int(match.group(4) or 12), int(match.group(5) or 0), tzinfo=UTC,
            )
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _header_block(lines: list[str], start: int) -> tuple[int, dict[str, str]]:
    """Read consecutive ``Name: value`` lines from ``start``; return the end and the headers."""
    headers: dict[str, str] = {}
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        match = HEADER_LINE_RE.match(lines[index])
        if not match:
            break
        headers.setdefault(match.group(1).lower(), match.group(2))
        index += 1
    return index, headers


def _split_forward(
    lines: list[str], subject: str
) -> tuple[list[str], list[RemovedPart], datetime | None, bool]:
    """If a forward's header block remains, keep the original's text and date."""
    forward_subject = is_forward_subject(subject)
    for index, line in enumerate(lines):
        marker = FORWARD_MARKER.match(line) or ORIGINAL_MARKER.match(line) or UNDERSCORE_LINE.match(
            line
        )
        bare_block = not marker and HEADER_LINE_RE.match(line) is not None
        if not marker and not bare_block:
            continue
        block_start = index + 1 if marker else index
        end, headers = _header_block(lines, block_start)
        if "from" not in headers or not ({"sent", "date", "subject", "to"} & headers.keys()):
            continue
        above = [text for text in lines[:index] if text.strip()]
        forward = (
            marker is not None and "forward" in line.lower()
        ) or (forward_subject and len(" ".join(above)) < 400)
        if forward:
            removed = [RemovedPart("forward_wrapper", "\n".join(lines[:end]).strip())]
            original_sent = _header_date(headers.get("date") or headers.get("sent") or "")
            return lines[end:], removed, original_sent, True
        if above:
            # A reply: what follows the block is the quoted history of earlier messages.
            quoted = RemovedPart("quoted", "\n".join(lines[index:]).strip())
            return lines[:index], [quoted], None, False
    return lines, [], None, False


def _cut_attribution(lines: list[str]) -> tuple[list[str], list[RemovedPart]]:
    """Cut at an "On <date>, <person> wrote:" line (possibly wrapped over two lines)."""
    for index, line in enumerate(lines):
        if index == 0:
            continue
        candidates = [line]
        if index + 1 < len(lines):
            candidates.append(line + " " + lines[index + 1])
        for candidate in candidates:
            if (
                len(candidate) < 300
                and is_attribution(candidate)
                and any(text.strip() for text in lines[:index])
            ):
                rest = "\n".join(lines[index:]).strip()
                return lines[:index], [RemovedPart("attribution", rest)]
    return lines, []


def _strip_lines(
    lines: list[str], *, history: bool
) -> tuple[list[str], list[RemovedPart], str]:
    kept: list[str] = []
    removed: list[RemovedPart] = []
    sign_off = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if history and is_quoted(stripped):
            removed.append(RemovedPart("quoted", stripped))
        elif SIGNATURE_DELIMITER.match(stripped) and index > 0:
            removed.append(RemovedPart("signature", "\n".join(lines[index:]).strip()))
            break
        elif DEVICE_LINE.match(stripped):
            removed.append(RemovedPart("device", stripped))
        elif stripped and DISCLAIMER_RE.search(stripped):
            # A disclaimer runs to the end of its paragraph.
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            removed.append(RemovedPart("disclaimer", "\n".join(lines[index:end]).strip()))
            index = end
            continue
        elif stripped and BOILERPLATE_RE.search(stripped) and len(stripped) < 400:
            removed.append(RemovedPart("boilerplate", stripped))
        elif stripped and CONTACT_LINE_RE.match(stripped) and kept:
            removed.append(RemovedPart("signature", stripped))
        else:
            kept.append(line)
            if stripped and SIGN_OFF_START.match(stripped) and len(stripped) < 60:
                rest = "\n".join(t.strip() for t in lines[index:index + 3] if t.strip())
                sign_off = rest
        index += 1
    return kept, removed, sign_off


def prepare_text(email_text: EmailText) -> PreparedText:
    """The text the pipeline reads: cleaned subject, a blank line, the parent's own words.

    Pure; the same input always gives the same output.
    """
    # Parsed mail already had its HTML converted and its quoted history cut in ingest; a
    # forwarded letter it keeps may still carry its own "-- " signature.
    history = not email_text.parsed
    subject = clean_subject(email_text.subject)
    body = normalise(_html_to_text(email_text.body or "") if history else email_text.body)
    lines = body.split("\n")
    lines, removed_forward, original_sent, forwarded = _split_forward(
        lines, email_text.subject or ""
    )
    removed_attribution: list[RemovedPart] = []
    if history:
        lines, removed_attribution = _cut_attribution(lines)
    lines, removed_lines, sign_off = _strip_lines(lines, history=history)
    if not sign_off and email_text.signature:
        # The parser already cut the sign-off away as the signature.
        sign_off = normalise(email_text.signature)
    body = BLANKS_RE.sub("\n\n", "\n".join(lines)).strip()
    head = subject + "." if subject and subject[-1] not in ".?!:" else subject
    text = f"{head}\n\n{body}" if head else body
    return PreparedText(
        text=text,
        subject=subject,
        body=body,
        sent=original_sent or email_text.sent,
        removed=tuple(removed_forward + removed_attribution + removed_lines),
        forwarded=forwarded,
        sign_off=sign_off,
        reply=is_reply_subject(email_text.subject or ""),
        sender_name=normalise(email_text.sender_name),
    )
