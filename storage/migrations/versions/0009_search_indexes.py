"""search and history indexes: one trigram-indexed search document per case; events by draft/message

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 17:00:00

The queue's search box matched ``lower(column) LIKE '%term%'`` over every case and every message
(issue 11: 800 ms at 100k cases). Each case now has one search document: the parent's address
and name, the subject, and every message's sender and text, separated by a control character
(U+001F) so that no match spans two fields. Triggers keep it current whatever writes the rows.

- PostgreSQL: table ``case_search`` (the document lowercased), with a GIN trigram index that
  ``LIKE '%term%'`` uses (``pg_trgm``).
- SQLite: FTS5 table ``case_search`` with the trigram tokenizer (rowid = case id), where a
  phrase query is a case-insensitive substring match.

A case's history looked events up by draft and message ids without an index on either.

A later SQLite migration that rebuilds ``cases`` or ``messages`` (batch mode's copy-and-rename)
drops the triggers with the old table: it must create them again.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The document of the case whose id is ``{target}`` (PostgreSQL and SQLite spellings).
PG_DOCUMENT = """
    SELECT c.id, lower(concat_ws(chr(31), c.parent_address, c.parent_name, c.subject,
        (SELECT string_agg(concat_ws(chr(31), m.from_address, m.full_text), chr(31))
         FROM messages m WHERE m.case_id = c.id)))
    FROM cases c"""
SQLITE_DOCUMENT = """
    SELECT c.id, coalesce(c.parent_address, '') || char(31) || coalesce(c.parent_name, '')
        || char(31) || coalesce(c.subject, '') || char(31) || coalesce(
        (SELECT group_concat(coalesce(m.from_address, '') || char(31)
                             || coalesce(m.full_text, ''), char(31))
         FROM messages m WHERE m.case_id = c.id), '')
    FROM cases c"""

PG_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE case_search (
        case_id integer PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        document text NOT NULL)""",
    f"""CREATE FUNCTION case_search_refresh(target integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO case_search (case_id, document) {PG_DOCUMENT} WHERE c.id = target
        ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document
    $$""",
    """CREATE FUNCTION case_search_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM case_search_refresh(NEW.id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION case_search_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.case_id IS NOT NULL THEN
            PERFORM case_search_refresh(OLD.case_id);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.case_id IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
            PERFORM case_search_refresh(NEW.case_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER case_search_case AFTER INSERT OR UPDATE OF parent_address, parent_name,
        subject ON cases FOR EACH ROW EXECUTE FUNCTION case_search_on_case()""",
    """CREATE TRIGGER case_search_message AFTER INSERT OR DELETE OR UPDATE OF case_id,
        full_text, from_address ON messages FOR EACH ROW EXECUTE FUNCTION case_search_on_message()""",
    f"INSERT INTO case_search (case_id, document) {PG_DOCUMENT}",
    "CREATE INDEX ix_trgm_case_search_document ON case_search USING gin (document gin_trgm_ops)",
]
PG_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS case_search_message ON messages",
    "DROP TRIGGER IF EXISTS case_search_case ON cases",
    "DROP FUNCTION IF EXISTS case_search_on_message()",
    "DROP FUNCTION IF EXISTS case_search_on_case()",
    "DROP FUNCTION IF EXISTS case_search_refresh(integer)",
    "DROP TABLE IF EXISTS case_search",
]


def _sqlite_refresh(target: str) -> str:
    return (f"DELETE FROM case_search WHERE rowid = {target}; "
            f"INSERT INTO case_search (rowid, document) {SQLITE_DOCUMENT} WHERE c.id = {target};")


SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE case_search USING fts5(document, tokenize='trigram')",
    f"CREATE TRIGGER case_search_case_ai AFTER INSERT ON cases BEGIN "
    f"{_sqlite_refresh('NEW.id')} END",
    f"CREATE TRIGGER case_search_case_au AFTER UPDATE OF parent_address, parent_name, subject "
    f"ON cases BEGIN {_sqlite_refresh('NEW.id')} END",
    "CREATE TRIGGER case_search_case_ad AFTER DELETE ON cases BEGIN "
    "DELETE FROM case_search WHERE rowid = OLD.id; END",
    f"CREATE TRIGGER case_search_message_ai AFTER INSERT ON messages "
    f"WHEN NEW.case_id IS NOT NULL BEGIN {_sqlite_refresh('NEW.case_id')} END",
    f"CREATE TRIGGER case_search_message_au AFTER UPDATE OF case_id, full_text, from_address "
    f"ON messages BEGIN {_sqlite_refresh('OLD.case_id')} {_sqlite_refresh('NEW.case_id')} END",
    f"CREATE TRIGGER case_search_message_ad AFTER DELETE ON messages "
    f"WHEN OLD.case_id IS NOT NULL BEGIN {_sqlite_refresh('OLD.case_id')} END",
    f"INSERT INTO case_search (rowid, document) {SQLITE_DOCUMENT}",
]
SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER IF EXISTS case_search_{name}" for name in
      ("case_ai", "case_au", "case_ad", "message_ai", "message_au", "message_ad")),
    "DROP TABLE IF EXISTS case_search",
]


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_message_id"), ["message_id"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": PG_UPGRADE, "sqlite": SQLITE_UPGRADE}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": PG_DOWNGRADE, "sqlite": SQLITE_DOWNGRADE}.get(dialect, []):
        op.execute(statement)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_message_id"))
        batch_op.drop_index(batch_op.f("ix_events_draft_id"))
