"""Shared foundations: settings, clock, errors and logging. Imports no other project package."""
