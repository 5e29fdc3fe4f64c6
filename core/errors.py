"""Error kinds that decide what happens next: retry (transient) or stop and show a person."""

from __future__ import annotations


class SendTriageError(Exception):
    """Base class for errors raised on purpose by this project."""


class TransientError(SendTriageError):
    """Worth retrying with backoff: a server down, a lock timeout, a network blip."""


class PermanentError(SendTriageError):
    """Retrying will not help: stop, mark the work failed and show the reason to a person."""


class InvalidTransition(PermanentError):
    """A state change that the current state does not allow (e.g. sending an unapproved draft)."""
