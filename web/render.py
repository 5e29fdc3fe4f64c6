"""Turning stored mail and triage into safe HTML: sanitised email, highlighted evidence, formats."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import nh3
from markupsafe import Markup, escape

from storage.queue import LOCAL_ZONE

ALLOWED_TAGS: Final = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p",
    "pre", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
# No style, class, id or src attributes: layout tricks and remote content are both cut off.
ALLOWED_ATTRIBUTES: Final = {
    "a": {"href", "title"},
    "img": {"alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
}
URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)


@dataclass(frozen=True)
class SafeEmailHtml:
    """Sanitised HTML of an email and how many images were blocked from loading."""

    html: Markup
    blocked_images: int


def sanitise_email_html(html: str) -> SafeEmailHtml:
    """Clean an email's HTML with nh3 (ammonia): no script, no event handlers, no styles,
    only http/https/mailto links (opened without referrer), and no image sources at all, so
    nothing is fetched from a sender's server (tracking pixels included)."""
    blocked = len(_IMG_TAG.findall(html))
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return SafeEmailHtml(Markup(cleaned), blocked)  # noqa: S704 - nh3 output is the safe HTML


def _sentence_pattern(sentence: str) -> re.Pattern[str] | None:
    words = sentence.split()
    if not words:
        return None
    # The classifier may have normalised whitespace or line breaks; match across any of them.
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def evidence_spans(text: str, evidence: Mapping[str, Iterable[str]]) -> list[tuple[int, int, str]]:
    """Where each evidence sentence occurs in ``text``: sorted, non-overlapping
    ``(start, end, category)`` spans (a sentence found twice is marked twice)."""
    spans: list[tuple[int, int, str]] = []
    for category, sentences in evidence.items():
        for sentence in sentences:
            pattern = _sentence_pattern(str(sentence))
            if pattern is None:
                continue
            spans.extend((m.start(), m.end(), category) for m in pattern.finditer(text))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, str]] = []
    for start, end, category in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if category not in last[2].split(" "):
                merged[-1] = (last[0], max(last[1], end), f"{last[2]} {category}")
            else:
                merged[-1] = (last[0], max(last[1], end), last[2])
            continue
        merged.append((start, end, category))
    return merged


def highlight_evidence(text: str, evidence: Mapping[str, Iterable[str]]) -> Markup:
    """``text`` escaped for HTML, with each evidence sentence wrapped in a ``<mark>``."""
    out: list[str] = []
    pos = 0
    for start, end, categories in evidence_spans(text, evidence):
        out.append(str(escape(text[pos:start])))
        label = categories.replace(" ", ", ")
        css = " ".join(f"ev-{c}" for c in categories.split(" "))
        out.append(f'<mark class="evidence {escape(css)}" title="evidence: {escape(label)}">'
                   f"{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))  # noqa: S704 - every piece above is escaped


def local_time(value: datetime | None, seconds: bool = False) -> str:
    """A timestamp as advisers read it: London time, e.g. ``28 Nov 2026 09:05`` (with
    ``seconds``, ``28 Nov 2026 09:05:07``)."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d %b %Y %H:%M" + (":%S" if seconds else ""))


def long_date(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%a %d %b %Y")


def duration(seconds: float | None) -> str:
    """A duration in words at a sensible precision: ``45 min``, ``3 h 20 min``, ``2 d 4 h``."""
    if seconds is None:
        return "–"
    secs = max(0, int(seconds))
    days, rest = divmod(secs, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min" if minutes else "under a minute"


def age(since: datetime | None, now: datetime) -> str:
    return duration((now - since).total_seconds()) if since else ""


def days_left_label(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} left"


DEADLINE_CLOSE_DAYS: Final = 7
DEADLINE_SOON_DAYS: Final = 14


def deadline_level(days: int | None) -> str:
    """The row colour: ``overdue``, ``close`` (≤ 7 days), ``soon`` (≤ 14), ``ok`` or ``none``."""
    if days is None:
        return "none"
    if days < 0:
        return "overdue"
    if days <= DEADLINE_CLOSE_DAYS:
        return "close"
    if days <= DEADLINE_SOON_DAYS:
        return "soon"
    return "ok"


def size_label(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


LABELS: Final = {
    "appeal": "Appeal",
    "exclusion": "Exclusion",
    "discrimination": "Discrimination",
    "delay": "Delay / mistake",
    "none": "No category",
    "challenge_exclusion": "Challenge exclusion",
    "discrimination_claim": "Discrimination claim",
    "raise_informally": "Raise informally",
    "formal_complaint": "Formal complaint",
    "escalate_ombudsman": "Escalate to Ombudsman",
    "general_advice": "General advice",
    "new": "New",
    "awaiting_approval": "Awaiting approval",
    "needs_triage": "Needs triage",
    "replied": "Replied",
    "closed": "Closed",
    "draft": "Draft",
    "approved": "Approved",
    "sending": "Sending",
    "sent": "Sent",
    "failed": "Failed",
    "rejected": "Rejected",
}


def label(value: object) -> str:
    """A human label for a stored code (category, next step, status)."""
    key = getattr(value, "value", value)
    if key is None:
        return "–"
    return LABELS.get(str(key), str(key).replace("_", " ").capitalize())


_EVENT_TEXT: Final = {
    "case.claimed": "claimed the case",
    "case.assigned": "assigned the case",
    "case.reclassified": "reclassified the case",
    "case.closed": "closed the case",
    "case.reopened": "reopened the case",
    "case.note_added": "added an internal note",
    "case.safeguarding_alerted": "emailed the safeguarding alert",
    "draft.created": "drafted a reply",
    "draft.redrafted": "re-rendered the draft",
    "draft.edited": "edited the draft",
    "draft.approved": "approved the reply",
    "draft.rejected": "rejected the draft",
    "draft.sent": "sent the reply",
    "draft.send_retry": "will retry sending",
    "draft.failed": "failed to send the reply",
    "draft.file_attached": "attached a file to the reply",
    "draft.file_removed": "removed a file from the reply",
}


def actor_label(actor: str) -> str:
    """Who did it, for people: the classifier's "model:<version>" is "Triage model"."""
    return "Triage model" if actor.startswith("model:") else actor


# Events whose line ends with one field of their detail: action → (field, how it is shown).
_DETAIL_SUFFIX: Final = {
    "draft.edited": ("version", " (version {})"),
    "draft.approved": ("deadline_passed_days",
                       ", confirming the deadline had passed {} day(s) before"),
    "draft.rejected": ("reason", ": “{}”"),
    "case.closed": ("reason", ": “{}”"),
    "draft.failed": ("error", ": {}"),
}


def describe_event(action: str, detail: Mapping[str, object] | None) -> str:
    """One line for the case history: what happened, with the useful part of the detail."""
    detail = detail or {}
    text = _EVENT_TEXT.get(action, action.replace(".", " ").replace("_", " "))
    if action == "case.assigned":
        return f"{text} to {detail.get('to') or 'nobody'}"
    if action == "case.reclassified":
        old_raw, new_raw = detail.get("from"), detail.get("to")
        old = old_raw if isinstance(old_raw, dict) else {}
        new = new_raw if isinstance(new_raw, dict) else {}

        def show(values: Mapping[str, object]) -> str:
            cats = values.get("categories") or []
            names = ", ".join(label(c) for c in cats) if isinstance(cats, list) and cats else "none"
            return f"{names} / {label(values.get('next_step'))}"

        note = f" — “{detail['note']}”" if detail.get("note") else ""
        return f"{text}: {show(old)} → {show(new)}{note}"
    key, suffix = _DETAIL_SUFFIX.get(action, ("", ""))
    if key and detail.get(key):
        return text + suffix.format(detail[key])
    return text
