"""Exclusion cues: suspensions, exclusions, part-time days, managed moves (send-routes.md §2)."""

from __future__ import annotations

import re
from typing import Final

from classify.cues.spec import Cue
from classify.cues.vocabulary import ACTIVITY, GOVERNING_BODY

CUES: Final = (
    Cue("permanent_a", "exclusion", "permanent", 0.95,
        r"\b(?:permanent(?:ly)?\s+(?:exclu\w*|expel\w*)|exclu\w+\s+(?:\w+\s+)?permanently|"
        r"expel(?:led|s)?|expulsion|\bpx\b|perm(?:anent)? ex\b|permanently excluded)",
        purpose="A permanent exclusion or expulsion.",
        fires_on=("My son was expelled.",
                  "She has been permanently excluded."),
        not_on=("He might be permanently excluded if this goes on.",
                "He hasn't been expelled.")),
    Cue("suspension_a", "exclusion", "suspension", 0.95,
        r"\b(?:suspen(?:ded|sion|sions|d)|fixed[- ](?:term|period)(?: exclusion)?|\bfte\b|"
        r"exclu(?:ded|sion) for (?:\d+|a|one|two|three|four|five|half a|"
        r"the rest of)\s*(?:\w+\s+)?(?:days?|weeks?|afternoons?|mornings?))",
        purpose="A suspension (fixed-term exclusion).",
        fires_on=("She got suspended two weeks ago.",
                  "He was excluded for three days."),
        not_on=("If he does it again he will be suspended.",)),
    # Not "excluded from the (post-SATs theme park) trip", "exclude him from the school play",
    # nor a child who "feels excluded" by the others.
    Cue("exclusion_word", "exclusion", "", 0.85,
        r"\b(?<!feel )(?<!feels )(?<!felt )(?<!feeling )(?:exclu(?:ded|sion|sions|de|ding)|"
        r"excluded)\b(?!\s+(?:(?:him|her|them)\s+)?(?:(?:from|form)\s+(?:(?!(?:for|because|after|"
        r"until|till|on|in|at|and|but|over|due|since|with|as|by)\b)[\w'-]+\s+){0,4}"
        rf"{ACTIVITY}|from (?:lessons?|the classroom|class|friendship|conversations?|groups?|"
        r"games)))",
        purpose="An exclusion named (not from a trip, lesson or activity).",
        fires_on=("He has been excluded.",
                  "This is his third exclusion.",
                  "He was excluded from school for the trip incident."),
        not_on=("He was excluded from the school trip.",
                "They excluded her from the summer boat trip.",
                "The teacher wants to exclude him from the swimming gala trip.",
                "She feels excluded at break.",
                "He hasn't been excluded.")),
    Cue("excluded_from_school", "exclusion", "", 0.95,
        r"\b(?:exclu\w+|kicked out|thrown out|sent out)\s+(?:\w+\s+)?(?:from|"
        rf"of)\s+(?:the\s+)?(?:school|academy|college|nursery|pru)\b(?!\s+{ACTIVITY})",
        purpose="Excluded, kicked or thrown out of the school itself (not the school trip).",
        fires_on=("She has been kicked out of the academy.",),
        not_on=("She has been kicked out of the team.",
                "He was excluded from the school trip.")),
    Cue("informal_a", "exclusion", "informal", 0.9,
        r"\b(?:sent|send(?:ing)?|sends)\s+(?:\w+\s+){0,2}home\b(?!\s+(?:work|learning|tutoring|"
        r"reading|visit))|\b(?:ask(?:ed|ing|s)?|told|tell(?:ing|s)?|r(?:a|i|u)ng(?:ing|s)?|"
        r"call(?:ed|ing|s)?|phon(?:ed|ing|es?)|text(?:ed|ing|s)?|messag(?:ed|ing|es)|email(?:ed|"
        r"ing|s)?)\s+(?:me|us)\s+(?:\w+\s+){0,3}?to\s+(?:come\s+(?:in\s+|up\s+|down\s+)?(?:and|"
        r"to)\s+)?(?:collect|pick|fetch|get|take)\b|\bcome (?:in |up |down )?(?:and|"
        r"to) (?:collect|fetch|get|take) (?:him|her|them)\b(?! (?:to|from) (?:an? |"
        r"the )?(?:appointment|dentist|doctor|hospital|club|party))|\b(?:collect|"
        r"pick)\s+(?:\w+\s+)?up\s+early\b|\b(?:collect|fetch|pick up|get)\s+(?:him|her|them|"
        r"my (?:son|daughter|child|boy|girl))\s+(?:up\s+)?(?:early|at (?:lunch|lunchtime|dinner|"
        r"dinnertime|break|breaktime|midday|noon|12|half (?:11|12))|before (?:lunch|"
        r"the end of the day|home time)|mid[- ]?(?:morning|day))\b|\bpick (?:him|her|"
        r"them) up (?:early|at (?:lunch|lunchtime|dinner|dinnertime|break|midday|noon|12)|"
        r"before lunch|every (?:lunch|dinner|day at lunch))|\bcool(?:ing)?[- ]off\s+(?:day|period|"
        r"time)|\b(?:cool(?:ing)?|calm(?:ing)?)[- ](?:off|down)\b[^.?!\n]{0,30}\bat home\b|"
        r"\b(?:stay(?:ed|s|ing)?|kept|keep(?:ing)?|be)\s+(?:at\s+)?home\b[^.?!\n]{0,40}\bto "
        r"(?:cool|calm) (?:off|down)\b|\b(?:said|told|asked|suggested|best if|"
        r"better if)\b[^.?!\n]{0,40}\b(?:stay|stayed|stays|staying|kept|keep) (?:at )?home (?:for|"
        r"until|till|tomorrow|the rest|today)\b|\bkeep\s+(?:\w+\s+){0,2}(?:at\s+)?home\b|"
        r"\bnot (?:allowed|welcome) (?:back )?(?:in|into|to) (?:school|class)|"
        r"\bunofficial(?:ly)?\s+exclu\w*|\binformal(?:ly)?\s+exclu\w*|\bnot (?:officially|"
        r"formally|technically)\s+(?:been\s+)?(?:excluded|an exclusion|suspended)|\b(?:take|took|"
        r"taking|bring|fetch)\s+(?:\w+\s+)?home\s+(?:early|at (?:lunch|dinner|break)|before|every|"
        r"most|again)|\b(?:told|asked)\s+(?:me|us)\s+(?:not\s+to\s+(?:bring|send)|to\s+keep)|"
        r"\b(?:can't|cannot|can not|isn't allowed to|not allowed to)\s+come\s+(?:in|back|"
        r"to school)|\bkeep(?:ing)?\s+(?:\w+\s+)?off\s+(?:school|until)|"
        r"\bhome\s+for\s+the\s+(?:afternoon|rest of the day)|"
        r"\bsent\s+(?:\w+\s+)?out\s+of\s+(?:school|the building)",
        purpose="An informal exclusion: sent home, asked to collect, kept at home.",
        fires_on=("School ring me every lunchtime to come and get him.",
                  "They sent her home after the fight."),
        not_on=("I pick him up at 3pm every day.",
                "He hasn't been sent home.")),
    Cue("reduced_timetable", "exclusion", "reduced_timetable", 0.85,
        r"\b(?:reduced|part[- ]time|partial|shortened|restricted|modified|bespoke|personali[sz]ed|"
        r"individual(?:ised)?|phased|flexible)\s+(?:school\s+)?(?:timetable|days?|hours|"
        r"attendance|schedule)\b|\bonly (?:been )?(?:allowed|allow(?:ing)?|in|attending|"
        r"go(?:ing)?|able|doing|do|does|did|gets|got|has|had|there)\b[^.?!\n]{0,25}\b(?:mornings?|"
        r"afternoons?|\d+ hours?|(?:one|two|three) hours?|half days?|(?:until|till|til|"
        r"to) (?:lunch|lunchtime|break|10|11|12|half)|an hour)|\b(?:on|been|is|was|going|"
        r"attend\w*|now)\s+(?:a\s+)?part[- ]time\b(?! (?:job|work))|\b(?:on|doing|given|"
        r"down to) (?:half|short) days\b",
        purpose="A part-time or reduced timetable.",
        fires_on=("He is on a reduced timetable.",
                  "She is only in from 9 till 11."),
        not_on=("He goes to school full time.",
                "She has a part time job.")),
    Cue("exclusion_extra", "exclusion", "", 0.6,
        r"\b(?:no work (?:has been |was )?(?:sent|set)|day 6|sixth day|miss(?:ing)? (?:his|her|"
        r"their) (?:gcses?|sats|exams?|mocks?)|exclusions? (?:this|last) (?:term|year))",
        purpose="Details of an exclusion: no work sent, day 6, missed exams.",
        fires_on=("No work has been sent.",
                  "He will miss his GCSEs."),
        not_on=("The teacher sent some work home.",)),
    Cue("managed_move", "exclusion", "managed_move", 0.8,
        r"\b(?:managed move|off[- ]site direction|direct(?:ed|ing)? (?:\w+ )?off[- ]site|"
        r"off[- ]roll(?:ed|ing)?|take (?:\w+ )?off (?:the )?roll|"
        r"removed? (?:\w+ )?from (?:the )?roll|(?:suggest|encourag|push|pressur|told|hint|"
        r"recommend|advis|urg)\w*\b[^.?!\n]{0,40}\b(?:home[- ]?educat\w*|home[- ]?school\w*|ehe\b|"
        r"elective home)|(?:suggest|encourag|push|pressur|told|advis|hint|"
        r"recommend)\w*\b[^.?!\n]{0,40}\b(?:move|find|look (?:for|at)|try) (?:\w+ )?(?:schools?|"
        r"another school|a new school|a different school|other schools)|(?:asked|told|wanted|"
        r"want) (?:us|me) to (?:deregister|withdraw|take (?:\w+ )?out of school)|\b(?:trial|"
        r"taster) (?:\w+ )?(?:at|in) (?:another|a different|the other|a new) (?:school|academy)|"
        r"alternative provision\b[^.?!\n]{0,40}\bbehaviour|sent (?:\w+ )?to (?:the )?(?:pru|"
        r"alternative provision|inclusion centre|another site|an ap\b|the ap\b))",
        purpose="A managed move, off-rolling or pressure to leave the school.",
        fires_on=("They want to do a managed move to another school.",
                  "The head suggested we think about home educating her."),
        not_on=("We moved house last year.",)),
    Cue("governors_letter", "exclusion", "governors", 0.75,
        r"\b(?:governors?'?|governing (?:body|board)'?s?|trust board'?s?|"
        r"discipline committee'?s?)\s+(?:decision|letter|decision letter|outcome|"
        r"meeting)\b(?![^.?!\n]{0,40}\bcomplain)",
        purpose="The governors' decision, letter or meeting about an exclusion.",
        fires_on=("The governors meeting is on 19th March.",
                  "The governors' decision letter came today."),
        not_on=("The governors' letter about my complaint came today.",)),
    Cue("governors_upheld", "exclusion", "governors", 0.95,
        rf"\b{GOVERNING_BODY}\b(?!'?s?'? complaints?)[^?!\n]{{0,60}}\b(?<!not )(?<!n't )(?<!never "
        r")(?:upheld|uphold|upholding|agreed with|backed|confirmed|supported|decided to keep|"
        r"refused to reinstate|won't reinstate|not (?:be )?reinstat\w*)",
        purpose="The governors upheld the exclusion or refused to reinstate.",
        fires_on=("The governing board have decided to uphold the head's decision.",
                  "Governors agreed with the head."),
        not_on=("The governors did not uphold the exclusion.",)),
    Cue("irp", "exclusion", "governors", 0.85,
        r"\b(?:independent review panel|\birp\b|reinstat\w*|governors'? (?:meeting|hearing|panel)|"
        r"exclusion (?:meeting|hearing|review))",
        purpose="An independent review panel or reinstatement.",
        fires_on=("We want to go to the independent review panel.",
                  "They refused reinstatement."),
        not_on=("We have a review of his plan.",)),
)

# The governors upheld a permanent exclusion: the IRP clock starts from their letter. Read over
# the whole text by the clock and the facts once the category is known.
GOVERNORS_UPHELD_RE: Final = re.compile(
    rf"\b(?:{GOVERNING_BODY}|board of governors)\b(?!'?s?'? complaints?)[^?!\n]{{0,100}}\b"
    r"(?<!not )(?<!n't )(?<!never )"
    r"(?:upheld|uphold|upholding|agreed with the (?:head|"
    r"exclusion|decision)|backed the head|confirmed the (?:exclusion|decision)|decided to uphold|"
    r"refused to reinstate|won't reinstate|will not reinstate|not (?:to )?(?:be )?reinstat\w*|"
    r"supported the (?:head|decision|exclusion))"
    r"|\b(?:exclusion|decision)\b[^.?!\n]{0,40}\b(?:was|has been|had been)\s+upheld\b",
    re.IGNORECASE,
)
