"""Alembic migrations for the storage models."""
