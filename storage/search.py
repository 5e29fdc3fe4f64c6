"""The queue's search box, indexed: one search document per case (migration 0008).

A search finds a case when the term occurs, ignoring case, in the parent's address or name,
the subject, or the sender or text of one of its messages: a plain substring, without
wildcards or stemming. PostgreSQL answers ``LIKE '%term%'`` from a trigram index on the
lowercased document; SQLite a phrase query on an FTS5 trigram table. Terms under three
characters, which no trigram index serves, scan the documents (still one row per case).

A search stops at the newest ``SEARCH_CAP`` cases it finds (issue 11): a word in a quarter of
100,000 cases would otherwise have every match read, counted and sorted for one page of 50. The
index hands matches over newest first, so the walk ends after ``SEARCH_CAP + 1`` of them.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Select, column, func, literal_column, select, table
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Case

# Migration 0008 builds it outside the models (the ORM never writes it: triggers do), so the
# drift check leaves out everything named after it.
SEARCH_TABLE: Final = "case_search"
MIN_INDEXED_LENGTH: Final = 3
# How many matching cases a search lists at most (newest first); beyond it the page says "more".
SEARCH_CAP: Final = 1000

_search = table(SEARCH_TABLE, column("case_id"), column("document"), column("rowid"))


def is_search_index_object(name: str | None) -> bool:
    """True for the table, index and triggers of the search document (not in the models)."""
    return name is not None and name.startswith((SEARCH_TABLE, "ix_trgm_case_search"))


def like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character itself escaped by ``\\``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _match(term: str, dialect: str) -> tuple[ColumnElement[Any], ColumnElement[bool]]:
    """The search table's case id column, and the condition under which ``term`` finds it."""
    term = term.strip()
    pattern = f"%{like_escape(term.lower())}%"
    if dialect != "sqlite":
        return _search.c.case_id, _search.c.document.like(pattern, escape="\\")
    if len(term) >= MIN_INDEXED_LENGTH:
        # One FTS5 phrase: with the trigram tokenizer it matches the term as a substring.
        phrase = '"' + term.replace('"', '""') + '"'
        return _search.c.rowid, literal_column(SEARCH_TABLE).op("MATCH")(phrase)
    return _search.c.rowid, func.lower(_search.c.document).like(pattern, escape="\\")


def matching_case_ids(term: str, dialect: str) -> Select[int]:
    """The ids of the cases ``term`` finds (see the module docstring); ``term`` is stripped."""
    case_id, found = _match(term, dialect)
    return select(case_id).where(found)


def newest_matching_case_ids(term: str, dialect: str, conditions: list[ColumnElement[bool]],
                             limit: int) -> Select[int]:
    """The ids of the newest ``limit`` cases that ``term`` finds and that meet ``conditions``
    (over ``Case``), newest first. The index is walked from the newest match down and stops
    once ``limit`` are found, so a common word costs ``limit`` rows, not all its matches."""
    case_id, found = _match(term, dialect)
    if not conditions:
        # Every case's document is in the index: no join. PostgreSQL would otherwise read every
        # case to hash-join a thousand matches (issue 11: 110 ms instead of 20).
        return select(case_id.label("id")).where(found).order_by(case_id.desc()).limit(limit)
    return (select(Case.id).join_from(_search, Case, case_id == Case.id)
            .where(found, *conditions).order_by(case_id.desc()).limit(limit))
