"""MIME parsing: raw RFC 5322 bytes to a ``ParsedEmail`` value. Pure, never raises on bad mail."""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from email.message import EmailMessage, Message

from inscriptis import get_text

from ingest.message import Attachment, ParsedEmail

AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def _header(msg: Message, name: str) -> str | None:
    try:
        value = msg.get(name)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    return None if value is None else str(value).strip()


def _address(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    name, addr = email.utils.parseaddr(value)
    return (name or None), (addr.lower() or None)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _decode_part(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _walk(msg: Message) -> Iterable[Message]:
    try:
        yield from msg.walk()
    except (RecursionError, AttributeError):
        yield msg


def _ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(tok for tok in value.replace(",", " ").split() if tok.startswith("<"))


def detect_automatic(msg: Message) -> str | None:
    """The reason a message is automatic mail (RFC 3834 and common practice), or None."""
    auto = (_header(msg, "Auto-Submitted") or "").lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-AutoReply-From"):
        if _header(msg, name) is not None:
            return name
    precedence = (_header(msg, "Precedence") or _header(msg, "X-Precedence") or "").lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    if _header(msg, "List-Id") or _header(msg, "List-Unsubscribe"):
        return "mailing list"
    if msg.get_content_type() == "multipart/report":
        return "delivery status report"
    _, sender = _address(_header(msg, "From"))
    if sender and sender.split("@")[0] in {"mailer-daemon", "postmaster"}:
        return "mailer-daemon sender"
    return None


def parse_email(raw: bytes, forwarder_addresses: frozenset[str] = frozenset()) -> ParsedEmail:
    """Parse ``raw`` into a ``ParsedEmail``; bad input degrades to empty fields, never raises."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    for part in _walk(msg):
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get("Content-Disposition") or "").lower()
        if "attachment" in disposition or part.get_filename():
            data = part.get_payload(decode=True)
            blob = data if isinstance(data, bytes) else b""
            attachments.append(Attachment(
                filename=part.get_filename() or "", content_type=ctype, size=len(blob),
                sha256=hashlib.sha256(blob).hexdigest(), inline="inline" in disposition))
        elif ctype == "text/plain":
            plain.append(_decode_part(part))
        elif ctype == "text/html":
            html.append(_decode_part(part))
    html_text = "\n".join(html) or None
    body = "\n".join(plain).strip() or (get_text(html_text).strip() if html_text else "")
    from_name, from_addr = _address(_header(msg, "From"))
    sent = _date(_header(msg, "Date"))
    reason = detect_automatic(msg)
    return ParsedEmail(
        message_id=_header(msg, "Message-ID"),
        subject=_header(msg, "Subject") or "",
        from_address=from_addr,
        from_name=from_name,
        sent_at=sent,
        new_text=body,
        full_text=body,
        header_from=from_addr,
        header_date=sent,
        in_reply_to=_header(msg, "In-Reply-To"),
        references=_ids(_header(msg, "References")),
        automatic=reason is not None,
        automatic_reason=reason,
        html=html_text,
        attachments=tuple(attachments),
    )


def as_email_message(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]
