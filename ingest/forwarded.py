"""Forwarded originals inside a body: the header block mail clients write above the forwarded text
(Gmail, Outlook desktop and web, Apple Mail, Thunderbird, Yahoo; English, German, French, Spanish,
Italian, Dutch, Portuguese, Scandinavian and Polish labels)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from core.mailconv import FORWARD_MARKER, ORIGINAL_MARKER, QUOTE_PREFIX, UNDERSCORE_LINE
from ingest.dates import parse_loose_date
from ingest.headers import clean_name, find_addresses
from ingest.htmltext import MARKS

# How far into a body we look for a forwarded block or quoted history.
MAX_SCAN_LINES = 5_000
MAX_CHECK_CHARS = 1_000

_KEYS: dict[str, frozenset[str]] = {
    "from": frozenset(
        {
            "from",
            "von",
            "de",
            "da",
            "van",
            "från",
            "fra",
            "od",
            "от",
            "lähettäjä",
            "feladó",
            "mittente",
            "remitente",
            "expéditeur",
            "absender",
            "afzender",
            "差出人",
            "发件人",
            "寄件者",
            "보낸 사람",
            "nadawca",
            "odesílatel",
        }
    ),
    "date": frozenset(
        {
            "date",
            "sent",
            "datum",
            "gesendet",
            "envoyé",
            "envoye",
            "enviado",
            "fecha",
            "data",
            "inviato",
            "verzonden",
            "skickat",
            "sendt",
            "wysłano",
            "dátum",
            "отправлено",
            "дата",
            "送信日時",
            "日付",
            "发送时间",
            "日期",
            "lähetetty",
            "gönderildi",
            "date d'envoi",
            "sent at",
            "enviada",
            "odesláno",
            "보낸 날짜",
        }
    ),
    "to": frozenset(
        {
            "to",
            "an",
            "à",
            "a",
            "para",
            "aan",
            "till",
            "til",
            "do",
            "кому",
            "宛先",
            "收件人",
            "destinatario",
            "destinataire",
            "empfänger",
            "vastaanottaja",
            "címzett",
            "komu",
            "받는 사람",
        }
    ),
    "cc": frozenset({"cc", "kopie", "copie", "cc'd", "kopia", "копия", "cci", "bcc"}),
    "subject": frozenset(
        {
            "subject",
            "betreff",
            "objet",
            "asunto",
            "oggetto",
            "onderwerp",
            "ämne",
            "emne",
            "temat",
            "assunto",
            "тема",
            "件名",
            "主题",
            "sujet",
            "tárgy",
            "aihe",
            "předmět",
            "제목",
        }
    ),
    "other": frozenset(
        {
            "reply-to",
            "antwort an",
            "répondre à",
            "importance",
            "priority",
            "attachments",
            "anlagen",
            "pièces jointes",
            "wichtigkeit",
            "return-path",
            "message-id",
            "organization",
        }
    ),
}
_KEY_OF = {name: kind for kind, names in _KEYS.items() for name in names}

_KEY_LINE = re.compile(
    r"^\s*\*{0,2}\s*([^\W\d_][\w\-' ]{0,24}?)\s*\*{0,2}\s*[:：]\s*\*{0,2}\s?(.*)$"
)
_BRACKETED_ADDRESS = re.compile(
    r"[<\[]\s*(?:mailto:)?([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,255})\s*[>\]]"
)


@dataclass(frozen=True)
class HeaderBlock:
    """A run of "Key: value" lines such as a client writes above forwarded or quoted mail."""

    start: int
    end: int  # index of the first line after the block
    fields: dict[str, str]
    quoted: bool


@dataclass(frozen=True)
class ForwardedOriginal:
    """The first forwarded message found in a body: its sender, date, subject and text."""

    from_address: str | None
    from_name: str | None
    sent_at: datetime | None
    date_text: str | None
    subject: str | None
    note: str
    body: str
    marker_line: int


def clean_line(line: str) -> str:
    """A line without marks, surrounding blanks or '>' quoting, for matching."""
    stripped = line.translate({ord(c): None for c in MARKS}).strip()
    return QUOTE_PREFIX.sub("", stripped).strip()


def key_of(line: str) -> tuple[str, str] | None:
    """(kind, value) when ``line`` is a header line of a known kind ('from', 'date', …)."""
    if len(line) > MAX_CHECK_CHARS:
        return None
    match = _KEY_LINE.match(clean_line(line))
    if not match:
        return None
    kind = _KEY_OF.get(match.group(1).strip().lower())
    if kind is None:
        return None
    return kind, match.group(2).strip().strip("*").strip()


def _is_blank(line: str) -> bool:
    return not clean_line(line)


def header_block_at(lines: list[str], start: int, *, required: int) -> HeaderBlock | None:
    """The header block beginning at ``lines[start]`` if it has a From line and at least
    ``required`` known fields in all; None otherwise."""
    fields: dict[str, str] = {}
    index = start
    last_kind: str | None = None
    quoted = (
        bool(QUOTE_PREFIX.match(lines[start].strip(MARKS + " \t")))
        if start < len(lines)
        else False
    )
    limit = min(len(lines), start + 40)
    while index < limit:
        line = lines[index]
        found = key_of(line)
        if found is not None:
            kind, value = found
            if kind in fields and kind != "other":
                break
            fields[kind] = value
            last_kind = kind
            index += 1
            continue
        if _is_blank(line):
            # Some clients put a blank line between header lines (one <p> each in HTML).
            following = _skip_blank(lines, index + 1, 2)
            next_key = key_of(lines[following]) if following is not None else None
            if following is not None and next_key is not None and next_key[0] not in fields:
                index = following
                continue
            break
        if last_kind in {"to", "cc"} or (
            last_kind == "from" and "@" not in fields["from"] and "@" in line
        ):
            fields[last_kind] = f"{fields[last_kind]} {clean_line(line)}"
            index += 1
            continue
        break
    if "from" not in fields or len(fields) < required:
        return None
    return HeaderBlock(start, index, fields, quoted)


def sender_of(value: str) -> tuple[str | None, str | None]:
    """(display name, address) from a forwarded block's From value, in any client's form:
    "Name <a@b>", "Name [mailto:a@b]", "Name <mailto:a@b>", "Name &lt;a@b&gt;", "a@b"."""
    text = html.unescape(value)
    # In "Name <a@b>" and Outlook's "Name [mailto:a@b]" the bracketed address is the real one,
    # even when the display name is itself an address.
    bracketed = _BRACKETED_ADDRESS.search(text)
    text = text.replace("mailto:", "")
    addresses = [bracketed.group(1)] if bracketed else find_addresses(text)
    if not addresses:
        return clean_name(text), None
    address = addresses[0]
    before = text[: bracketed.start()] if bracketed else text.split(address, 1)[0]
    name = clean_name(before.replace('"', " ")) if before.strip(" <[(\"'") else None
    if name and name.lower().endswith(" on behalf of"):
        name = name[: -len(" on behalf of")]
    return name, address.lower()


def _unquote(lines: list[str]) -> list[str]:
    return [
        QUOTE_PREFIX.sub("", line, count=1) if line.lstrip().startswith(">") else line
        for line in lines
    ]


def _skip_blank(lines: list[str], index: int, limit: int) -> int | None:
    for j in range(index, min(len(lines), index + limit)):
        if not _is_blank(lines[j]):
            return j
    return None


def find_forward(text: str, *, explicit_only: bool) -> ForwardedOriginal | None:
    """The first forwarded original in ``text``.

    With ``explicit_only`` only a forwarding line ("---------- Forwarded message ---------", "Begin
    forwarded message:" and translations) counts; otherwise also Outlook's "-----Original
    Message-----" or underscore separator and a bare From/Sent/To/Subject block. None if none.
    """
    lines = text.split("\n")
    limit = min(len(lines), MAX_SCAN_LINES)
    for index in range(limit):
        line = lines[index]
        if len(line) > MAX_CHECK_CHARS or _is_blank(line):
            continue
        cleaned = clean_line(line)
        block: HeaderBlock | None = None
        if FORWARD_MARKER.match(cleaned):
            first = _skip_blank(lines, index + 1, 4)
            block = header_block_at(lines, first, required=1) if first is not None else None
            if block is None:
                continue
        elif explicit_only:
            continue
        elif ORIGINAL_MARKER.match(cleaned) or UNDERSCORE_LINE.match(line):
            first = _skip_blank(lines, index + 1, 3)
            block = header_block_at(lines, first, required=2) if first is not None else None
            if block is None:
                continue
        else:
            found = key_of(line)
            if found is None or found[0] != "from":
                continue
            block = header_block_at(lines, index, required=3)
            if block is None:
                continue
        return _original(lines, index, block)
    return None


def _original(lines: list[str], marker: int, block: HeaderBlock) -> ForwardedOriginal:
    name, address = sender_of(block.fields.get("from", ""))
    date_text = block.fields.get("date")
    body_lines = lines[block.end :]
    if block.quoted:
        body_lines = _unquote(body_lines)
    subject = block.fields.get("subject")
    return ForwardedOriginal(
        from_address=address,
        from_name=name,
        sent_at=parse_loose_date(date_text) if date_text else None,
        date_text=date_text,
        subject=html.unescape(subject).strip() if subject else None,
        note="\n".join(lines[:marker]).strip("\n"),
        body="\n".join(body_lines).strip("\n"),
        marker_line=marker,
    )
