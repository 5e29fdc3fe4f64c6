"""Header values made usable: RFC 2047 and raw 8-bit decoding, addresses, Message-IDs.

Subject prefixes and our case tag are mail conventions: see ``core.mailconv``.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass
from email.errors import MessageError
from email.message import Message

from ingest.charsets import decode_bytes

# What the standard library's email API raises on malformed input.
EMAIL_ERRORS = (
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    LookupError,
    UnicodeError,
    MessageError,
)

# Longest header value we look at; longer values are cut (a From or Subject never needs more).
MAX_HEADER_CHARS = 16_384
MAX_REFERENCES = 64

_ENCODED_WORD = re.compile(r"=\?([^?\s*]{1,40})(?:\*[^?\s]{0,20})?\?([bBqQ])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n[ \t]|\r[ \t]")
_BETWEEN_WORDS = re.compile(r"[ \t\r\n]*")
_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}"
    r"[A-Za-z0-9-]{1,63}"
)
_LOOSE_EMAIL = re.compile(r"[^\s<>()\[\],;:\"@]{1,64}@[^\s<>()\[\],;:\"@]{1,255}")
_ANGLE_ADDRESS = re.compile(r"<\s*(?:mailto:)?([^<>\s@]{1,64}@[^<>\s@]{1,255})\s*>")
_COMMENT = re.compile(r"\(([^()]{0,200})\)")
_MSG_ID = re.compile(r"<([^<>\s]{1,900})>")
_BARE_MSG_ID = re.compile(r"[^<>\s@]{1,400}@[^<>\s@]{1,400}")
_SPACES = re.compile(r"\s+")


def raw_header(msg: Message, name: str) -> str | None:
    """The first ``name`` header as stored (unfolded, 8-bit bytes kept as surrogates), or None."""
    wanted = name.lower()
    try:
        items = msg.raw_items()
        for key, value in items:
            if isinstance(key, str) and key.lower() == wanted:
                return _FOLD.sub(" ", str(value)[:MAX_HEADER_CHARS]).strip()
    except EMAIL_ERRORS:
        return None
    return None


def raw_headers(msg: Message, name: str) -> list[str]:
    """Every ``name`` header as stored, in order."""
    wanted = name.lower()
    found: list[str] = []
    try:
        for key, value in msg.raw_items():
            if isinstance(key, str) and key.lower() == wanted:
                found.append(_FOLD.sub(" ", str(value)[:MAX_HEADER_CHARS]).strip())
    except EMAIL_ERRORS:
        return found
    return found


def has_header(msg: Message, name: str) -> bool:
    return raw_header(msg, name) is not None


def _undo_8bit(value: str) -> str:
    """Raw 8-bit header bytes (kept as surrogates by the parser) as text: UTF-8 or a legacy set."""
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value
    text, _ = decode_bytes(data, "utf-8")
    return text


def _decode_q(text: str) -> bytes:
    data = text.replace("_", " ").encode("ascii", "replace")
    return _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _decode_b(text: str) -> bytes:
    cleaned = text.rstrip("=")
    cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
    try:
        return binascii.a2b_base64(cleaned + "==")
    except (binascii.Error, ValueError):
        return b""


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words, joining adjacent ones (and multibyte characters split across
    them)."""
    out: list[str] = []
    pos = 0
    pending: bytearray = bytearray()
    pending_charset: str | None = None

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending_charset is not None:
            out.append(decode_bytes(bytes(pending), pending_charset)[0])
        pending = bytearray()
        pending_charset = None

    for match in _ENCODED_WORD.finditer(value):
        gap = value[pos : match.start()]
        if pending_charset is None or not _BETWEEN_WORDS.fullmatch(gap):
            flush()
            out.append(gap)
        charset, kind, payload = match.group(1).lower(), match.group(2).lower(), match.group(3)
        data = _decode_q(payload) if kind == "q" else _decode_b(payload)
        if pending_charset is not None and charset != pending_charset:
            flush()
        pending_charset = charset
        pending.extend(data)
        pos = match.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


def decode_header_text(value: str | None) -> str:
    """A header value as readable text: unfolded, 8-bit and RFC 2047 decoded, controls removed."""
    if not value:
        return ""
    text = decode_words(_undo_8bit(value))
    # Controls (an encoded CR LF) and lone surrogates never reach a one-line header value.
    printable = "".join(
        ch if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else " " for ch in text
    )
    return _SPACES.sub(" ", printable).strip()


def header_text(msg: Message, name: str) -> str | None:
    raw = raw_header(msg, name)
    return None if raw is None else decode_header_text(raw)


def find_addresses(value: str) -> list[str]:
    return [m.group(0) for m in _EMAIL.finditer(value[:MAX_HEADER_CHARS])]


@dataclass
class _Nesting:
    """Where a character of an address list stands: in quotes, angle brackets or a comment."""

    quoted: bool = False
    angle: int = 0
    comment: int = 0
    escaped: bool = False

    def separates(self, ch: str) -> bool:
        """Move past ``ch``; True when it is a comma or semicolon at the top level."""
        if self.escaped:
            self.escaped = False
        elif ch == "\\" and self.quoted:
            self.escaped = True
        elif ch == '"' and not self.comment:
            self.quoted = not self.quoted
        elif not self.quoted:
            return self._bracket(ch)
        return False

    def _bracket(self, ch: str) -> bool:
        if ch == "<":
            self.angle += 1
        elif ch == ">" and self.angle:
            self.angle -= 1
        elif ch == "(":
            self.comment += 1
        elif ch == ")" and self.comment:
            self.comment -= 1
        else:
            return ch in ",;" and not self.angle and not self.comment
        return False


def _top_level_chunks(text: str) -> list[str]:
    """Split an address list on commas outside quotes, angle brackets and comments."""
    chunks: list[str] = []
    current: list[str] = []
    nesting = _Nesting()
    for ch in text:
        if nesting.separates(ch):
            chunks.append("".join(current))
            current = []
        else:
            current.append(ch)
    chunks.append("".join(current))
    return [c for c in (chunk.strip() for chunk in chunks) if c]


def _chunk_pairs(chunk: str) -> list[tuple[str | None, str]]:
    angled = _ANGLE_ADDRESS.search(chunk)
    if angled:
        name = chunk[: angled.start()]
        if ":" in name and not name.lstrip().startswith('"') and "=?" not in name:
            name = name.split(":", 1)[1]  # a group's label ("Parents: Jo <jo@x>")
        return [(clean_name(decode_header_text(name)), angled.group(1).lower())]
    found = list(_LOOSE_EMAIL.finditer(chunk))
    if len(found) == 1:
        comment = _COMMENT.search(chunk)
        name = comment.group(1) if comment else chunk[: found[0].start()].rsplit(":", 1)[-1]
        return [(clean_name(decode_header_text(name)), found[0].group(0).lower())]
    return [(None, match.group(0).lower()) for match in found]


def parse_addresses(value: str | None) -> list[tuple[str | None, str]]:
    """(display name, lower-cased address) pairs from an address header, in order.

    Tolerant where the standard parser is strict: addresses standing in for display names
    ("alice@example.com <bob@example.com>" is bob), missing commas, unquoted commas in encoded
    names, raw UTF-8, domains without a dot (root@localhost).
    """
    if not value:
        return []
    text = _undo_8bit(value)
    pairs: list[tuple[str | None, str]] = []
    for chunk in _top_level_chunks(text):
        pairs.extend(_chunk_pairs(chunk))
        if len(pairs) >= 500:
            break
    return pairs


def clean_name(name: str | None) -> str | None:
    """A display name without quotes, brackets, stray 'mailto:' or an address standing in for it."""
    if not name:
        return None
    cleaned = name.replace("mailto:", " ").strip().strip("\"'*<>[]() \t").strip()
    cleaned = _SPACES.sub(" ", cleaned)
    if not cleaned or _EMAIL.fullmatch(cleaned):
        return None
    return cleaned[:200]


def first_address(msg: Message, name: str) -> tuple[str | None, str | None]:
    """(display name, address) of the first address in header ``name``; (None, None) if none."""
    for raw in raw_headers(msg, name):
        pairs = parse_addresses(raw)
        if pairs:
            return pairs[0]
    return None, None


def all_addresses(msg: Message, name: str) -> tuple[str, ...]:
    found: list[str] = []
    for raw in raw_headers(msg, name):
        found.extend(addr for _, addr in parse_addresses(raw))
    return tuple(dict.fromkeys(found))[:200]


def normalise_message_id(value: str | None) -> str | None:
    """``<local@domain>`` with the domain lower-cased from a Message-ID-like value; else None."""
    if not value:
        return None
    text = _undo_8bit(value)
    match = _MSG_ID.search(text)
    if match:
        inner = match.group(1)
    else:
        bare = _BARE_MSG_ID.search(text)
        if not bare:
            return None
        inner = bare.group(0)
    if "@" in inner:
        local, _, domain = inner.rpartition("@")
        inner = f"{local}@{domain.lower()}"
    return f"<{inner}>"


def message_id_list(value: str | None) -> tuple[str, ...]:
    """All Message-IDs in a References/In-Reply-To value, oldest first, duplicates dropped."""
    if not value:
        return ()
    ids: list[str] = []
    for match in _MSG_ID.finditer(_undo_8bit(value)):
        normal = normalise_message_id(match.group(0))
        if normal:
            ids.append(normal)
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_REFERENCES:
        # Keep the thread's root and the newest ones, as RT caps References.
        unique = [unique[0], *unique[-(MAX_REFERENCES - 1) :]]
    return tuple(unique)


def message_id_domain(message_id: str | None) -> str | None:
    if not message_id or "@" not in message_id:
        return None
    return message_id.rstrip(">").rpartition("@")[2].lower() or None
