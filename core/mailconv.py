"""Mail conventions, defined once for ingest, classify and replies: subject prefixes, our case
tag, the separator our replies carry, and the marks mail clients put around quoted, forwarded
and signed text. Pure (patterns and string functions only)."""

from __future__ import annotations

import re
from typing import Final

# --- subjects --------------------------------------------------------------------------------

# Reply and forward prefixes as mail clients write them in several languages, optionally
# counted ("Re[2]:", "RE(3):"), with an ASCII or a full-width colon.
REPLY_WORDS: Final = ("re", "aw", "sv", "vs", "antw", "odp", "ynt", "res", "r", "rif")
FORWARD_WORDS: Final = ("fwd", "fw", "wg", "tr", "rv", "enc", "i", "doorst", "pd", "vb")
_COUNTED_COLON: Final = r"(?:\s?\[\d{1,4}\]|\s?\(\d{1,4}\))?\s?[:：]"
SUBJECT_PREFIX: Final = re.compile(
    rf"^\s*(?:(?:{'|'.join(REPLY_WORDS + FORWARD_WORDS)}){_COUNTED_COLON}\s*)", re.IGNORECASE
)
REPLY_PREFIX: Final = re.compile(rf"^\s*(?:{'|'.join(REPLY_WORDS)}){_COUNTED_COLON}", re.IGNORECASE)
# A forward prefix, possibly after a list tag ("[parents] Fwd:"), or the old "[Fwd: ...]".
FORWARD_PREFIX: Final = re.compile(
    rf"^\s*(?:\[[^\[\]]{{0,60}}\]\s*)?(?:{'|'.join(FORWARD_WORDS)})\s?[:：]|^\s*\[fwd?:",
    re.IGNORECASE,
)
# An old forward style: the whole subject in brackets, "[Fwd: the original subject]".
_BRACKET_FORWARD: Final = re.compile(r"^\s*\[fwd?:\s*(.*)\]\s*$", re.IGNORECASE | re.DOTALL)
_SPACES: Final = re.compile(r"\s+")
_MAX_PREFIXES: Final = 20


def strip_subject_prefixes(subject: str) -> str:
    """``subject`` without its reply and forward prefixes ("Re: AW: Fwd: x" and "[Fwd: x]")."""
    text = subject
    for _ in range(_MAX_PREFIXES):
        stripped = SUBJECT_PREFIX.sub("", text, count=1)
        bracketed = _BRACKET_FORWARD.match(stripped)
        if bracketed:
            stripped = bracketed.group(1)
        stripped = stripped.strip()
        if stripped == text.strip():
            break
        text = stripped
    return _SPACES.sub(" ", text).strip()


def base_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and without our case tag, for comparing
    subjects across a thread and for answering under the same one."""
    return strip_subject_prefixes(CASE_TAG.sub(" ", subject or ""))


def is_reply_subject(subject: str) -> bool:
    """Whether the subject starts with a reply prefix (Re, AW, SV, VS, Antw, ...)."""
    return REPLY_PREFIX.match(subject) is not None


def is_forward_subject(subject: str) -> bool:
    """Whether the subject starts with a forwarding prefix (Fwd, FW, WG, TR, RV, I, Enc, ...)."""
    return FORWARD_PREFIX.match(subject) is not None


# --- our case tag ----------------------------------------------------------------------------

# Our replies' subjects end with "[ST-<case id>]"; a parent's answer keeps it, which threads it
# to the case even when a mail client dropped In-Reply-To and References.
CASE_TAG: Final = re.compile(r"\[\s*ST-(\d{1,9})\s*\]", re.IGNORECASE)


def case_tag(case_id: int) -> str:
    """The tag our reply subjects carry for case ``case_id``: ``[ST-<case id>]``."""
    return f"[ST-{case_id}]"


def find_case_tag(subject: str) -> int | None:
    """The case number in a ``[ST-<number>]`` subject tag, or None."""
    match = CASE_TAG.search(subject)
    return int(match.group(1)) if match else None


# --- our reply separator ---------------------------------------------------------------------

# The first line of every reply we send; in a parent's answer, everything below it is our own
# text coming back (helpdesk-conventions §3.6).
REPLY_SEPARATOR: Final = "-- Please reply above this line --"
REPLY_SEPARATOR_LINE: Final = re.compile(
    r"^-*\s*please reply above this line\s*-*$", re.IGNORECASE
)

# --- bodies ----------------------------------------------------------------------------------

_HTML_TAG: Final = re.compile(r"<(?:html|body|div|p|br|table|span)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a body meant as plain text carries HTML markup (some senders label it so)."""
    return _HTML_TAG.search(text) is not None


# --- quoted, forwarded and signed text -------------------------------------------------------

# ">" quoting, possibly nested ("> > text").
QUOTE_PREFIX: Final = re.compile(r"^(?:[ \t]*>)+[ \t]?")


def is_quoted(line: str) -> bool:
    """Whether ``line`` is ">"-quoted."""
    return line.lstrip(" \t").startswith(">")


# The line mail clients write above a forwarded message, in several languages.
FORWARD_MARKER: Final = re.compile(
    r"^[\s>*]*-{2,}\s*(?:forwarded message|forwarded e-?mail|weitergeleitete nachricht"
    r"|message transf[ée]r[ée]|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht"
    r"|vidarebefordrat meddelande|videresendt (?:melding|meddelelse)|mensagem encaminhada"
    r"|przekazana wiadomość|пересылаемое сообщение)\s*-*\s*$"
    r"|^[\s>*]*(?:begin forwarded message|anfang der weitergeleiteten nachricht"
    r"|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|inicio del mensaje reenviado"
    r"|inizio messaggio inoltrato|begin doorgestuurd bericht|in[íi]cio da mensagem encaminhada"
    r"|vidarebefordrat brev|forwarded message)\s*:\s*$",
    re.IGNORECASE,
)
# Outlook's line above the message it answers or forwards.
ORIGINAL_MARKER: Final = re.compile(
    r"^[\s>*]*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine"
    r"|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande"
    r"|opprinnelig melding|oryginalna wiadomość|исходное сообщение|mensagem original"
    r"|reply message|original)\s*-{2,}\s*$",
    re.IGNORECASE,
)
# Outlook's rule above a From:/Sent: block.
UNDERSCORE_LINE: Final = re.compile(r"^[\s>]*_{20,}\s*$")
# "-- " (RFC 3676), and the "--" and "__" people type.
SIGNATURE_DELIMITER: Final = re.compile(r"^(?:-- ?|--|__)\s*$")
# "Sent from my iPhone" and its kin, in several languages.
DEVICE_LINE: Final = re.compile(
    r"^(?:sent from (?:my |the )?(?:iphone|ipad|android|samsung|galaxy|blackberry|mobile|phone"
    r"|htc|huawei|xiaomi|pixel|smartphone|sony|lg|motorola|nokia|oneplus)[\w ,.\-]{0,60}"
    r"|sent from (?:mail|outlook|yahoo mail|aol|gmail|proton ?mail) for [\w ]{1,30}"
    r"|sent from (?:yahoo mail|outlook|gmail|aol mail|proton ?mail)[\w ,.\-]{0,40}"
    r"|sent via [\w ]{1,40}|sent using [\w ]{1,40}"
    r"|get outlook for (?:ios|android)[\w ]{0,20}"
    r"|von meinem [\w ]{1,40} gesendet|envoy[ée] de mon [\w ]{1,40}|enviado desde mi [\w ]{1,40}"
    r"|inviato da(?:l mio)? [\w ]{1,40}|verzonden (?:vanaf|met) mijn [\w ]{1,40}"
    r"|skickat från min [\w ]{1,40}|enviado do meu [\w ]{1,40}|sendt fra min [\w ]{1,40}"
    r"|typed on a mobile device[\w ,.]{0,40}|please excuse (?:my )?(?:brevity|typos)[\w ,.]{0,40})"
    r"\s*[.!]?$",
    re.IGNORECASE,
)
# Closing words people sign off with ("Kind regards", "Thanks", "Mit freundlichen Grüßen").
SIGN_OFF_WORDS: Final = (
    r"(?:kind(?:est)?|best|warm(?:est)?|many|with)\s+(?:regards|wishes|thanks)"
    r"|regards|best|best wishes|many thanks|thanks(?: so much| very much| again| in advance)?"
    r"|thank you(?: so much| very much| again| in advance)?|thankyou|thx|cheers|ta|warmly"
    r"|yours(?: sincerely| faithfully| truly)?|sincerely|all the best|love|take care|speak soon"
    r"|mit freundlichen grüßen|viele grüße|liebe grüße|grüße|cordialement|bien à vous"
    r"|saludos|un saludo|cordiali saluti|saluti|met vriendelijke groet(?:en)?|groeten"
    r"|med vänliga hälsningar|hälsningar|atenciosamente|pozdrawiam"
)
# A whole sign-off line: the words, perhaps a name ("Thanks, Gemma": capitalised words only)
# and kisses.
SIGN_OFF_LINE: Final = re.compile(
    rf"^(?i:{SIGN_OFF_WORDS})"
    r"(?:\s*[,.!]*\s*[A-Z][\w'.\-]{0,30}(?:\s+[A-Z][\w'.\-]{0,30}){0,2})?\s*[,.!]*\s*(?i:x*)$"
)
# The sign-off words at the start of a line, and what separates them from the rest of it.
SIGN_OFF_START: Final = re.compile(rf"^\s*(?:{SIGN_OFF_WORDS})\b[\s,.!]*", re.IGNORECASE)

# "On <date>, <name> wrote:" in the forms clients write, several languages. Each is anchored and
# bounded so a long line costs linear time.
ATTRIBUTIONS: Final = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^-*\s*on\b.{1,300}\b(?:wrote|writes)\s*:?\s*-*$",
        r"^on\b.{1,300}\b(?:said|sent)\s*:$",
        r"^le\b.{1,300}\ba [ée]crit\s*:?$",
        r"^am\b.{1,300}\bschrieb\b.{0,200}:?$",
        r"^.{1,200}\bschrieb\s+am\b.{1,200}:$",
        r"^el\b.{1,300}\bescribi[óo]\s*:?$",
        r"^il\b.{1,300}\bha scritto\s*:?$",
        r"^op\b.{1,300}\bschreef\b.{0,200}:?$",
        r"^(?:em|no dia)\b.{1,300}\bescreveu\s*:?$",
        r"^(?:den|på)\b.{1,300}\bskrev\b.{0,200}:?$",
        r"^(?:w dniu|dnia)\b.{1,300}\b(?:pisze|napisał\(a\)|napisał|napisała)\s*:?$",
        r"^.{1,300}\s(?:пишет|написал\(а\)|написал|написала)\s*:?$",
        r"^.{1,200}<[^<>@\s]{1,100}@[^<>\s]{1,200}>\s*(?:wrote|writes|schrieb|a [ée]crit"
        r"|escribi[óo]|ha scritto|schreef|skrev)\s*:$",
        # Android and Gmail in some locales: "17.10.2014, 11:28, "Bob" <bob@example.com>:"
        r"^.{0,60}\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}.{0,100}<[^<>@\s]{1,100}@[^<>\s]{1,200}>\s*:$",
        r"^-{2,}\s*on\b.{1,300}\bwrote\s*-{2,}$",
    )
)


def is_attribution(line: str) -> bool:
    """Whether ``line`` reads like a reply attribution ("On 3 May 2026, Jo wrote:")."""
    return any(pattern.match(line) for pattern in ATTRIBUTIONS)
