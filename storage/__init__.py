"""Persistence: SQLAlchemy models, engine, sessions, migrations, queries, state transitions."""
