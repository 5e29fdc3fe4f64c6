"""Raw RFC 5322 bytes to a ``ParsedEmail``: pure, bounded, never raises on any input.

The steps: repair the framing (leading blank lines, a junk first line), parse with the lenient
compat32 parser, walk the MIME tree within limits (``ingest.mime``), turn the bodies into text
(``ingest.htmltext``), find the parent behind a helpline forward or redirect
(``ingest.forwarded``), decide whether the mail is automatic (``ingest.automatic``) and cut what the
writer newly said from quoted history and signatures (``ingest.quotes``).
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import Message

from core.mailconv import base_subject, find_case_tag, is_forward_subject, looks_like_html
from ingest.automatic import AutomaticVerdict, detect_automatic, sender_reason, subject_reason
from ingest.charsets import decode_bytes
from ingest.dates import parse_header_date
from ingest.forwarded import ForwardedOriginal, find_forward
from ingest.headers import (
    all_addresses,
    first_address,
    header_text,
    message_id_list,
    normalise_message_id,
    raw_header,
)
from ingest.htmltext import html_to_text
from ingest.message import Attachment, ParsedEmail
from ingest.mime import HARD_MAX_PARTS, MimeContent, collect_content, count_parts
from ingest.quotes import SplitText, split_message_text, strip_marks

logger = logging.getLogger(__name__)

# Bigger than any SMTP size limit we accept; such bytes are only looked at for their headers.
MAX_RAW_BYTES = 64 * 1024 * 1024
HARD_MAX_DEPTH = 60
MAX_HEADER_BYTES = 1024 * 1024
# Clocks disagree; an original a little "after" its forward is still believed.
_CLOCK_SKEW = timedelta(hours=12)
# A helpline forward of a helpline forward is followed this many levels down.
MAX_FORWARD_NESTING = 3

_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,76}:")
_KNOWN_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "content-type",
        "mime-version",
        "received",
        "return-path",
        "sender",
        "reply-to",
        "in-reply-to",
        "references",
        "delivered-to",
        "x-mailer",
        "user-agent",
        "content-transfer-encoding",
        "resent-from",
        "list-id",
        "auto-submitted",
        "precedence",
        "thread-topic",
        "dkim-signature",
        "x-original-to",
    }
)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class _Outer:
    """The outer message's own sender, date and subject (the helpline's, for a forward)."""

    from_name: str | None
    from_address: str | None
    sent_at: datetime | None
    subject: str
    sender: str | None
    reply_to: str | None


@dataclass
class _Attribution:
    """Who wrote the message, and which body text is theirs."""

    from_address: str | None
    from_name: str | None
    sent_at: datetime | None
    subject: str
    body: str
    forwarded: bool = False
    via: str | None = None
    note: str = ""
    inner: ParsedEmail | None = None
    defects: list[str] = field(default_factory=list)


def parse_email(
    raw: bytes,
    forwarder_addresses: frozenset[str] = frozenset(),
    *,
    own_domains: frozenset[str] = frozenset(),
) -> ParsedEmail:
    """Parse one raw message into a ``ParsedEmail``.

    ``forwarder_addresses`` are the helpline's own addresses (``@domain`` for a whole domain): a
    message whose outer sender (From, or Sender/Resent-From for a redirect) is one of them is
    attributed to the forwarded original's sender, with ``forwarded=True`` and ``via_address``
    set; any other sender is never re-attributed. ``own_domains`` are the domains of our own
    Message-IDs (mail from ourselves is automatic). Never raises: unusable input comes back with
    ``problem`` set to the reason. Pure and deterministic; calling it again gives the same value.
    """
    try:
        data = bytes(raw)
    except (TypeError, ValueError):
        return _unusable(b"", "input is not bytes")
    forwarders = frozenset(a.strip().lower() for a in forwarder_addresses if a and a.strip())
    domains = frozenset(d.strip().lower().lstrip("@") for d in own_domains if d and d.strip())
    try:
        return _parse_bytes(data, forwarders, domains)
    except RecursionError:
        return _unusable(data, "MIME structure nested too deeply to parse")
    except Exception as exc:  # noqa: BLE001 - the contract is "never raise": quarantine instead
        # Only the exception's type is logged: its message may quote the mail.
        logger.warning("parser failed on a message: %s", type(exc).__name__)
        return _unusable(data, f"the parser failed ({type(exc).__name__}); the raw message is kept")


def _unusable(data: bytes, reason: str) -> ParsedEmail:
    """A result for a message that cannot be read, with whatever its headers still give."""
    subject = ""
    from_name: str | None = None
    from_address: str | None = None
    message_id: str | None = None
    sent: datetime | None = None
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
            data[:MAX_HEADER_BYTES]
        )
        subject = header_text(headers, "Subject") or ""
        from_name, from_address = first_address(headers, "From")
        message_id = normalise_message_id(raw_header(headers, "Message-ID"))
        sent = parse_header_date(raw_header(headers, "Date"))
    except Exception:  # noqa: BLE001, S110 - best effort on input already known to be bad
        pass
    return ParsedEmail(
        message_id=message_id,
        subject=subject,
        from_address=from_address,
        from_name=from_name,
        sent_at=sent,
        new_text="",
        full_text="",
        header_from=from_address,
        header_date=sent,
        header_subject=subject,
        base_subject=base_subject(subject),
        case_token=find_case_tag(subject),
        problem=reason,
        defects=(reason,),
    )


def _repair_framing(data: bytes, defects: list[str]) -> bytes:
    """Fix framing faults that would make the parser read the headers as body: blank lines or a
    junk line before the headers, a malformed line in the middle of the header block."""
    stripped = data.lstrip(b"\r\n\t ")
    if len(stripped) != len(data):
        defects.append("blank lines before the headers removed")
    first, sep, rest = stripped.partition(b"\n")
    if (
        sep
        and not _HEADER_LINE.match(first)
        and not first.startswith(b"From ")
        and _HEADER_LINE.match(rest[:200])
    ):
        defects.append("non-header first line removed")
        stripped = rest
    end = _header_end(stripped)
    lines = stripped[:end].split(b"\n")
    kept: list[bytes] = []
    for index, line in enumerate(lines):
        if (
            index == 0
            or _HEADER_LINE.match(line)
            or line[:1] in {b" ", b"\t"}
            or not line.strip()
            or not any(_HEADER_LINE.match(later) for later in lines[index + 1 : index + 50])
        ):
            kept.append(line)
        else:
            defects.append("malformed line inside the header block removed")
    if len(kept) == len(lines):
        return stripped
    return b"\n".join(kept) + stripped[end:]


def _header_end(data: bytes) -> int:
    """Offset of the blank line that ends the header block (bounded search)."""
    window = data[:MAX_HEADER_BYTES]
    found = [i for i in (window.find(b"\n\n"), window.find(b"\n\r\n")) if i >= 0]
    return min(found) if found else len(window)


def _has_headers(msg: Message) -> bool:
    try:
        keys = [k.lower() for k in msg if isinstance(k, str)]
    except (TypeError, AttributeError):
        return False
    return any(k in _KNOWN_HEADERS for k in keys)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    return len(_CONTROL_BYTES.findall(sample)) > len(sample) / 10


def _parse_bytes(data: bytes, forwarders: frozenset[str], domains: frozenset[str]) -> ParsedEmail:
    if not data.strip():
        return _unusable(data, "empty message: no headers and no body")
    if len(data) > MAX_RAW_BYTES:
        return _unusable(
            data, f"message of {len(data)} bytes is over the {MAX_RAW_BYTES}-byte limit"
        )
    defects: list[str] = []
    data = _repair_framing(data, defects)
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if not _has_headers(msg):
        if _looks_binary(data):
            reason = "not an email: binary data without message headers"
        else:
            reason = "not an email: no message headers (a fragment or plain text)"
        result = _unusable(data, reason)
        text, _ = decode_bytes(data[:MAX_HEADER_BYTES], None)
        return replace(result, full_text=text.strip(), defects=(*defects, reason))
    problem: str | None = None
    parts, deepest = count_parts(msg)
    if parts > HARD_MAX_PARTS:
        problem = f"over {HARD_MAX_PARTS} MIME parts: only the first ones were read"
    elif deepest > HARD_MAX_DEPTH:
        problem = f"MIME parts nested over {HARD_MAX_DEPTH} deep: only the outer ones were read"
    parsed = _parse_message(msg, forwarders, domains, nesting=0)
    return replace(parsed, problem=problem, defects=(*defects, *parsed.defects))


def _body_text(content: MimeContent, defects: list[str]) -> tuple[str, str | None]:
    """(body text with HTML quote/signature marks, raw HTML for display or None)."""
    texts: list[str] = []
    html_parts: list[str] = []
    for part in content.parts:
        if part.kind == "plain" and not looks_like_html(part.text):
            texts.append(part.text)
        elif part.kind == "plain":
            # Markup inside a text/plain part that does not start like an HTML document (those
            # ingest.mime already reads as HTML): read it as HTML, keep no HTML copy to show.
            converted, html_defects = html_to_text(part.text)
            defects.extend(["HTML markup in a text/plain part: read as HTML", *html_defects])
            texts.append(converted)
        elif part.kind == "html":
            converted, html_defects = html_to_text(part.text)
            defects.extend(html_defects)
            texts.append(converted)
            html_parts.append(part.text)
        else:
            html_parts.append(part.text)
    body = "\n\n".join(t.strip("\n") for t in texts if t.strip())
    return body, ("\n".join(html_parts) if html_parts else None)


def _parsed_parts(msg: Message) -> tuple[MimeContent, str, str | None, list[str]]:
    content = collect_content(msg)
    defects = list(content.defects)
    body, html = _body_text(content, defects)
    return content, body, html, defects


def _parse_message(
    msg: Message, forwarders: frozenset[str], domains: frozenset[str], *, nesting: int
) -> ParsedEmail:
    content, body, html, defects = _parsed_parts(msg)
    header_name, header_from = first_address(msg, "From")
    header_date = parse_header_date(raw_header(msg, "Date"))
    if raw_header(msg, "Date") and header_date is None:
        defects.append("Date header unreadable or out of range")
    outer = _Outer(
        from_name=header_name,
        from_address=header_from,
        sent_at=header_date,
        subject=header_text(msg, "Subject") or "",
        sender=first_address(msg, "Resent-From")[1] or first_address(msg, "Sender")[1],
        reply_to=first_address(msg, "Reply-To")[1],
    )
    message_id = normalise_message_id(raw_header(msg, "Message-ID"))
    if message_id is None:
        defects.append("no usable Message-ID")
    who = _attribute(
        msg, content, body, outer, forwarders=forwarders, domains=domains, nesting=nesting
    )
    defects.extend(who.defects)
    verdict = _verdict(msg, content, body, outer, who=who, domains=domains)

    if who.inner is not None:
        split = SplitText(who.inner.new_text, who.inner.quoted_text, who.inner.signature)
    else:
        split = split_message_text(who.body, forwarded=is_forward_subject(who.subject))
    attachments: tuple[Attachment, ...] = tuple(content.attachments)
    if who.inner is not None:
        attachments = (*attachments, *who.inner.attachments)
    return ParsedEmail(
        message_id=message_id,
        subject=who.subject,
        from_address=who.from_address,
        from_name=who.from_name,
        sent_at=who.sent_at,
        new_text=split.new,
        full_text=strip_marks(body) if who.inner is None or body.strip() else who.inner.full_text,
        header_from=outer.from_address,
        header_date=outer.sent_at,
        via_address=who.via,
        to=all_addresses(msg, "To"),
        cc=all_addresses(msg, "Cc"),
        reply_to=outer.reply_to,
        in_reply_to=normalise_message_id(raw_header(msg, "In-Reply-To")),
        references=message_id_list(raw_header(msg, "References")),
        thread_topic=header_text(msg, "Thread-Topic") or None,
        forwarded=who.forwarded,
        automatic=verdict.reason is not None,
        automatic_reason=verdict.reason,
        bounce=verdict.bounce,
        bounced_message_ids=verdict.bounced_message_ids,
        quoted_text=split.quoted,
        signature=split.signature,
        html=html if html is not None else (who.inner.html if who.inner else None),
        attachments=attachments,
        defects=tuple(dict.fromkeys(defects)),
        case_token=find_case_tag(outer.subject),
        base_subject=base_subject(who.subject),
        header_subject=outer.subject,
        forwarder_note=strip_marks(who.note).strip(),
        sender=outer.sender,
        original_message_id=who.inner.message_id if who.inner is not None else None,
    )


def is_forwarder(address: str | None, forwarders: frozenset[str]) -> bool:
    """True when ``address`` is a helpline forwarder: listed itself, or its domain as ``@dom``."""
    if not address:
        return False
    return address in forwarders or "@" + address.rpartition("@")[2] in forwarders


def _attribute(
    msg: Message,
    content: MimeContent,
    body: str,
    outer: _Outer,
    *,
    forwarders: frozenset[str],
    domains: frozenset[str],
    nesting: int,
) -> _Attribution:
    """Decide whose message this is: the From sender, or the parent behind a helpline forward."""
    plain = _Attribution(outer.from_address, outer.from_name, outer.sent_at, outer.subject, body)
    if not forwarders or outer.from_address is None:
        return plain
    if is_forwarder(outer.from_address, forwarders):
        return _forwarded_original(
            msg, content, body, plain, forwarders=forwarders, domains=domains, nesting=nesting
        )
    if is_forwarder(outer.sender, forwarders):
        # A redirect (Resent-*) or a list-style resend: From is already the parent.
        plain.forwarded = True
        plain.via = outer.sender
    return plain


def _forwarded_original(
    msg: Message,
    content: MimeContent,
    body: str,
    plain: _Attribution,
    *,
    forwarders: frozenset[str],
    domains: frozenset[str],
    nesting: int,
) -> _Attribution:
    """The parent behind a message the helpline sent us: an inline forwarded block, else a
    message/rfc822 attachment, else X-Original-From/Sender or Reply-To; failing all of those the
    helpline stays the sender and a defect says why."""
    forwarder = plain.from_address or ""
    original = find_forward(body, explicit_only=False)
    for _ in range(MAX_FORWARD_NESTING):
        # The helpline forwarding its own earlier forward: look one level further in.
        if original is None or not is_forwarder(original.from_address, forwarders):
            break
        deeper = find_forward(original.body, explicit_only=False)
        if deeper is None:
            break
        original = replace(deeper, note=original.note, marker_line=original.marker_line)
    if original is not None and original.from_address is not None:
        return _inline_attribution(original, plain, forwarder)
    if content.embedded and nesting < MAX_FORWARD_NESTING:
        inner = _parse_message(content.embedded[0], frozenset(), domains, nesting=nesting + 1)
        if inner.from_address is not None:
            return _Attribution(
                inner.from_address,
                inner.from_name,
                inner.sent_at or plain.sent_at,
                inner.subject or base_subject(plain.subject),
                inner.full_text,
                forwarded=True,
                via=forwarder,
                note=body,
                inner=inner,
                defects=[] if inner.sent_at else ["forwarded original has no date: forward's used"],
            )
    if original is not None:
        # A forwarded block whose From shows only a name (Outlook address-book entries).
        attribution = _inline_attribution(original, plain, forwarder)
        attribution.defects.append("forwarded original's sender has no address")
        return attribution
    for name in ("X-Original-From", "X-Original-Sender", "Reply-To"):
        fallback_name, fallback = first_address(msg, name)
        if fallback and fallback not in forwarders:
            plain.from_address, plain.from_name = fallback, fallback_name
            plain.forwarded, plain.via = True, forwarder
            plain.defects.append(f"helpline mail without a forwarded block: {name} used")
            return plain
    plain.defects.append("from a helpline address but no forwarded original found")
    return plain


def _inline_attribution(
    original: ForwardedOriginal, plain: _Attribution, forwarder: str
) -> _Attribution:
    defects: list[str] = []
    sent = original.sent_at
    if sent is None:
        defects.append("forwarded original's date unreadable: the forward's date used")
        sent = plain.sent_at
    else:
        sent = _plausible_original_date(sent, plain.sent_at, defects)
    return _Attribution(
        original.from_address,
        original.from_name,
        sent,
        original.subject or base_subject(plain.subject),
        original.body,
        forwarded=True,
        via=forwarder,
        note=original.note.strip(),
        defects=defects,
    )


def _plausible_original_date(
    sent: datetime, forwarded_at: datetime | None, defects: list[str]
) -> datetime | None:
    """The original cannot postdate its forward: a numeric date read day-first that lands after
    the forward was month-first (a US client); any other such date is replaced by the forward's."""
    if forwarded_at is None or sent <= forwarded_at + _CLOCK_SKEW:
        return sent
    if sent.day <= 12:
        swapped = sent.replace(month=sent.day, day=sent.month)
        if swapped <= forwarded_at + _CLOCK_SKEW:
            defects.append("forwarded original's date read month-first")
            return swapped
    defects.append("forwarded original's date is after the forward: the forward's date used")
    return forwarded_at


def _verdict(
    msg: Message,
    content: MimeContent,
    body: str,
    outer: _Outer,
    *,
    who: _Attribution,
    domains: frozenset[str],
) -> AutomaticVerdict:
    """Whether the mail is automatic. For the helpline's own forward only the original counts:
    the outer headers are the helpline's forwarding machinery (an Outlook rule, a Gmail filter),
    not a sign that the parent's mail was automatic."""
    if who.forwarded and who.via is not None and who.via == outer.from_address:
        if who.inner is not None:
            return AutomaticVerdict(
                who.inner.automatic_reason, who.inner.bounce, who.inner.bounced_message_ids
            )
        return AutomaticVerdict(
            subject_reason(who.subject) or sender_reason(who.from_address, None)
        )
    return detect_automatic(
        msg,
        content,
        from_address=outer.from_address,
        subject=outer.subject,
        body=body,
        own_domains=domains,
    )
