"""The queue's search box, indexed: one search document per case (migration 0008).

A search finds a case when the term occurs, ignoring case, in the parent's address or name,
the subject, or the sender or text of one of its messages: a plain substring, without
wildcards or stemming. PostgreSQL answers ``LIKE '%term%'`` from a trigram index on the
lowercased document; SQLite a phrase query on an FTS5 trigram table. Terms under three
characters, which no trigram index serves, scan the documents (still one row per case).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Select, column, func, literal_column, select, table

# Migration 0008 builds it outside the models (the ORM never writes it: triggers do), so the
# drift check leaves out everything named after it.
SEARCH_TABLE: Final = "case_search"
MIN_INDEXED_LENGTH: Final = 3

_search = table(SEARCH_TABLE, column("case_id"), column("document"), column("rowid"))


def is_search_index_object(name: str | None) -> bool:
    """True for the table, index and triggers of the search document (not in the models)."""
    return name is not None and name.startswith((SEARCH_TABLE, "ix_trgm_case_search"))


def like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character itself escaped by ``\\``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_case_ids(term: str, dialect: str) -> Select[tuple[int]]:
    """The ids of the cases ``term`` finds (see the module docstring); ``term`` is stripped."""
    term = term.strip()
    pattern = f"%{like_escape(term.lower())}%"
    if dialect != "sqlite":
        return select(_search.c.case_id).where(_search.c.document.like(pattern, escape="\\"))
    if len(term) >= MIN_INDEXED_LENGTH:
        # One FTS5 phrase: with the trigram tokenizer it matches the term as a substring.
        phrase = '"' + term.replace('"', '""') + '"'
        return select(_search.c.rowid).where(literal_column(SEARCH_TABLE).op("MATCH")(phrase))
    return select(_search.c.rowid).where(
        func.lower(_search.c.document).like(pattern, escape="\\"))
