"""SMTP replies the listener gives, as named constants (RFC 5321 / RFC 3463 status codes)."""

from __future__ import annotations

from typing import Final

OK_QUEUED: Final = "250 2.0.0 OK: message accepted"
OK_RCPT: Final = "250 2.1.5 OK"
ERR_UNKNOWN_RECIPIENT: Final = "550 5.1.1 Recipient address rejected: no such mailbox here"
ERR_TOO_BIG: Final = "552 5.3.4 Message too big for system"
ERR_TEMPORARY: Final = "451 4.3.0 Temporary failure storing message, please try again later"
ERR_BAD_SENDER: Final = "553 5.1.7 Sender address syntax invalid"
ERR_TOO_MANY_RECIPIENTS: Final = "452 4.5.3 Error: too many recipients"
# Connection-level refusals: the listener sends one of these and closes the connection.
ERR_CLIENT_NOT_ALLOWED: Final = "554 5.7.1 Client host rejected: access denied"
ERR_TOO_MANY_CONNECTIONS: Final = "421 4.7.0 Error: too many connections, try again later"
ERR_TOO_MANY_FROM_CLIENT: Final = "421 4.7.0 Error: too many connections from your address"
ERR_IDLE_TIMEOUT: Final = "421 4.4.2 Error: timeout exceeded"
ERR_TOO_MANY_ERRORS: Final = "421 4.7.0 Error: too many errors"
