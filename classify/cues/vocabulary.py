"""Word lists the cues and the date, fact and clock rules share, each defined once.

Regular-expression fragments in lower case (the cues run over lower-cased text; the other rules
compile them case-insensitively). Each is one non-capturing group, so it can be dropped into a
pattern anywhere.
"""

from __future__ import annotations

from typing import Final

POSS: Final = r"(?:his|her|their|my (?:son|daughter|child)'s|[a-z]+'s)"
# No optional words in front ("an", "the", "EHC needs"): they never change whether a cue is
# found, and a leading optional group makes the regex engine try every position of the text.
ASSESS: Final = r"(?:assess(?:ment|ing|ed)?|ehc ?n?a\b|ehcna)"
PLAN: Final = r"(?:ehc ?p|plan|statement)\b"
_PLAN_NAMES = r"ehc ?p|ehc plan|plan"
EHCP: Final = rf"(?:{_PLAN_NAMES})"
EHCP_OR_VERSION: Final = rf"(?:{_PLAN_NAMES}|version)"
EHCP_OR_SECTION_F: Final = rf"(?:{_PLAN_NAMES}|section f)"
REFUSE: Final = (
    r"(?:refus(?:e|ed|es|ing|al)|decline[ds]?|declining|turn(?:ed|s|ing)? (?:us |it |him |her )"
    r"?down|"
    r"reject(?:ed|s|ing)?|den(?:y|ied|ies)|knocked back|said no|say no|says no)"
)
# The bodies that hear a permanent exclusion (and uphold it or not).
GOVERNING_BODY: Final = r"(?:governors?|governing (?:body|board)|trust board|discipline committee)"
DISABILITY: Final = (
    r"(?:autis\w*|asd|asc|adhd|add|disabilit\w*|disabled|diagnos\w*|condition|sen\b|send\b|"
    r"special needs|additional needs|needs|dyslexi\w*|dyspraxi\w*|epilep\w*|diabet\w*|"
    r"wheelchair|cerebral palsy|down'?s? syndrome|anxiety|tourette'?s?|tics|pda|sensory|"
    r"hearing|deaf\w*|visual impairment|blind\w*|medical needs|learning difficult\w*|"
    r"spd|ocd|global delay|speech (?:delay|difficult\w*)|stammer|selective mutism|"
    r"cystic fibrosis|mobility|chromosom\w*|fasd|foetal alcohol|hypermobility|eds|crohn'?s)"
)
ACTIVITY: Final = (
    r"(?:trips?|residential|prom|school play|nativity|sports day|swimming|disco|assembl(?:y|ies)|"
    r"clubs?|after[- ]school club|breakfast club|activit(?:y|ies)|celebrations?|graduation|"
    r"leavers'? (?:do|party|assembly)|rewards? (?:day|trip|event)|visits?|outings?|ceremony|"
    r"class photo|school photo|performance|concert|pantomime|christmas (?:party|play|dinner)|"
    r"end of year (?:party|trip)|pe\b|p\.e\.|games|forest school|camp|field trip|"
    r"work experience|exams? room|the hall|the canteen|lunch hall|dining hall|"
    r"on stage|playtime|breaktime|golden time)"
)
# Something done to the child at school: the first half of "<treated badly> because of <need>".
ADVERSE: Final = (
    r"(?:not (?:allowed|invited|permitted|welcome)|isn't allowed|wasn't allowed|can't go|cannot go|"
    r"couldn't go|refus\w*|banned|barred|excluded|exclud\w+|suspended|sent (?:\w+ )?home|"
    r"punish\w*|treated|told|stopped(?! (?:attending|going|coming))|left out|won't let|"
    r"wouldn't let|made (?:him|her|them)|"
    r"detentions?|isolation|sanction\w*|discriminat\w*|picked on|singled out|shouted|"
    r"restrain\w*|kept (?:him|her|them)|ma(?:de|ke|kes|king) (?:my (?:son|daughter|child)|him|"
    r"her|them)|removed|taken off|dropped|uninvited|penalis\w*|"
    r"humiliat\w*|told off|mocked|blamed|judged|ignored|denied|suspension|exclusion)"
)
