"""The MIME tree walked within limits: body texts, attachments, embedded messages, DSN parts."""

from __future__ import annotations

import email
import email.parser
import email.policy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.utils import collapse_rfc2231_value

from core.mailparts import payload_bytes
from ingest.charsets import decode_bytes
from ingest.headers import EMAIL_ERRORS, decode_header_text, header_text
from ingest.htmltext import html_to_text
from ingest.message import Attachment

# Limits that keep one message's parse bounded in time and memory. Beyond the soft ones the rest of
# the message is not looked at (and a defect says so); beyond the hard ones the message is unusable.
MAX_PARTS = 1_000
HARD_MAX_PARTS = 10_000
MAX_DEPTH = 25
MAX_TEXT_PART_BYTES = 2 * 1024 * 1024
MAX_BODY_CHARS = 1_000_000
MAX_EMBEDDED = 20

_HTML_LOOK = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]{1,40})", re.I
)
_HTML_STUB = re.compile(
    r"(view|read|open|see)\s+(this|the)\s+(e-?mail|message|newsletter)\b"
    r"|(open|view)\s+(it|this)\s+in\s+(a|your)\s+(web\s+)?browser"
    r"|html\s+(version|e-?mail|message)|(does\s+not|doesn't)\s+support\s+html"
    r"|supports?\s+html\b|(e-?mail|message)\s+(is|was)\s+(sent\s+)?in\s+html"
    r"|requires\s+html|html[- ]capable",
    re.I,
)
_ENRICHED_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}>")


@dataclass
class TextPart:
    """One body text part in document order, already decoded.

    ``kind`` is "plain" (read), "html" (converted and read, kept for display) or "html-display"
    (the HTML twin of a plain alternative that is read instead: kept for display only).
    """

    kind: str
    text: str


@dataclass
class MimeContent:
    """What the walk found; bodies and embedded messages in document order."""

    parts: list[TextPart] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    embedded: list[Message] = field(default_factory=list)
    delivery_status: list[str] = field(default_factory=list)
    report_headers: list[Message] = field(default_factory=list)
    report_embedded: list[Message] = field(default_factory=list)
    report_type: str | None = None
    defects: list[str] = field(default_factory=list)
    part_count: int = 0
    deepest: int = 0
    overflowed: bool = False
    chars: int = 0


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except EMAIL_ERRORS:
        return "text/plain"


def _param(part: Message, name: str) -> str | None:
    try:
        value = part.get_param(name)
    except EMAIL_ERRORS:
        return None
    if isinstance(value, tuple):
        value = collapse_rfc2231_value(value)
    return str(value) if value else None


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except EMAIL_ERRORS:
        name = None
    if name is None:
        name = _param(part, "name")
    if not name:
        return None
    return decode_header_text(str(name))[:255] or None


def _disposition(part: Message) -> str:
    try:
        value = part.get_content_disposition()
    except EMAIL_ERRORS:
        return ""
    return (value or "").lower()


def _text_of(part: Message, content: MimeContent) -> str:
    data = payload_bytes(part)
    if len(data) > MAX_TEXT_PART_BYTES:
        content.defects.append(f"text part over {MAX_TEXT_PART_BYTES} bytes: cut")
        data = data[:MAX_TEXT_PART_BYTES]
    charset = _param(part, "charset")
    if not charset and _content_type(part) == "text/html":
        meta = _HTML_META_CHARSET.search(data[:4096])
        charset = meta.group(1).decode("ascii") if meta else None
    text, defect = decode_bytes(data, charset)
    if defect:
        content.defects.append(defect)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unflow(text: str, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed soft breaks so wrapped lines (e.g. "On … wrote:") are whole."""
    out: list[str] = []
    buffer = ""
    for raw_line in text.split("\n"):
        if raw_line == "-- ":
            if buffer:
                out.append(buffer)
                buffer = ""
            out.append(raw_line)
            continue
        line = raw_line[1:] if raw_line.startswith(" ") else raw_line  # space-stuffing
        if line.endswith(" ") and not line.startswith(">"):
            buffer += line[:-1] if delsp else line
        else:
            out.append(buffer + line)
            buffer = ""
    if buffer:
        out.append(buffer)
    return "\n".join(out)


def _attachment(part: Message, ctype: str, inline: bool, data: bytes | None = None) -> Attachment:
    blob = payload_bytes(part) if data is None else data
    return Attachment(
        filename=_filename(part) or "",
        content_type=ctype,
        size=len(blob),
        sha256=hashlib.sha256(blob).hexdigest(),
        inline=inline,
    )


def _embedded_message(part: Message, content: MimeContent) -> Message | None:
    try:
        payload = part.get_payload()
    except EMAIL_ERRORS:
        return None
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    data = payload_bytes(part)
    if not data.strip():
        return None
    content.defects.append("attached message not framed as MIME: parsed from its bytes")
    try:
        return email.message_from_bytes(
            data[: MAX_TEXT_PART_BYTES * 4], policy=email.policy.compat32
        )
    except (*EMAIL_ERRORS, RecursionError):
        return None


def _message_bytes(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=email.policy.compat32)
    except (*EMAIL_ERRORS, RecursionError):
        return b""


def _add_text(content: MimeContent, kind: str, text: str) -> None:
    if content.chars >= MAX_BODY_CHARS:
        content.defects.append("body text over the limit: the rest not read")
        return
    room = MAX_BODY_CHARS - content.chars
    if len(text) > room:
        content.defects.append("body text over the limit: cut")
        text = text[:room]
    content.chars += len(text)
    content.parts.append(TextPart(kind, text))


def _leaf_text(part: Message, ctype: str, content: MimeContent) -> None:
    text = _text_of(part, content)
    if ctype == "text/plain" and _HTML_LOOK.match(text):
        content.defects.append("HTML sent as text/plain")
        _add_text(content, "html", text)
        return
    if ctype == "text/html":
        _add_text(content, "html", text)
        return
    if ctype in {"text/enriched", "text/richtext"}:
        text = _ENRICHED_TAG.sub("", text)
    elif (_param(part, "format") or "").lower() == "flowed":
        text = _unflow(text, (_param(part, "delsp") or "").lower() == "yes")
    # No-break spaces (from clients that convert HTML) read as plain spaces everywhere after.
    _add_text(content, "plain", text.replace("\u00a0", " "))


def _is_body_text(part: Message, ctype: str, disposition: str) -> bool:
    if disposition == "attachment":
        return False
    if ctype in {"text/plain", "text/html"}:
        return True
    return ctype in {"text/enriched", "text/richtext"} and _filename(part) is None


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except EMAIL_ERRORS:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def plain_is_real(plain: str, html_text: str) -> bool:
    """Whether a text/plain alternative says the message, rather than being an empty or
    "view this in a browser" stub beside a fuller HTML part."""
    stripped = plain.strip()
    if not stripped:
        return False
    html_len = len(html_text.strip())
    if len(stripped) < 500 and _HTML_STUB.search(stripped) and html_len > 2 * len(stripped):
        return False
    return not (len(stripped) < 40 and html_len > 10 * len(stripped) + 200)


def _choose_alternative(children: list[Message], depth: int, content: MimeContent) -> None:
    options: list[MimeContent] = []
    for child in children:
        sub = MimeContent(part_count=content.part_count, chars=content.chars)
        _walk(child, depth + 1, sub)
        content.part_count = sub.part_count
        content.deepest = max(content.deepest, sub.deepest)
        content.overflowed = content.overflowed or sub.overflowed
        content.attachments.extend(sub.attachments)
        content.embedded.extend(sub.embedded)
        content.defects.extend(sub.defects)
        options.append(sub)
    plain = next((o for o in options if o.parts and all(p.kind == "plain" for p in o.parts)), None)
    rich = next((o for o in reversed(options) if any(p.kind == "html" for p in o.parts)), None)
    chosen: MimeContent | None
    if plain is not None and rich is not None:
        html_text = "\n".join(html_to_text(p.text)[0] for p in rich.parts if p.kind == "html")
        plain_text = "\n".join(p.text for p in plain.parts)
        chosen = plain if plain_is_real(plain_text, html_text) else rich
        # The HTML is kept for display even when the plain text is what we read.
        if chosen is plain:
            chosen = MimeContent(
                parts=[
                    *plain.parts,
                    *(TextPart("html-display", p.text) for p in rich.parts if p.kind == "html"),
                ]
            )
    else:
        chosen = plain or rich or next((o for o in options if o.parts), None)
    if chosen is not None:
        for text_part in chosen.parts:
            _add_text(content, text_part.kind, text_part.text)


_EMBEDDED_TYPES = frozenset({"message/rfc822", "message/global"})


def _walk(part: Message, depth: int, content: MimeContent) -> None:
    content.part_count += 1
    content.deepest = max(content.deepest, depth)
    if content.part_count > MAX_PARTS or depth > MAX_DEPTH:
        content.overflowed = True
        return
    ctype = _content_type(part)
    children = _children(part) if part.is_multipart() else []
    if ctype.startswith("multipart/"):
        _walk_multipart(part, ctype, children, depth, content)
    elif ctype in {"message/delivery-status", "message/global-delivery-status"}:
        # A delivery report outside multipart/report (some MTAs send it bare).
        content.report_type = content.report_type or "delivery-status"
        content.delivery_status.append(_delivery_status_text(part, content))
    elif ctype in _EMBEDDED_TYPES or (ctype.startswith("message/") and children):
        _walk_embedded(part, depth, content)
    else:
        disposition = _disposition(part)
        if _is_body_text(part, ctype, disposition):
            _leaf_text(part, ctype, content)
        else:
            content.attachments.append(_attachment(part, ctype, disposition == "inline"))


def _walk_multipart(
    part: Message, ctype: str, children: list[Message], depth: int, content: MimeContent
) -> None:
    """Read a multipart by its subtype: the best alternative, a related root with resources,
    a report, a signed or encrypted body with its signature listed, or every part in order."""
    if not children:
        if not part.is_multipart():
            content.defects.append(f"{ctype} without parts: read as text")
            _leaf_text(part, "text/plain", content)
    elif ctype == "multipart/alternative":
        _choose_alternative(children, depth, content)
    elif ctype == "multipart/related":
        _walk_root_then(children, depth, content, _walk_resource)
    elif ctype == "multipart/report":
        content.report_type = (_param(part, "report-type") or "").lower() or "unknown"
        for child in children:
            _walk_report_child(child, depth + 1, content)
    elif ctype in {"multipart/signed", "multipart/encrypted"}:
        _walk_root_then(children, depth, content, _list_attachment)
    else:
        for child in children:
            _walk(child, depth + 1, content)


def _walk_root_then(
    children: list[Message], depth: int, content: MimeContent,
    rest: Callable[[Message, int, MimeContent], None],
) -> None:
    """Read the first part as the body and hand the others to ``rest``."""
    _walk(children[0], depth + 1, content)
    for child in children[1:]:
        rest(child, depth + 1, content)


def _walk_resource(part: Message, depth: int, content: MimeContent) -> None:
    """A part of multipart/related after the root: an inline image or other resource."""
    content.part_count += 1
    if content.part_count > MAX_PARTS:
        content.overflowed = True
        return
    ctype = _content_type(part)
    if part.is_multipart():
        content.part_count -= 1
        _walk(part, depth, content)
        return
    content.attachments.append(_attachment(part, ctype, _disposition(part) != "attachment"))


def _list_attachment(part: Message, depth: int, content: MimeContent) -> None:
    content.part_count += 1
    if part.is_multipart() or content.part_count > MAX_PARTS:
        return
    content.attachments.append(_attachment(part, _content_type(part), inline=False))


def _walk_embedded(part: Message, depth: int, content: MimeContent) -> None:
    inner = _embedded_message(part, content)
    if inner is None:
        content.attachments.append(_attachment(part, _content_type(part), inline=False))
        return
    if len(content.embedded) < MAX_EMBEDDED:
        content.embedded.append(inner)
    subject = header_text(inner, "Subject") or "forwarded message"
    content.attachments.append(
        Attachment(
            filename=_filename(part) or f"{subject[:100]}.eml",
            content_type=_content_type(part),
            size=len(data := _message_bytes(inner)),
            sha256=hashlib.sha256(data).hexdigest(),
            inline=False,
        )
    )
    # The embedded message's own parts count against the limits too.
    parts, deepest = count_parts(inner, cap=MAX_PARTS + 1)
    content.part_count += parts - 1
    content.deepest = max(content.deepest, depth + 1 + deepest)
    if content.part_count > MAX_PARTS:
        content.overflowed = True


def _walk_report_child(part: Message, depth: int, content: MimeContent) -> None:
    ctype = _content_type(part)
    content.part_count += 1
    if content.part_count > MAX_PARTS:
        content.overflowed = True
        return
    if ctype in {"message/delivery-status", "message/global-delivery-status"}:
        content.delivery_status.append(_delivery_status_text(part, content))
        return
    if ctype in {"text/rfc822-headers", "text/global-headers"}:
        data = payload_bytes(part)[:MAX_TEXT_PART_BYTES]
        try:
            headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data)
        except EMAIL_ERRORS:
            return
        content.report_headers.append(headers)
        return
    if ctype in {"message/rfc822", "message/global"}:
        inner = _embedded_message(part, content)
        if inner is not None:
            content.report_embedded.append(inner)
        content.attachments.append(
            _attachment(part, ctype, inline=False, data=_message_bytes(inner) if inner else b"")
        )
        return
    content.part_count -= 1
    _walk(part, depth, content)


def _delivery_status_text(part: Message, content: MimeContent) -> str:
    # compat32 parses message/delivery-status into a list of header blocks.
    blocks = _children(part)
    if blocks:
        return "\n\n".join("\n".join(f"{k}: {v}" for k, v in block.items()) for block in blocks)
    return _text_of(part, content)


def collect_content(message: Message) -> MimeContent:
    """Walk ``message`` within the limits and gather what it holds; never raises on bad MIME
    (RecursionError from absurd nesting is left to the caller, which quarantines the message)."""
    content = MimeContent()
    _walk(message, 0, content)
    if content.overflowed:
        content.defects.append(
            f"MIME structure over the limits ({MAX_PARTS} parts, depth {MAX_DEPTH}): "
            "the rest not read"
        )
    return content


def count_parts(message: Message, cap: int = HARD_MAX_PARTS + 1) -> tuple[int, int]:
    """(number of parts, greatest depth) of the parsed tree, counting at most ``cap`` parts."""
    count = 0
    deepest = 0
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack and count < cap:
        part, depth = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(part))
    return count, deepest
