"""The value the parser produces from raw bytes: who wrote, when, what they newly said."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    """An attachment or inline part, listed but never opened or rendered."""

    filename: str
    content_type: str
    size: int
    sha256: str
    inline: bool = False


@dataclass(frozen=True)
class ParsedEmail:
    """Everything the pipeline needs from one message; built by ``ingest.parse.parse_email``.

    ``from_address``/``from_name``/``sent_at``/``subject`` describe the parent's own message: for a
    mail the helpline forwarded, those of the forwarded original, with the forwarder in
    ``via_address``. ``new_text`` is what the writer newly said (no quoted history, signature,
    disclaimer or forwarding wrapper); ``full_text`` is the whole body as text, for display.

    ``problem`` is set (a reason a person can read) only when the message is unusable (no
    headers, binary data, limits exceeded) and the worker quarantines it; repaired faults are
    listed in ``defects``. ``automatic``/``automatic_reason`` follow helpdesk-conventions 3.4;
    ``bounce`` is a failed-delivery report whose returned original's Message-ID is in
    ``bounced_message_ids``. ``case_token`` is the number of a ``[ST-<n>]`` subject tag;
    ``base_subject`` is the subject without Re/Fwd prefixes or that tag. ``header_subject``,
    ``header_from`` and ``header_date`` are the outer message's own; ``forwarder_note`` is what the
    helpline wrote above a forwarded original; ``sender`` is the outer Sender (or Resent-From);
    ``original_message_id`` is the Message-ID of a forwarded original attached as message/rfc822.
    """

    message_id: str | None
    subject: str
    from_address: str | None
    from_name: str | None
    sent_at: datetime | None
    new_text: str
    full_text: str
    header_from: str | None = None
    header_date: datetime | None = None
    via_address: str | None = None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    reply_to: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    thread_topic: str | None = None
    forwarded: bool = False
    automatic: bool = False
    automatic_reason: str | None = None
    bounce: bool = False
    bounced_message_ids: tuple[str, ...] = ()
    quoted_text: str = ""
    signature: str = ""
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = field(default_factory=tuple)
    problem: str | None = None
    case_token: int | None = None
    base_subject: str = ""
    header_subject: str = ""
    forwarder_note: str = ""
    sender: str | None = None
    original_message_id: str | None = None
