"""What the classifier reads of an email: the one adapter from ingest's parse to classify's text.

Used by the worker pipeline and by ``sendtriage classify`` alike, so both read the same words.
Imports no database or broker code: the CLI loads it without SQLAlchemy.
"""

from __future__ import annotations

from classify.types import EmailText
from ingest.message import ParsedEmail


def classifier_text(parsed: ParsedEmail) -> EmailText:
    """The parent's new words, subject and date, and what the parser cut as their signature
    ("Thanks, Megan") with their display name, to find the name they sign with.

    Marked ``parsed``: the parser already converted HTML and cut quoted history, so the
    classifier does not look for them again.
    """
    return EmailText(body=parsed.new_text, subject=parsed.subject, sent=parsed.sent_at,
                     signature=parsed.signature, sender_name=parsed.from_name or "",
                     parsed=True)
