"""Bytes to text under declared, wrong, missing or unknown charsets with fallbacks; never raises."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Names mail clients write that Python does not know, or knows as a narrower charset than the
# senders really used (FreeScout's table, plus the WHATWG rule that latin-1 labels mean cp1252).
_ALIASES: dict[str, tuple[str, ...]] = {
    # iso-2022-jp mail from Windows carries NEC/IBM extensions (row 13: ①, №, ㈱), which no
    # Python ISO-2022 codec knows: CP50220 reads them through cp932. If even that refuses the
    # text, it was Shift_JIS mislabelled, hence cp932 last.
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004",
                    "cp50220", "cp932"),
    "iso2022jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "cp50220", "cp932"),
    "shift_jis": ("cp932", "shift_jis"),
    "shift-jis": ("cp932", "shift_jis"),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "euc-jp": ("euc_jp", "euc_jis_2004", "cp932"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "x-gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "euc-cn": ("gb18030",),
    "big5": ("big5hkscs", "cp950"),
    "ks_c_5601-1987": ("cp949",),
    "ks_c_5601": ("cp949",),
    "ks_c_5601-1989": ("cp949",),
    "euc-kr": ("cp949",),
    "unicode-1-1-utf-7": ("utf-7",),
    "x-unicode-1-1-utf-7": ("utf-7",),
    "utf7": ("utf-7",),
    "utf8": ("utf-8",),
    "x-utf8": ("utf-8",),
    "iso-8859-1": ("cp1252", "latin-1"),
    "iso8859-1": ("cp1252", "latin-1"),
    "iso_8859-1": ("cp1252", "latin-1"),
    "latin1": ("cp1252", "latin-1"),
    "latin-1": ("cp1252", "latin-1"),
    "us-ascii": ("ascii",),
    "ascii": ("ascii",),
    "ansi_x3.4-1968": ("ascii",),
    "iso-8859-8-i": ("iso8859_8",),
    "iso-8859-6-i": ("iso8859_6",),
    "x-mac-cyrillic": ("mac_cyrillic",),
    "x-mac-roman": ("mac_roman",),
    "windows-874": ("cp874",),
    "tis-620": ("cp874",),
    "iso-8859-11": ("cp874",),
}

# Charsets whose every byte string decodes "successfully", so a strict decode proves nothing.
_SINGLE_BYTE = re.compile(r"^(ascii|latin-1|cp125\d|iso8859_\d+|mac_\w+|koi8_\w|cp\d{3})$")

# Lone UTF-16 surrogates, which some decoders (UTF-7) produce and no encoder accepts.
_SURROGATE = re.compile("[\ud800-\udfff]")

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_CHARSET_NAME = re.compile(r"[a-z0-9_.:\-]{1,40}")


def _python_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def candidate_codecs(declared: str | None) -> tuple[str, ...]:
    """The Python codecs to try, best first, for a declared MIME charset name (None if unusable)."""
    if not declared:
        return ()
    name = declared.strip().strip("\"'").strip().lower()
    if not _CHARSET_NAME.fullmatch(name):
        return ()
    if name in _ALIASES:
        return _ALIASES[name]
    codec = _python_codec(name)
    if codec is None:
        return ()
    if codec in {"gb2312", "gbk"}:
        return ("gb18030",)
    return (codec,)


def _is_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(data: bytes) -> str | None:
    # charset-normalizer is slow on big inputs and only needs a sample to decide.
    sample = data[:65536]
    try:
        best = from_bytes(sample).best()
    except (ValueError, LookupError, TypeError, RuntimeError):
        return None
    if best is None:
        return None
    codec = _python_codec(best.encoding)
    if codec and codec.startswith(("utf_16", "utf_32")) and not data.startswith(_BOMS):
        # Any even-length byte string "decodes" as UTF-16; without a BOM it is a wrong guess.
        return None
    return codec


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few broken sequences (a truncated header, one stray byte)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 2 and bad <= max(2, good // 10)


_UNICODE_CODECS = frozenset({"utf-8", "utf_8", "utf-16", "utf_16", "utf-32", "utf_32"})


def _decode(data: bytes, declared: str | None) -> tuple[str, str | None]:
    defect: str | None = None
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        defect = "NUL bytes removed from text"
    codecs_to_try = candidate_codecs(declared)
    if declared and not codecs_to_try:
        defect = f"unknown charset {declared.strip()[:40]!r}; guessed"
    text, mislabel = _decode_as_declared(data, codecs_to_try)
    if text is not None:
        relabelled = f"declared {declared!s:.40} but body is UTF-8" if mislabel else None
        return text, defect or relabelled
    if codecs_to_try:
        defect = defect or f"body does not decode as declared charset {declared!s:.40}"
    return _decode_undeclared(data, codecs_to_try), defect


def _decode_as_declared(data: bytes, codecs_to_try: tuple[str, ...]) -> tuple[str | None, bool]:
    """(text, whether UTF-8 overrode a wrong label), or (None, False) when nothing declared fits.

    ASCII needs no decoding, unless declared in a 7-bit encoding (ISO-2022-JP, UTF-7); a valid
    multi-byte UTF-8 body wins over a declared single-byte or CJK charset.
    """
    seven_bit_codec = any(c.startswith(("iso2022", "hz", "utf-7", "utf_7")) for c in codecs_to_try)
    if data.isascii() and not seven_bit_codec:
        return data.decode("ascii"), False
    if codecs_to_try and _is_utf8_with_multibyte(data) and codecs_to_try[0] not in _UNICODE_CODECS:
        return data.decode("utf-8"), True
    for codec in codecs_to_try:
        try:
            return (decode_cp50220(data) if codec == "cp50220" else data.decode(codec)), False
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    return None, False


# ISO-2022-JP designations: ESC ( B / ESC ( J one byte, ESC $ @ / ESC $ B two bytes (JIS X 0208),
# ESC ( I half-width katakana.
_ISO2022JP_RUN = re.compile(rb"\x1b(\(B|\(J|\$@|\$B|\(I)")


def _jis_to_sjis(first: int, second: int) -> bytes:
    """One JIS X 0208 code (two 7-bit bytes) as its Shift_JIS bytes (the standard mapping)."""
    if first & 1:
        low = second + 0x1F
        low += low >= 0x7F
    else:
        low = second + 0x7E
    high = ((first - 0x21) >> 1) + 0x81
    high += 0x40 if high > 0x9F else 0
    return bytes((high, low))


def decode_cp50220(data: bytes) -> str:
    """ISO-2022-JP read as Microsoft's CP50220 does: each JIS code mapped to Shift_JIS and the
    whole decoded as cp932, which holds the NEC and IBM extensions. Raises ``UnicodeDecodeError``
    for bytes that are not ISO-2022-JP. Pure."""
    out = bytearray()
    mode = b"(B"
    pos = 0
    for part in _ISO2022JP_RUN.split(data):
        pos += 1
        if pos % 2 == 0:
            mode = part
            continue
        if mode in (b"$@", b"$B"):
            if len(part) % 2 or any(not 0x21 <= b <= 0x7E for b in part):
                raise UnicodeDecodeError("cp50220", data, 0, len(data), "bad two-byte run")
            for i in range(0, len(part), 2):
                out += _jis_to_sjis(part[i], part[i + 1])
        elif mode == b"(I":
            out += bytes(b + 0x80 if 0x21 <= b <= 0x5F else b for b in part)
        else:
            if not part.isascii() or b"\x1b" in part:
                raise UnicodeDecodeError("cp50220", data, 0, len(data), "not ISO-2022-JP")
            out += part
    return out.decode("cp932")


def _decode_undeclared(data: bytes, codecs_to_try: tuple[str, ...]) -> str:
    """UTF-8, a charset-normalizer guess, the declared charset with bad bytes marked, then
    cp1252, which decodes anything."""
    if _is_utf8_with_multibyte(data):
        return data.decode("utf-8")
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    guessed = _guess(data)
    attempts: list[tuple[str, str]] = []
    if guessed is not None and not _SINGLE_BYTE.match(guessed):
        attempts.append((guessed, "strict"))
    if codecs_to_try and codecs_to_try[0] != "ascii":
        # The declared charset nearly fits: keep it, marking the few bad bytes.
        attempts.append((codecs_to_try[0], "replace"))
    if guessed is not None:
        attempts.append((guessed, "strict"))
    for codec, errors in attempts:
        try:
            return data.decode(codec, errors=errors)
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    return data.decode("cp1252", errors="replace")


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode ``data`` (declared charset ``declared``) to text; return (text, defect or None).

    Order: a valid UTF-8 body wins over a declared single-byte or CJK charset (the commonest
    mislabel), then the declared charset and its known supersets, then UTF-8, then a guess by
    charset-normalizer, then cp1252, which decodes anything. NUL bytes are dropped and lone
    surrogates replaced, so the text always encodes as UTF-8. Pure and safe to call again.
    """
    text, defect = _decode(data, declared)
    if _SURROGATE.search(text):
        return _SURROGATE.sub("\ufffd", text), defect or "undecodable sequences replaced"
    return text, defect
