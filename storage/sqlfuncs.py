"""SQL expressions spelled differently by PostgreSQL and SQLite: UTC calendar day, seconds apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String
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
