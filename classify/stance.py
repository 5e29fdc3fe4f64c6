"""The writer's stance: whether an email tells of a live problem at all.

Not everything real parents write asks for help with a case of their own: a blog looking back
on years of battles, a young person who "is now 19 and at college", an adult's memoir of their
own schooling, a petition, evidence sent to a committee. Such texts name failures (a delay, an
exclusion, a refusal) that are over or that belong to parents in general, and the labellers give
them general advice (training/assets/real/LABELLING.md: label what the parent asks about now).

``no_live_issue`` reads the stance, not the topic: a marker that the events are long past (or
the child has moved on), or a campaign's or testimony's voice; and, against both, any word
placing something in the present weeks or any request about the writer's own case.
"""

from __future__ import annotations

import re
from typing import Final

_NUMBER: Final = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                  r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")

# The events are long past, or the child has moved on since.
RETROSPECTIVE: Final = re.compile(
    r"\b(?:when (?:i|he|she|they|my (?:son|daughter|child|boy|girl)|[a-z]+) (?:was|were) "
    rf"(?:only |just |about |around )?(?:{_NUMBER}\b|a (?:child|baby|toddler|little)|little|"
    r"young|younger|small|at (?:primary|nursery|infant))|"
    r"(?:he|she|they|my (?:son|daughter|child)|[a-z]+) (?:is|are) now (?:(?:aged |age )?"
    rf"{_NUMBER}\b|an adult|grown|at (?:a |an )?(?:college|university|"
    r"uni|secondary|special|new)|settled|happy|thriving|doing (?:well|great)|flourishing)|"
    r"looking back|in hindsight|with hindsight|years later|back then|"
    r"(?:my|our) (?:story|journey)\b|by the time (?:we|he|she|they) left|"
    rf"then aged {_NUMBER}\b|(?:until|till) (?:he|she|they) (?:was|were) {_NUMBER}\b|"
    r"(?:is|are) (?:now )?(?:recovering|much happier|thriving))",
    re.IGNORECASE,
)
# The writer speaks for parents in general, or to a committee, a newspaper or a blog's readers.
CAMPAIGN: Final = re.compile(
    r"\b(?:petition|we (?:call|urge) (?:on|upon)|the government (?:must|should|needs to)|"
    r"(?:wanted|want|decided) to write (?:a|this) (?:blog|post)|blog post|this blog|"
    r"i am writing as (?:a|the) (?:mother|father|parent)|(?:your|the) (?:enquiry|inquiry|"
    r"consultation) into|duty bound to|my experience of (?:local authorities|the system)|"
    r"we believe (?:that )?(?:this|it|children|our children)|every child with)\b",
    re.IGNORECASE,
)
# Something placed in the present weeks: the matter is live.
RECENT: Final = re.compile(
    r"\b(?:today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening|week|term|"
    r"half[- ]term)|last (?:night|week|mon|tues|wednes|thurs|fri|satur|sun)|next (?:week|"
    r"month|term|mon|tues|wednes|thurs|fri)|on (?:mon|tues|wednes|thurs|fri)day|"
    r"at the moment|right now|recent|recently)\b",
    re.IGNORECASE,
)
# A question or a request about the writer's own case (a rhetorical question in a blog names
# no one: "so what happens when inclusion stops working?").
ASKS: Final = re.compile(
    r"\b(?:i|we|my|our|me|us|anyone|anybody)\b[^.!?\n]*\?|\b(?:any (?:advice|help|ideas|"
    r"suggestions|thoughts|tips)|advi[cs]e (?:please|would|needed|appreciated|on)|(?:can|could|"
    r"would) (?:anyone|somebody|someone|you)|what (?:can|should|do|shall|would) (?:i|we)|"
    r"where (?:do )?(?:i|we) stand|(?:i|we)(?:'d| would) (?:like|love) to (?:know|understand|"
    r"ask)|please help|i need (?:help|advice|to know)|wondering (?:if|whether|what|how))\b",
    re.IGNORECASE,
)


def no_live_issue(text: str) -> bool:
    """Whether ``text`` tells of no live problem to act on: a retrospective account or a
    campaign, with nothing placed in the present weeks and no request of its own."""
    if not (RETROSPECTIVE.search(text) or CAMPAIGN.search(text)):
        return False
    return not (RECENT.search(text) or ASKS.search(text))
