"""Safeguarding cues: a child who may be at risk of harm (recall first)."""

from __future__ import annotations

import re
from typing import Final

from classify.cues.spec import Cue

CUES: Final = (
    Cue("self_harm", "safeguarding", "self_harm", 1.0,
        r"\b(?:self[- ]?harm\w*|self[- ]?injur\w*|sib\b|harm(?:ing|ed|s)? (?:him|her|"
        r"them)sel(?:f|ves)|hurt(?:ing|s)? (?:him|her|them)sel(?:f|ves)|cut(?:ting|s)? (?:him|"
        r"her|them)sel(?:f|ves)|"
        r"cuts on (?:his|her|their) (?:arms?|legs?|wrists?)|bang(?:ing|s|ed)? (?:his|her|"
        r"their) head|bit(?:ing|es|e)? (?:him|her|them)sel(?:f|ves)|scratch(?:ing|es|ed)? (?:him|"
        r"her|them)sel(?:f|ves)|pulling (?:his|her|their) (?:own )?hair out|head[- ]?bang\w*|"
        r"scratch\w* (?:at )?(?:his|her|their) (?:arms?|legs?|skin|face|wrists?)|(?:until|till|"
        r"til) (?:they|it|he|she) (?:bleeds?|bled)|making (?:him|her|them)sel(?:f|ves) bleed|"
        r"cuts on (?:him|her|them)|burn(?:ing|t|ed)? (?:him|her|them)sel(?:f|ves)|overdose\w*)",
        negatable=False,
        purpose="Self-harm in any words.",
        fires_on=("He has started self-harming.",
                  "She scratches her arms until they bleed.",
                  "She has very severe SIB.",
                  "His self-injurious behaviour is getting worse."),
        not_on=("He hurt his knee at football.",)),
    # Passive wishes to be gone: "easier if I just wasn't here", "wants to disappear",
    # "go to sleep and not wake up".
    Cue("suicidal", "safeguarding", "suicidal", 1.0,
        r"\b(?:suicid\w*|kill (?:him|her|them|my)sel(?:f|ves)|want(?:s|ed)? to die|wish(?:es|"
        r"ed)? (?:he|she|they|i) (?:was|were|wasn't|weren't) (?:dead|alive|born|here)|(?:doesn't|"
        r"does not|don't|didn't) want to (?:be alive|live|exist|be here|wake up)|end (?:his|her|"
        r"their|it) (?:own )?(?:life|all)|end it all|take (?:his|her|their) (?:own )?life|"
        r"attempts? on (?:his|her|their) (?:own )?life|"
        r"better off dead|not (?:be )?(?:here|around) any ?more|no (?:point|reason) (?:in|"
        r"to) (?:living|live|being alive)|jump (?:off|in front)|hang(?:ing)? (?:him|her|"
        r"them)sel(?:f|ves)|talk(?:s|ing|ed)? about dying|life isn't worth|life is not worth|"
        r"better off (?:not (?:existing|being (?:here|alive|born)|born|alive)|without (?:him|her|"
        r"them|me))|(?:not|stop) existing\b|want(?:s|ed)? to (?:not exist|stop existing|"
        r"disappear)|(?:doesn't|does not|can't|cannot|don't) see (?:the|any) point in (?:anything|"
        r"living|life|going on|being here)|wish(?:es|ed)? (?:he|she|they) (?:had never been|"
        r"was never|were never) born|(?:easier|better|happier|best)\b[^.?!\n]{0,30}\bif (?:i|he|"
        r"she|they) (?:just |simply |wasn't|weren't|was not|were not|didn't|did not|was|were|died|"
        r"disappeared|never)+(?:here|around|alive|exist\w*|gone|dead|born|woke up|wake up|"
        r"disappeared|died)?\b|wish(?:es|ed)? (?:i|he|she|they) (?:just |could just |"
        r"could )?(?:wasn't|weren't|was not|were not|didn't exist|could disappear|could vanish|"
        r"wouldn't wake up|didn't wake up|never woke up)|(?:want(?:s|ed)?|wish(?:es|ed)?|could|"
        r"wanna|rather|like to)\s+(?:to\s+)?(?:just\s+)?(?:disappear|vanish)\b|(?:go to sleep|"
        r"fall asleep|sleep) (?:and|&) (?:never|not) (?:wake|waking)|(?:never|"
        r"not) (?:to )?wake up (?:again|ever)|think(?:s|ing)? about (?:dying|death|killing|"
        r"ending it)|(?:everyone|everybody|we|you|they|the family) (?:would|'d) be (?:better|"
        r"happier) (?:off )?without (?:him|her|them|me))",
        negatable=False,
        purpose="Suicidal words, including passive wishes to be gone.",
        fires_on=("He said he wants to die.",
                  "She said it would be easier if she just wasn't here."),
        not_on=("He said he wants to go home.",)),
    Cue("abuse", "safeguarding", "abuse", 0.95,
        # "He resorted to verbal abuse", "reported for being verbally abusive": the child's own
        # behaviour, not abuse of the child.
        r"\b(?:(?<!resorted to verbal )(?<!for being verbally )(?<!he was verbally )"
        r"(?<!she was verbally )(?<!became verbally )abus(?:e|ed|ing|ive)(?! of (?:process|power|"
        r"the system))|sexual(?:ly)?|"
        r"inappropriate(?:ly)? touch\w*|touched (?:him|her|them) inappropriately|groom(?:ed|ing)|"
        r"(?<!feel )(?<!felt )(?<!feels )neglect\w*|fgm|exploit\w*|county lines|radicalis\w*|"
        r"domestic violence|bruis\w*|"
        r"marks on (?:his|her|their)|slapped|smacked|dragged (?:him|her|them|my)|"
        r"grabbed (?:him|her|them|my)|"
        r"pinned (?:him|her|them) down|locked (?:him|her|them) in|shut (?:him|her|them) in|"
        r"held (?:him|her|them) down|sat on (?:him|her|them)|hit (?:him|her|"
        r"them|my)|hitting (?:him|her|them|my)|hurt by|kicked (?:him|her|them|my)|(?:been|was|were|"
        r"got|being|gets) punched|punched (?:him|her|them|my)|"
        r"strangl\w*|chok(?:ed|ing) (?:him|her|them)|scared (?:to go|of going) home|"
        r"afraid (?:to go|of going) home)",
        negatable=False,
        purpose="Abuse, neglect, exploitation or physical harm by someone.",
        fires_on=("He's got bruises on his forehead.",
                  "A boy touched her inappropriately."),
        not_on=("It was an abuse of process.",
                "He resorted to verbal abuse when the teacher shouted.",
                "He punched the pupil because he wanted the puppet.")),
    # Running away from staff inside school ("from all teachers", "from supervision") is
    # behaviour, not a missing child.
    Cue("missing", "safeguarding", "missing", 0.95,
        r"\b(?:went missing|gone missing|(?:is|was|were|are) (?:reported )?missing(?=\s*(?:[.,;!]|"
        r"$|from|for \w+ hours|since|again|overnight|and))|missing (?:child|person|from (?:home|"
        r"school|care))|(?:ran|run(?:s|ning)?) away(?! from (?:all |the |his |her |their )?(?:"
        r"teachers?|staff|adults?|supervision|tas?|lessons?|class(?:room)?)\b)|runaway|"
        r"abscond\w*|(?:ran|run|runs|running|"
        r"got|gets|walked|slipped|escaped) (?:out of|away from|off from|"
        r"out through) (?:the )?(?:school|class(?:room)?|building|grounds|site|playground|gates?)|"
        r"found (?:by (?:a |the )?(?:member of the public|neighbour|stranger|police)|wandering)|"
        r"(?:didn't|did not|nobody|no one|no-one) notice(?:d)? (?:that )?(?:she|he|they|her|him|"
        r"them)(?:'d| had| was| were)? (?:gone|left|missing|was gone)|(?:left|walked out of|"
        r"got out of) (?:the )?(?:school )?(?:grounds|site|building|"
        r"school)\b[^.?!\n]{0,40}\b(?:alone|on (?:his|her|their) own|unnoticed|nobody noticed|"
        r"no one noticed)|(?:couldn't|could not|can't|cannot) (?:find|locate) (?:him|her|them)"
        r"(?! (?:a|an|another|any) (?:school|place|placement|setting|college|unit))|"
        r"police (?:found|brought|were called|called)|found (?:him|her|them) (?:wandering|"
        r"on the road|in the road|by the road|near the road))",
        negatable=False,
        purpose="A child missing, running away or leaving school unnoticed.",
        fires_on=("He ran away from school.",
                  "She went missing overnight."),
        not_on=("He is missing his friends.",
                "They can't find him a school.")),
    Cue("violence", "safeguarding", "violence", 0.9,
        r"\b(?:assault(?:ed|ing|s)?\b(?!['’\"]? (?:an? |the |another )?(?:teacher|adult|"
        r"member of staff|staff|ta|pupil|child|boy|girl|peer)\b)|"
        r"attack(?:ed|s)? (?:him|her|them|my)|beaten (?:up)?|beat (?:him|her|"
        r"them) up|stabb\w*|knife|weapon|threatened (?:to (?:kill|hurt|stab)|him with|her with)|"
        # A brain injury is a condition the child has, not an injury done to them; a hospital
        # is harm when the child was taken there ("ended up in hospital after").
        r"(?<!brain )injur(?:ed|y|ies)|broken (?:arm|wrist|nose|bone|finger|tooth)|concussion|"
        r"a&e|(?:in|to|into) (?:the )?hospital\b[^.?!\n]{0,30}\b(?:after|because|with)|"
        r"bullied\b[^.?!\n]{0,60}\b(?:hit|punch\w*|kick\w*|hurt|injur\w*|beat\w*))",
        negatable=False,
        purpose="Assault, weapons, injuries.",
        fires_on=("They said they would bring a knife.",
                  "He was assaulted at school."),
        not_on=("He was upset at school.",)),
    # Restraint counts like other harm: when it is current, not when it is told as past. (The
    # real train split's four restraint-only messages are labelled not safeguarding, the
    # team's cases label a restraint incident safeguarding: recall first, it still counts.)
    Cue("restraint", "safeguarding", "restraint", 0.9,
        r"\brestrain(?:ed|t|ing)\b",
        negatable=False,
        purpose="A child restrained.",
        fires_on=("He came home with red marks from being restrained.",),
        not_on=("He was held back a year.",)),
    # A child trying to get away from school (the real train split: "he has now begun trying
    # to escape the building"): going missing before it has happened.
    Cue("escape_attempt", "safeguarding", "missing", 0.95,
        r"\b(?:try|tries|tried|trying|attempt(?:s|ed|ing)?) to (?:escape|abscond|get out|run out|"
        r"climb out|get over|climb over)\b(?: (?:of|from|over))? (?:the )?(?:school )?"
        r"(?:building|premises|grounds|site|school|classroom|gates?|fence|playground)\b",
        negatable=False,
        purpose="A child trying to get out of the school building or grounds.",
        fires_on=("He has now begun trying to escape the building.",
                  "A teacher stopped him trying to get out of school premises at break."),
        not_on=("He is trying to leave the school at the end of the year for a college.",)),
    # Harm described in plain words rather than named: threats to jump, a belt, a locked room,
    # not coming home, an older man and photos, a medical emergency nobody handled.
    Cue("harm_described", "safeguarding", "described", 0.9,
        r"\b(?:(?:he|she|they)(?:'ll| will| would|'d) jump|threat\w* to jump|(?:railway|"
        r"train) (?:bridge|line|tracks?)|wish(?:es|ed)? (?:he|she|they|i)(?:'d|"
        r" had) never been born|won't be around (?:much |for )?(?:longer|long)|(?:sorted|found|"
        r"planned|got) a way out|want(?:s|ed)? to be dead|(?:tie|belt|rope|cord|scarf) (?:round|"
        r"around) (?:his|her|their|my) neck|hits? (?:me|us)\b|pushed (?:me|him|her|them) (?:down|"
        r"over|into)|(?:with|did it with) (?:his|her|a|the|their) belt|belt marks?|lock(?:s|"
        r"ed)? (?:him|her|them|me) in (?:his|her|their|my|the|a) (?:bed)?room|locked in (?:a |"
        r"the )?(?:dark |small )?room|held the door shut|marks? (?:on|across) (?:his|her|their|"
        r"my) (?:back|legs?|arms?|face|neck)|(?:didn't|did not|doesn't|don't|wasn't|"
        r"weren't) (?:get|given|allowed) (?:any )?(?:food|tea|dinner|lunch|breakfast)|starving\b|"
        r"left (?:alone|on (?:his|her|their) own) for hours|(?:don't|doesn't|do not|"
        r"does not) feel safe|(?:can't|cannot|can not) keep (?:him|her|them) safe|ask(?:ing|ed|"
        r"s)? (?:her|him|them|my \w+) for (?:photos|pictures|pics|nudes|images)|(?:an? |older |"
        r"grown )(?:man|men)\b[^.?!\n]{0,60}\b(?:car|photos|pictures|meet|messages|picking (?:her|"
        r"him|them) up|gifts?)|older (?:lads|boys|men)|£\d+ in cash|(?:second|new|"
        r"extra) phone (?:he|she|they) (?:says|said|won't)|smell(?:ing|ed|s)? of (?:drink|alcohol|"
        r"cannabis|weed)|(?:didn't|did not|hasn't|has not|haven't|have not|never) (?:come|came|"
        r"got|get|arrived) (?:back )?home|(?:he|she|they) never (?:arrived|turned up|got there)|"
        r"reported (?:him|her|them) missing|(?:not|isn't|is not|wasn't) answering (?:his|her|"
        r"their) (?:phone|mobile)|went hypo|hypo(?:glycaemic)? (?:attack|episode)|ambulance|"
        r"(?:could|might) have (?:died|drowned|been killed|been hit))",
        negatable=False,
        purpose="Harm described in plain words: threats to jump, belts, locked rooms.",
        fires_on=("The school say they can't keep him safe.",
                  "They lock him in his bedroom all weekend."),
        not_on=("He jumped at the chance to join the club.",)),
    # Physical danger the child was put in or puts themself in: into traffic, out through a
    # fence, from a height, sent off site alone (issue 9, item 5).
    Cue("physical_danger", "safeguarding", "described", 0.9,
        r"\b(?:(?:walk\w*|ran|run\w*|wander\w*|bolt\w*|dart\w*|step\w*|got|gets) (?:out )?"
        r"(?:in|into|onto|on to|across|in the middle of) (?:the |a )?(?:main |busy )?(?:road|"
        r"roads|traffic)\b|(?:climb\w*|got|gets|crawl\w*|squeez\w*|escap\w*) (?:under|over|"
        r"through) (?:a |the )?(?:fence|gate|wall|railings)\b|(?:near|next to|by|towards) (?:a |"
        r"the )?busy road|(?:jump\w*|fell|fall\w*|climb\w*) (?:out of|from|off) (?:a |the |an |"
        r"his |her |their )?(?:\w+ )?(?:window|roof|balcony)\b|(?:sent|taken|let|allowed|"
        r"left) (?:\w+ ){0,3}(?:off[- ]site|out of (?:school|the building)|to the shops?|into "
        r"town) (?:alone|on (?:his|her|their) own|unsupervised|unaccompanied|without (?:an? )?"
        r"(?:adult|escort|supervision|member of staff)))",
        negatable=False,
        purpose="A child in physical danger: traffic, through a fence, a height, off site alone.",
        fires_on=("Why does she keep walking in the road?",
                  "She climbed under a fence while nobody was looking.",
                  "He jumped out of the classroom window."),
        not_on=("We walk to school along the road.",)),
    Cue("danger", "safeguarding", "risk", 0.9,
        r"\b(?:(?:not|isn't|is not) safe (?:at|in|with)|in danger|at risk of harm|unsafe at|"
        r"fear(?:s|ed)? for (?:his|her|their) (?:life|safety)|scared for (?:his|her|"
        r"their) (?:life|safety)|worried for (?:his|her|their) safety|crisis team|sectioned|"
        r"mental health crisis|safeguarding (?:concern|issue|referral|matter)|"
        # "made to run despite the physio's restrictions ... a risk to her health".
        r"(?:a |at )?risk to (?:his|her|their) (?:own )?(?:health|life|safety))",
        negatable=False,
        purpose="Danger or a crisis named.",
        fires_on=("She is not safe at home.",
                  "He was sectioned last night.",
                  "They make her do PE, which is a risk to her health."),
        not_on=("The road is safe now.",)),
)

# Boilerplate that names safeguarding but is nobody's concern about this child: a "risk" hit
# within 30 characters of it does not count (``classify.scoring.find_safeguarding``).
SAFEGUARDING_EXCLUSIONS: Final = re.compile(
    r"(?:no safeguarding (?:concerns?|issues?)|not a safeguarding|safeguarding (?:lead|officer|"
    r"policy|team|training)\b(?! (?:was|were|has|have) (?:told|informed|involved|called))|"
    # School letters and signatures: "if you have a safeguarding concern about any child".
    r"if you (?:have|are worried about) (?:a |any )?safeguarding|committed to safeguarding|"
    r"safeguarding (?:and promoting|children)|concern about (?:any|a) child|\bdsl\b|"
    # Said not to be at risk: "he is not a flight risk or at risk of harm".
    r"\bnot (?:\w+ ){0,4}(?:at risk|in danger))",
    re.IGNORECASE,
)

# A harm the parent places in the past ("a year ago", "in 2016", "at her old school", "she has
# stopped self-harming") with nothing saying it goes on: not a present risk (LABELLING.md).
# Checked in the hit's sentence by ``classify.scoring.find_safeguarding``.
PAST_EPISODE: Final = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|four|five|several|few|many|couple of) years? ago|"
    r"(?:in|during|from|between) (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* )?"
    r"(?:19|20)\d\d\b|(?:19|20)\d\d ?[-–] ?(?:19|20)?\d\d\b|"
    r"used to\b|(?:at|in|from) (?:his|her|their|the) (?:old|previous|last|former|earlier|first) "
    r"(?:school|setting|placement|nursery)|"
    r"when (?:he|she|they) (?:was|were) (?:younger|little|small|\d+)|back then|"
    r"earlier this year|last year)",
    re.IGNORECASE,
)
# A harm said to be over, whatever else the sentence says.
HARM_STOPPED: Final = re.compile(
    r"\b(?:stopped|no longer|not (?:\w+ )?(?:self[- ]?harm\w*|cutting) any ?more)\b[^.?!\n]{0,12}"
    r"\b(?:self[- ]?harm\w*|harming|cutting|hurting (?:him|her|them)sel(?:f|ves)|"
    r"any ?more)",
    re.IGNORECASE,
)
# Words that keep a harm current even in a sentence that also names the past.
STILL_GOING_ON: Final = re.compile(
    r"\b(?:still|now|currently|again|keeps?|ongoing|this (?:week|morning|term)|today|"
    r"yesterday|recently|started|since|every (?:day|week)|has been|is|are)\b",
    re.IGNORECASE,
)

# A sentence told wholly in the past: a past auxiliary ("he was self harming", "she had been
# restrained") and nothing in the present or recent (``PRESENT_OR_RECENT``). Harm told so,
# other than abuse, is a past episode (``classify.scoring.find_safeguarding``).
PAST_TENSE: Final = re.compile(r"\b(?:was|were|had)\b", re.IGNORECASE)
PRESENT_OR_RECENT: Final = re.compile(
    r"\b(?:is|are|am|has|have|does|do|can|will|keeps?|still|now|currently|again|ongoing|"
    r"started|since|recently|today|tonight|yesterday|last (?:night|week|weekend|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|this (?:week|morning|afternoon|term)|"
    r"(?:days?|a week) ago|the other day)\b|\w['’](?:s|re|m|ve)\b",
    re.IGNORECASE,
)
# A list of behaviours (a school's reasons for an exclusion, a list of kinds of children): at
# least five comma-separated items, four of them a few words long. Danger, running off and
# restraint named in such a list are how the child behaves, not an incident.
LIST_ITEM_WORDS: Final = 6
LIST_ITEMS: Final = 5
LISTED_SUBTYPES: Final = frozenset({"missing", "risk", "violence", "restraint"})
