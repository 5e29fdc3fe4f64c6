"""SQL expressions PostgreSQL and SQLite spell differently: UTC days, ISO text, seconds apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement[str]):
    """``'YYYY-MM-DD'``: the UTC calendar date of a timestamp column."""

    type = String()
    inherit_cache = True
    name = "utc_day"


class seconds_between(FunctionElement[float]):
    """Seconds from the first timestamp to the second (negative when the second is earlier)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(utc_day, "postgresql")
def _utc_day_pg(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    (col,) = element.clauses
    return f"to_char({compiler.process(col, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC timestamps as naive 'YYYY-MM-DD HH:MM:SS.ffffff' text (UTCDateTime).
    (col,) = element.clauses
    return f"substr({compiler.process(col, **kw)}, 1, 10)"


@compiles(seconds_between, "postgresql")
def _seconds_pg(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = element.clauses
    return (f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
            f"{compiler.process(start, **kw)}))")


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = element.clauses
    return (f"((julianday({compiler.process(end, **kw)}) - "
            f"julianday({compiler.process(start, **kw)})) * 86400.0)")


class iso_utc_text(FunctionElement[str]):
    """A timestamp as ISO 8601 text in UTC to the second, ``YYYY-MM-DDTHH:MM:SS+00:00``
    (what ``datetime.isoformat(timespec="seconds")`` gives); NULL stays NULL."""

    type = String()
    inherit_cache = True
    name = "iso_utc_text"


class iso_date_text(FunctionElement[str]):
    """A date as ``YYYY-MM-DD`` text; NULL stays NULL."""

    type = String()
    inherit_cache = True
    name = "iso_date_text"


class whole_seconds_between(FunctionElement[int]):
    """Whole seconds from the first timestamp to the second, truncated toward zero as Python's
    ``int(delta.total_seconds())``, to the microsecond; NULL if either is NULL."""

    type = Integer()
    inherit_cache = True
    name = "whole_seconds_between"


@compiles(iso_utc_text, "postgresql")
def _iso_utc_pg(element: iso_utc_text, compiler: SQLCompiler, **kw: Any) -> str:
    (col,) = element.clauses
    return (f"to_char({compiler.process(col, **kw)} AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')")


@compiles(iso_utc_text, "sqlite")
def _iso_utc_sqlite(element: iso_utc_text, compiler: SQLCompiler, **kw: Any) -> str:
    col = compiler.process(*element.clauses, **kw)
    return f"(substr({col}, 1, 10) || 'T' || substr({col}, 12, 8) || '+00:00')"


@compiles(iso_date_text, "postgresql")
def _iso_date_pg(element: iso_date_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(*element.clauses, **kw)}, 'YYYY-MM-DD')"


@compiles(iso_date_text, "sqlite")
def _iso_date_sqlite(element: iso_date_text, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(*element.clauses, **kw)  # stored as 'YYYY-MM-DD' text


@compiles(whole_seconds_between, "postgresql")
def _whole_seconds_pg(element: whole_seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"trunc(EXTRACT(EPOCH FROM ({end} - {start})))::bigint"


def _sqlite_micros(col: str) -> str:
    # 'YYYY-MM-DD HH:MM:SS.ffffff': whole seconds since 1970 (strftime drops the fraction),
    # then the six digits of microseconds. Exact, where julianday() keeps milliseconds.
    return (f"(CAST(strftime('%s', {col}) AS INTEGER) * 1000000"
            f" + CAST(substr({col}, 21, 6) AS INTEGER))")


@compiles(whole_seconds_between, "sqlite")
def _whole_seconds_sqlite(element: whole_seconds_between, compiler: SQLCompiler,
                          **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    # Integer division truncates toward zero, as int() does.
    return f"(({_sqlite_micros(end)} - {_sqlite_micros(start)}) / 1000000)"
