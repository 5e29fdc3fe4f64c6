"""Persistence: SQLAlchemy models, engine and sessions, migrations, queries and state transitions."""
