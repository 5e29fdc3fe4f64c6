"""Request input checks run before any handler: bad query strings, ids and text are a clear 400.

Malformed input must never reach the database: PostgreSQL refuses NUL in text, SQLite and
PostgreSQL refuse integers beyond their column types, and either failure used to be a 500.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from fastapi import HTTPException, Query, Request

MAX_QUERY_VALUE: Final = 1000  # characters; a search box never needs more
MAX_QUERY_STRING: Final = 8192  # bytes of the whole query string
MAX_PAGE: Final = 100_000
MAX_ROW_ID: Final = 2**31 - 1  # INTEGER primary keys on PostgreSQL
# C0 controls (NUL first of all) and DEL: never typed into a search box or a path.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ROW_ID: Final = re.compile(r"[1-9][0-9]{0,9}")

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]


def _invalid(text: str) -> HTTPException:
    return HTTPException(status_code=400, detail=f"Invalid request: {text}")


def _check_query(request: Request) -> None:
    if len(request.scope.get("query_string", b"")) > MAX_QUERY_STRING:
        raise _invalid("the query string is too long.")
    for name, value in request.query_params.multi_items():
        shown = name if not _CONTROL.search(name) and len(name) <= 40 else "(unreadable)"
        if _CONTROL.search(name) or _CONTROL.search(value):
            raise _invalid(f"the query parameter {shown!r} contains control characters.")
        if len(value) > MAX_QUERY_VALUE:
            raise _invalid(f"the query parameter {shown!r} is longer than "
                           f"{MAX_QUERY_VALUE} characters.")


def parse_row_id(name: str, value: str) -> int:
    """``value`` as a row id; a 400 naming ``name`` unless it is a whole number in range."""
    if not (_ROW_ID.fullmatch(value) and int(value) <= MAX_ROW_ID):
        raise _invalid(f"{name} must be a whole number from 1 to {MAX_ROW_ID}.")
    return int(value)


def _check_path(request: Request) -> None:
    if _CONTROL.search(request.url.path):
        raise _invalid("the address contains control characters.")
    for name, value in request.path_params.items():
        if name.endswith("_id"):
            parse_row_id(name, str(value))


async def _check_body(request: Request) -> None:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # parsed once; handlers get Starlette's cached copy
        if any(isinstance(v, str) and "\x00" in v for _, v in form.multi_items()):
            raise _invalid("text may not contain NUL characters.")
    # In JSON text NUL can only appear as this escape (a raw NUL is not valid JSON).
    elif content_type.startswith("application/json") and b"\\u0000" in await request.body():
        raise _invalid("text may not contain NUL characters.")


async def reject_malformed_input(request: Request) -> None:
    """Refuse (400) control characters or overlong values in the query, bad ``*_id`` path
    parts and NUL in submitted text, before authentication or any database work."""
    _check_query(request)
    _check_path(request)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await _check_body(request)
