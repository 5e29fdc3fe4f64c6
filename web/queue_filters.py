"""The queue's filters as a query string: which keys exist, kept tidy for links and saved views."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final
from urllib.parse import parse_qsl, urlencode

# Every filter the queue page understands, in the order its links show them.
FILTER_KEYS: Final = ("q", "category", "status", "assignee", "safeguarding", "due", "sort")
MAX_VALUE: Final = 200


def tidy_filters(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Only the known filters with a value (trimmed, at most ``MAX_VALUE`` characters), in
    ``FILTER_KEYS`` order; the first of a repeated key wins."""
    found: dict[str, str] = {}
    for key, raw in pairs:
        value = raw.strip()[:MAX_VALUE]
        if key in FILTER_KEYS and value and key not in found:
            found[key] = value
    return {k: found[k] for k in FILTER_KEYS if k in found}


def queue_url(filters: Mapping[str, str]) -> str:
    """The queue page showing ``filters`` (any unknown key dropped)."""
    query = urlencode(tidy_filters(filters.items()))
    return "/queue" + (f"?{query}" if query else "")


def queue_url_from_query(query: str) -> str:
    """The queue page for a query string sent back by a form (nothing else is followed, so a
    forged value cannot redirect anywhere but the queue)."""
    return queue_url(tidy_filters(parse_qsl(query)))
