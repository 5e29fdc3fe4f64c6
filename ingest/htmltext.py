"""HTML bodies to text with inscriptis, marking where clients put quoted history and signatures."""

from __future__ import annotations

import html as html_lib
import re

from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_engine import Inscriptis
from inscriptis.model.config import ParserConfig
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement, document_fromstring  # type: ignore[import-untyped]

# Private-use characters put on a line of their own where a quote container or a signature
# container starts; ``ingest.quotes`` splits on them and removes them. Senders' own copies of these
# characters are removed first, so a message cannot fake them.
QUOTE_MARK = "\ue000"
SIGNATURE_MARK = "\ue001"
MARKS = QUOTE_MARK + SIGNATURE_MARK

# inscriptis takes about half a second per megabyte; beyond this the tail is converted crudely.
MAX_HTML_CHARS = 1_000_000

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,500}\?>")
_TAG = re.compile(r"<[^<>]{0,4000}>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|tr|li|h\d|blockquote|table)\b[^<>]{0,4000}>", re.I)
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")

_QUOTE_CLASSES = (
    "gmail_quote",
    "gmail_quote_container",
    "yahoo_quoted",
    "moz-cite-prefix",
    "protonmail_quote",
    "zmail_extra",
    "outlookmessageheader",
    "ms-outlook-mobile-reference-message",
    "aolreplyblock",
)
_QUOTE_IDS = (
    "divrplyfwdmsg",
    "x_divrplyfwdmsg",
    "appendonsend",
    "x_appendonsend",
    "olk_src_body_section",
    "mail-editor-reference-message-container",
    "stopspelling",
    "isforwardcontent",
    "isreplycontent",
)
_SIGNATURE_CLASSES = ("gmail_signature", "moz-signature", "signature")
_SIGNATURE_IDS = ("signature", "x_signature", "appsignature", "ms-outlook-mobile-signature")


def _tokens(value: str | None) -> list[str]:
    return value.lower().split() if value else []


def _is_quote_container(element: HtmlElement) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "blockquote" and (element.get("type") or "").lower() == "cite":
        return True
    element_id = (element.get("id") or "").lower()
    if element_id in _QUOTE_IDS:
        return True
    for cls in _tokens(element.get("class")):
        # Yahoo numbers its class ("yahoo_quoted_1234"); Gmail adds suffixes to its own.
        if (
            cls in _QUOTE_CLASSES
            or cls.startswith("yahoo_quoted")
            or cls.startswith("x_gmail_quote")
        ):
            return True
    return False


def _is_signature_container(element: HtmlElement) -> bool:
    if (element.get("data-smartmail") or "").lower() == "gmail_signature":
        return True
    if (element.get("id") or "").lower() in _SIGNATURE_IDS:
        return True
    return any(cls in _SIGNATURE_CLASSES for cls in _tokens(element.get("class")))


def _insert_mark(element: HtmlElement, mark: str) -> None:
    marker = etree.Element("div")
    marker.text = mark
    parent = element.getparent()
    if parent is None:
        return
    element.addprevious(marker)


def _mark_containers(tree: HtmlElement) -> None:
    quotes: list[HtmlElement] = []
    signatures: list[HtmlElement] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"html", "body", "head"}:
            continue
        if _is_quote_container(element):
            quotes.append(element)
        elif _is_signature_container(element):
            signatures.append(element)
    for element in quotes:
        _insert_mark(element, QUOTE_MARK)
    for element in signatures:
        _insert_mark(element, SIGNATURE_MARK)


def crude_text(html: str) -> str:
    """HTML as text without a parser (tags dropped, entities decoded), for what inscriptis can't."""
    text = _BLOCK_TAG.sub("\n", html)
    text = _TAG.sub("", text)
    return html_lib.unescape(text)


def tidy_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Text of an HTML body, with QUOTE_MARK / SIGNATURE_MARK lines before quote and signature
    containers; returns (text, defects). Never raises; huge or broken HTML degrades to a crude
    tag strip."""
    defects: list[str] = []
    source = html.translate({ord(c): None for c in MARKS}).replace("\x00", "")
    tail = ""
    if len(source) > MAX_HTML_CHARS:
        defects.append(f"HTML body over {MAX_HTML_CHARS} characters: the rest converted crudely")
        source, tail = source[:MAX_HTML_CHARS], source[MAX_HTML_CHARS:]
    source = _XML_DECLARATION.sub("", source, count=1)
    text = ""
    if source.strip():
        try:
            tree = document_fromstring(source)
            _mark_containers(tree)
            # The "strict" (browser-like) profile: the default "relaxed" one indents every nested
            # <div> and pads <span>s, which breaks header lines like "From: Name <address>".
            config = ParserConfig(css=dict(CSS_PROFILES["strict"]), display_links=False)
            text = Inscriptis(tree, config).get_text()
        except (etree.LxmlError, ValueError, RecursionError, TypeError, AttributeError, IndexError):
            defects.append("HTML could not be parsed: converted crudely")
            text = crude_text(source)
        if not text.strip() and crude_text(source).strip():
            defects.append("HTML too deeply nested for conversion: converted crudely")
            text = crude_text(source)
    if tail:
        text += "\n" + crude_text(tail)
    # Marks must sit on lines of their own whatever inscriptis did with the surrounding block.
    for mark in MARKS:
        text = text.replace(mark, f"\n{mark}\n")
    return tidy_text(text), defects
