"""What the writer newly said, apart from quoted history, signatures and disclaimers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.mailconv import (
    DEVICE_LINE,
    FORWARD_MARKER,
    ORIGINAL_MARKER,
    REPLY_SEPARATOR_LINE,
    SIGN_OFF_LINE,
    SIGNATURE_DELIMITER,
    UNDERSCORE_LINE,
    is_attribution,
    is_quoted,
)
from ingest.forwarded import MAX_CHECK_CHARS, MAX_SCAN_LINES, clean_line, header_block_at, key_of
from ingest.htmltext import MARKS, QUOTE_MARK, SIGNATURE_MARK

# Clients put a time or an address in their attribution; a parent's own "On 3 June the council
# wrote:" above a quoted letter has neither, and must not cut the rest of the message.
_DIGIT = re.compile(r"\d")
_CLIENT_ATTRIBUTION_HINT = re.compile(r"\d{1,2}[:.]\d{2}|@")

_DISCLAIMER = re.compile(
    r"(?:confidential|privileged).{0,300}(?:intended (?:solely |only )?for|intended recipient"
    r"|addressee)|if you (?:are not|have received this).{0,120}(?:intended recipient|in error)"
    r"|^\W{0,5}disclaimer\b|please consider the environment before printing"
    r"|(?:scanned|checked) (?:by [\w ]{1,40} )?for (?:all )?(?:viruses|malware)"
    r"|this (?:e-?mail|message|communication)(?: and any (?:files|attachments)"
    r"[\w ]{0,40})? (?:is|are|may be|contains?) (?:strictly )?(?:confidential|private|intended)"
    r"|views expressed in this (?:e-?mail|message)",
    re.IGNORECASE | re.DOTALL,
)
_LIST_FOOTER = re.compile(r"^_{20,}\s*$")
_LIST_FOOTER_TEXT = re.compile(r"mailing list|listinfo|unsubscribe", re.IGNORECASE)


@dataclass(frozen=True)
class SplitText:
    """A body cut into what is new, what was quoted from earlier mail, and the signature."""

    new: str
    quoted: str
    signature: str


def _attribution_at(lines: list[str], index: int) -> int:
    """Number of lines (1–3) forming a reply attribution starting at ``index``; 0 if none."""
    candidate = ""
    quoted = is_quoted(lines[index])
    for count in range(1, min(3, len(lines) - index) + 1):
        line = lines[index + count - 1]
        part = clean_line(line)
        # A wrapped attribution continues at the same quoting level, and its first line already
        # carries the date ("Hello" above "> On 22 Aug 2015 … wrote:" is not part of it).
        if count > 1 and (not part or is_quoted(line) != quoted or not _DIGIT.search(candidate)):
            return 0
        candidate = f"{candidate} {part}".strip() if candidate else part
        verdict = _attribution_verdict(candidate, first=count == 1)
        if verdict is not None:
            return count if verdict else 0
    return 0


def _attribution_verdict(candidate: str, *, first: bool) -> bool | None:
    """True: an attribution ends here; False: none starts here; None: read the next line too."""
    if len(candidate) > 500 or (first and not re.match(r"^[-\w\"'«(<\d]", candidate)):
        return False
    if _CLIENT_ATTRIBUTION_HINT.search(candidate) and is_attribution(candidate):
        return True
    return False if candidate.endswith(":") else None


def find_reply_start(lines: list[str]) -> tuple[int, int, str] | None:
    """Where quoted history starts: (first line, lines in its header, kind) or None.

    Kinds: 'attribution' ("On … wrote:"), 'separator' ("-----Original Message-----", an Outlook
    underscore line before a From: block), 'header' (Outlook's bare From/Sent/To/Subject block),
    'quote' (a run of '>' lines that nothing but blank lines or a signature follows).
    """
    for index in range(min(len(lines), MAX_SCAN_LINES)):
        found = _history_at(lines, index)
        if found is not None:
            return index, found[0], found[1]
    return None


def _history_at(lines: list[str], index: int) -> tuple[int, str] | None:
    """(lines in its header, kind) when quoted history starts at line ``index``, else None."""
    line = lines[index]
    cleaned = clean_line(line) if len(line) <= MAX_CHECK_CHARS else ""
    if not cleaned:
        return None
    quoted = is_quoted(line)
    # Our own separator counts even quoted; Outlook's only on an unquoted line.
    if REPLY_SEPARATOR_LINE.match(cleaned) or (not quoted and ORIGINAL_MARKER.match(cleaned)):
        return 1, "separator"
    if quoted:
        return None
    if UNDERSCORE_LINE.match(line):
        return _outlook_rule(lines, index)
    found = key_of(line)
    if found is not None and found[0] == "from":
        return (0, "header") if header_block_at(lines, index, required=3) is not None else None
    size = _attribution_at(lines, index)
    return (size, "attribution") if size else None


def _outlook_rule(lines: list[str], index: int) -> tuple[int, str] | None:
    """An Outlook underscore rule starts history when a From:/Sent: block follows it."""
    nxt = next((j for j in range(index + 1, min(index + 3, len(lines))) if lines[j].strip()), None)
    if nxt is not None and header_block_at(lines, nxt, required=2) is not None:
        return nxt - index, "separator"
    return None


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def _drop_marks(text: str) -> str:
    return "\n".join(
        line for line in text.split("\n") if line.strip(MARKS + " \t") or not line.strip(" \t")
    ).translate({ord(c): None for c in MARKS})


def _opens_forward(text: str, *, forwarded: bool) -> bool:
    """Whether ``text`` (what follows an HTML quote mark) begins with a forwarded message."""
    lines = [line for line in text.split("\n", 40)[:40] if clean_line(line)][:4]
    for index, line in enumerate(lines):
        if len(line) > MAX_CHECK_CHARS:
            return False
        cleaned = clean_line(line)
        if FORWARD_MARKER.match(cleaned):
            return True
        if forwarded and (
            ORIGINAL_MARKER.match(cleaned)
            or UNDERSCORE_LINE.match(line)
            or header_block_at(lines, index, required=3) is not None
        ):
            return True
    return False


def split_reply(text: str, *, forwarded: bool = False) -> tuple[str, str]:
    """(new, quoted) for a body text that may carry HTML quote marks (see ``ingest.htmltext``).

    Forwarded mail keeps what it forwards (helpdesk-conventions §3.5): a forwarding line before any
    quoted history, or with ``forwarded`` (the subject says Fwd/FW/WG/TR/RV…) an Outlook header
    block or separator, starts content the writer brings us, not history to drop.
    """
    head, marked = _split_at_quote_mark(text, forwarded=forwarded)
    lines = head.split("\n")
    start, forward = _history_and_forward(lines, forwarded=forwarded)
    new_lines, quoted_lines = _cut_history(lines, start, keep_quotes=forward is not None)
    if marked is not None:
        quoted_lines.append(marked)
    return _drop_marks(_join(new_lines)), _drop_marks(_join(quoted_lines)).strip()


def _split_at_quote_mark(text: str, *, forwarded: bool) -> tuple[str, str | None]:
    """(text before an HTML quote mark, the quoted rest or None without a mark).

    Gmail and Outlook wrap a forward in the same container as quoted history: when the marked
    part opens a forward, it is kept as text and the mark dropped.
    """
    head, mark, tail = text.partition(QUOTE_MARK)
    if not mark:
        return head, None
    if _opens_forward(tail, forwarded=forwarded):
        return text.replace(QUOTE_MARK, ""), None
    return head, tail


def _first_forward_line(lines: list[str]) -> int | None:
    """The index of the first forwarding line ("---------- Forwarded message ---------")."""
    return next(
        (
            i
            for i, line in enumerate(lines[:MAX_SCAN_LINES])
            if len(line) <= MAX_CHECK_CHARS and FORWARD_MARKER.match(clean_line(line))
        ),
        None,
    )


def _history_and_forward(
    lines: list[str], *, forwarded: bool
) -> tuple[tuple[int, int, str] | None, int | None]:
    """(where quoted history starts, where kept forwarded content starts), either or both None.

    History that comes after a forwarding line, or (in a forward) a header block or separator,
    is forwarded content to keep, not history.
    """
    start = find_reply_start(lines)
    forward = _first_forward_line(lines)
    if start is not None and (
        (forward is not None and forward < start[0])
        or (forwarded and start[2] in {"header", "separator"})
    ):
        return None, start[0] if forward is None else min(forward, start[0])
    return start, forward


def _cut_history(
    lines: list[str], start: tuple[int, int, str] | None, *, keep_quotes: bool
) -> tuple[list[str], list[str]]:
    """(new lines, quoted lines). Without a history start, '>' lines are quoted history unless
    ``keep_quotes`` (they belong to kept forwarded content)."""
    if start is None:
        new = [line for line in lines if not is_quoted(line) or keep_quotes]
        quoted = [line for line in lines if is_quoted(line) and not keep_quotes]
        return new, quoted
    index, size, kind = start
    after = lines[index + size :]
    if kind == "attribution" and _answers_between_quotes(after):
        # Answers written between or below '>' quotes are new text; the quotes are not.
        new = lines[:index] + [line for line in after if not is_quoted(line)]
        quoted = lines[index : index + size] + [line for line in after if is_quoted(line)]
        return new, quoted
    return lines[:index], lines[index:]


def _answers_between_quotes(after: list[str]) -> bool:
    """Whether what follows an attribution starts with a quote but also holds unquoted lines."""
    body_after = [line for line in after if line.strip(MARKS + " \t")]
    quoted_after = [line for line in body_after if is_quoted(line)]
    return bool(body_after) and is_quoted(body_after[0]) and len(quoted_after) < len(body_after)


def _last_nonblank(lines: list[str], count: int) -> list[int]:
    found: list[int] = []
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            found.append(index)
            if len(found) == count:
                break
    return found


def split_signature(text: str) -> tuple[str, str]:
    """(body, signature): cut at an HTML signature container, the "-- " delimiter, a trailing
    disclaimer or list footer, a "Sent from my iPhone" line or a closing sign-off block."""
    body, mark, marked = text.partition(SIGNATURE_MARK)
    lines = body.rstrip().split("\n")
    cut = len(lines)
    for index, line in enumerate(lines):
        if SIGNATURE_DELIMITER.match(line) and index > 0:
            cut = index
            break
        if _LIST_FOOTER.match(line) and _LIST_FOOTER_TEXT.search(
            "\n".join(lines[index : index + 6])
        ):
            cut = index
            break
    cut = _disclaimer_start(lines, cut)
    tail = _last_nonblank(lines[:cut], 6)
    for index in sorted(tail):
        if len(lines[index]) < 120 and DEVICE_LINE.match(lines[index].strip()):
            cut = index
            break
    cut = _sign_off_start(lines, cut)
    signature = _join(lines[cut:])
    if mark:
        signature = f"{signature}\n{marked}".strip("\n")
    return _join(lines[:cut]).rstrip(), _drop_marks(signature).strip()


def _disclaimer_start(lines: list[str], cut: int) -> int:
    # Look at the last few paragraphs only: disclaimers sit at the bottom.
    paragraphs: list[tuple[int, int]] = []
    end = cut
    index = cut - 1
    while index >= 0 and len(paragraphs) < 4:
        while index >= 0 and not lines[index].strip():
            index -= 1
        para_end = index + 1
        while index >= 0 and lines[index].strip():
            index -= 1
        if para_end > index + 1:
            paragraphs.append((index + 1, para_end))
    for start, stop in paragraphs:
        chunk = " ".join(lines[start:stop])[:4000]
        if _DISCLAIMER.search(chunk) and start > 0:
            end = start
        else:
            break
    return end


def _sign_off_start(lines: list[str], cut: int) -> int:
    candidates = _last_nonblank(lines[:cut], 8)
    for index in sorted(candidates):
        line = lines[index].strip()
        if len(line) > 60 or not SIGN_OFF_LINE.match(line):
            continue
        after = [lines[i] for i in range(index + 1, cut) if lines[i].strip()]
        before = [line for line in lines[:index] if line.strip()]
        if len(after) <= 6 and all(len(a.strip()) <= 60 for a in after) and before:
            return index
    return cut


def split_message_text(text: str, *, forwarded: bool = False) -> SplitText:
    """Cut one body text (possibly with HTML marks) into new text, quoted history and signature;
    ``forwarded`` as for ``split_reply``."""
    new, quoted = split_reply(text, forwarded=forwarded)
    # Below a kept forward, sign-offs and disclaimers are the forwarded letter's, not the writer's.
    lines = new.split("\n")
    kept_at = _first_forward_line(lines)
    if kept_at is None and forwarded:
        start = find_reply_start(lines)
        kept_at = start[0] if start is not None and start[2] in {"header", "separator"} else None
    head, tail = (new, "") if kept_at is None else (_join(lines[:kept_at]), _join(lines[kept_at:]))
    body, signature = split_signature(head)
    if tail:
        body = f"{body}\n\n{tail}" if body.strip() else tail
    return SplitText(new=body.strip(), quoted=quoted, signature=signature)


def strip_marks(text: str) -> str:
    """The text for display: HTML marks removed."""
    return _drop_marks(text).strip("\n")
