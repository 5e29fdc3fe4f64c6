"""Building the outgoing email for an approved draft: threading headers, signed Message-ID, UTF-8.

Follows helpdesk-conventions.md §3.3: In-Reply-To and a capped References chain so the reply
threads in the parent's mail client, Thread-Topic/Thread-Index for Outlook, and a Message-ID that
carries the case id with an HMAC so a reply to it can be trusted to belong to that case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import struct
from collections.abc import Sequence
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.message import Message as EmailMessageBase
from email.parser import BytesParser
from email.utils import format_datetime, formataddr, parseaddr
from typing import Final

from core.clock import utcnow
from core.errors import PermanentError
from core.mailconv import REPLY_SEPARATOR, base_subject
from core.settings import Settings
from storage.models import Draft, Message

MAX_REFERENCES: Final = 10
LOOP_HEADER: Final = "X-SendTriage-Draft"
_MAC_CHARS: Final = 16
_OUR_ID = re.compile(r"^<?st\.(\d+)\.(\d+)\.([0-9a-f]+)\.([0-9a-f]+)@([^>]+)>?$", re.I)
# FILETIME counts 100 ns ticks from 1601-01-01; Outlook's Thread-Index keeps its top 6 bytes.
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
# Only for writing out: the body was already encoded at 76 columns by ``policy.SMTP``.
_WIRE = policy.SMTP.clone(max_line_length=998)


def make_message_id(settings: Settings, case_id: int, draft_id: int) -> str:
    """A new ``<st.CASE.DRAFT.NONCE.MAC@domain>`` id; the MAC proves we made it for that case.

    Each call gives a different id (the nonce keeps ids unique across reinstalls, where case
    and draft numbers start again). Persist it before sending.
    """
    nonce = secrets.token_hex(6)
    mac = _mac(settings, case_id, draft_id, nonce)
    return f"<st.{case_id}.{draft_id}.{nonce}.{mac}@{settings.message_id_domain}>"


def verify_message_id(settings: Settings, value: str) -> tuple[int, int] | None:
    """``(case_id, draft_id)`` if ``value`` is a Message-ID we made (MAC checked), else None."""
    match = _OUR_ID.match(value.strip())
    if match is None or match.group(5).lower() != settings.message_id_domain.lower():
        return None
    case_id, draft_id, nonce, mac = (int(match.group(1)), int(match.group(2)),
                                     match.group(3).lower(), match.group(4).lower())
    if not hmac.compare_digest(mac, _mac(settings, case_id, draft_id, nonce)):
        return None
    return case_id, draft_id


def reference_chain(inbound: Message) -> tuple[str | None, list[str]]:
    """``(In-Reply-To, References)`` for a reply to ``inbound``, capped at ``MAX_REFERENCES``.

    The parent's own Message-ID comes last. For mail the helpline forwarded, the stored id is
    the forward's, which the parent never saw: the parent's original is used when the forward
    carried it as an attachment, else nothing. An id the ingest made up (the mail had none) is
    left out for the same reason.
    """
    if inbound.via_address:
        original = _inbound_headers(inbound).get("original-message-id")
        own = _bracketed(original) if original else None
        return own, [own] if own else []
    own = None if inbound.message_id_generated else _bracketed(inbound.message_id_header)
    chain = [_bracketed(r) for r in inbound.references or []]
    if not chain and inbound.in_reply_to:
        chain = [_bracketed(inbound.in_reply_to)]
    if own:
        chain.append(own)
    return own, cap_references([r for r in chain if r])


def cap_references(chain: Sequence[str], limit: int = MAX_REFERENCES) -> list[str]:
    """Duplicates removed; over ``limit``, keep the first (the thread root) and the newest."""
    unique = list(dict.fromkeys(chain))
    if len(unique) <= limit:
        return unique
    return [unique[0], *unique[-(limit - 1):]]


def build_reply(
    draft: Draft, inbound: Message, settings: Settings, *, now: datetime | None = None
) -> EmailMessage:
    """The email to send for ``draft``, answering ``inbound``, with the files attached to
    the draft; pure apart from the clock.

    The draft must already carry its outgoing Message-ID (claimed for sending). Raises
    ``PermanentError`` for a draft that cannot become a valid email (no Message-ID, a bad
    recipient address or a bad From setting): retrying would not help.
    """
    now = now or utcnow()
    if not draft.outgoing_message_id:
        raise PermanentError(f"draft {draft.id} has no outgoing Message-ID; claim it first")
    to_address = _clean_address(draft.to_address, "recipient")
    from_name, from_address = parseaddr(settings.reply_from)
    _clean_address(from_address, "SENDTRIAGE_REPLY_FROM")
    # A forward's Outlook headers describe the helpline's thread, not the parent's.
    headers = {} if inbound.via_address else _inbound_headers(inbound)

    if draft.in_reply_to or draft.references:
        in_reply_to = _bracketed(draft.in_reply_to) if draft.in_reply_to else None
        references = cap_references([_bracketed(r) for r in draft.references])
    else:
        in_reply_to, references = reference_chain(inbound)

    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = formataddr((from_name, from_address)) if from_name else from_address
    parent_name = inbound.from_name if (inbound.from_address or "").lower() == to_address.lower() \
        else None
    msg["To"] = formataddr((_one_line(parent_name), to_address)) if parent_name else to_address
    msg["Subject"] = _one_line(draft.subject) or "Re: your message"
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = draft.outgoing_message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    msg["Thread-Topic"] = _one_line(headers.get("thread-topic") or base_subject(draft.subject)
                                  or "SEND Advice Line")
    root = references[0] if references else draft.outgoing_message_id
    msg["Thread-Index"] = thread_index(headers.get("thread-index"), root, now)
    # Marks our own mail so it is never triaged if it loops back. Deliberately no
    # Auto-Submitted: a person approved this reply, so out-of-office replies may answer it.
    msg[LOOP_HEADER] = f"{draft.case_id}.{draft.id}"
    # Quoted-printable: safe through relays without 8BITMIME and for paragraph-long lines.
    msg.set_content(f"{REPLY_SEPARATOR}\n\n{draft.body.rstrip()}\n", subtype="plain",
                    charset="utf-8", cte="quoted-printable")
    for file in draft.attachments:
        # Type and name were checked when the adviser attached it (``replies.files``).
        maintype, _, subtype = file.content_type.partition("/")
        msg.add_attachment(file.data, maintype=maintype, subtype=subtype or "octet-stream",
                           filename=file.filename)
    return msg


def as_wire_bytes(msg: EmailMessage) -> bytes:
    """The bytes to hand to the relay: CRLF lines, headers not folded below 998 characters.

    Folding a long Message-ID onto a second line is legal, but some parsers then keep the
    leading space and the parent's reply no longer matches our stored id.
    """
    return msg.as_bytes(policy=_WIRE)


def thread_index(parent: str | None, root_id: str, now: datetime) -> str:
    """An Outlook Thread-Index: a child of ``parent`` when given, else a new conversation.

    Layout per MS-OXOMSG ConversationIndex: 22-byte header (6 bytes of FILETIME + a 16-byte
    GUID, here derived from the thread's root Message-ID so all our replies share it), then
    5 bytes per reply.
    """
    ticks = int((now.astimezone(UTC) - _FILETIME_EPOCH).total_seconds() * 10_000_000)
    if parent:
        try:
            blob = base64.b64decode(parent.strip(), validate=True)
        except ValueError:
            blob = b""
        if len(blob) >= 22 and (len(blob) - 22) % 5 == 0:
            header_ticks = int.from_bytes(blob[:6], "big") << 16
            delta = max(ticks - header_ticks, 0)
            if delta >> 49 == 0:
                block = (delta >> 18) & 0x7FFFFFFF
            else:
                block = 0x80000000 | ((delta >> 23) & 0x7FFFFFFF)
            child = struct.pack(">IB", block, secrets.randbelow(256))
            return base64.b64encode(blob + child).decode("ascii")
    guid = hashlib.md5(root_id.encode("utf-8"), usedforsecurity=False).digest()
    return base64.b64encode((ticks >> 16).to_bytes(6, "big") + guid).decode("ascii")


def _mac(settings: Settings, case_id: int, draft_id: int, nonce: str) -> str:
    key = settings.secret_key.get_secret_value().encode("utf-8")
    payload = f"st.{case_id}.{draft_id}.{nonce}".encode("ascii")
    return hmac.new(key, payload, hashlib.sha256).hexdigest()[:_MAC_CHARS]


def _bracketed(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    return value if value.startswith("<") else f"<{value.strip('<>')}>"


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _clean_address(value: str | None, what: str) -> str:
    address = (value or "").strip()
    if (not address or "@" not in address or any(c in address for c in "\r\n<>,;")
            or " " in address):
        raise PermanentError(f"the {what} address is not a valid email address")
    return address


def _inbound_headers(inbound: Message) -> dict[str, str]:
    """Outlook threading headers of the stored raw mail, and a forwarded original's Message-ID."""
    found: dict[str, str] = {}
    if not inbound.raw:
        return found
    try:
        parsed = BytesParser(policy=policy.compat32).parsebytes(inbound.raw)
    except (TypeError, ValueError, IndexError):
        return found
    for name in ("Thread-Topic", "Thread-Index"):
        value = parsed.get(name)
        if value:
            found[name.lower()] = " ".join(str(value).split())
    for part in parsed.walk():
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, EmailMessageBase) and inner.get("Message-ID"):
                found["original-message-id"] = str(inner.get("Message-ID")).strip()
                break
    return found
