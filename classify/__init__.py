"""Triage of a parent's email: spaCy categories, routing, dates and legal deadlines. Pure."""
