"""Allows ``python -m sendtriage``."""

from sendtriage.cli import app

app()
