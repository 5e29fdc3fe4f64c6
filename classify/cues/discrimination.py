"""Discrimination cues: unfair treatment because of disability (send-routes.md §3)."""

from __future__ import annotations

from typing import Final

from classify.cues.spec import Cue
from classify.cues.vocabulary import ACTIVITY, ADVERSE, DISABILITY, POSS

CUES: Final = (
    Cue("discrim_word", "discrimination", "", 0.9,
        r"\b(?:discriminat\w*|equality act|reasonable adjustments? (?:were |was )?(?:not|never|"
        r"refused)|send ?4a?\b|victimis\w*|harass\w* (?:because|due to))",
        purpose="Discrimination or the Equality Act named.",
        fires_on=("Is this disability discrimination?",
                  "We will bring a claim under the Equality Act."),
        not_on=("This isn't discrimination, it's just a mix-up.",)),
    Cue("because_disability", "discrimination", "", 0.85,
        rf"\b{ADVERSE}\b[^.?!\n]{{0,80}}?\b(?:because|cos|cause|'cause|due to|on account of|"
        rf"as a result of|for)\s+(?:of\s+)?(?:{POSS}\s+|the\s+|being\s+|he\s+(?:is|has)\s+|"
        rf"she\s+(?:is|has)\s+|they\s+(?:are|have)\s+|having\s+)?(?:\w+\s+)?(?:{DISABILITY}|"
        r"meltdowns?|shutdowns?|sensory overload|overwhelm\w*|stim(?:s|ming)?|tics?)",
        purpose='Treated badly "because of" the child\'s disability or condition.',
        fires_on=("They made her miss golden time every week because of her ADHD.",
                  "He was left out of the trip because of his autism."),
        not_on=("He was left out of the trip because he was ill.",)),
    Cue("others_can", "discrimination", "", 0.5,
        r"\b(?:all|every|the) other (?:children|kids|pupils|students|child|boys|"
        r"girls)\b(?:\s+in (?:his|her|their|the) (?:class|year))?\s+(?:are |is |were |was |can |"
        r"could |get to |got to |will )?(?:go|going|went|allowed|invited|get|got|do|doing|take|"
        r"taking)\b|\b(?:no|don't have|do not have|not enough|haven't got|no one|nobody|"
        r"no-one)\s+(?:a\s+)?(?:person|staff|adult|ta|teaching assistant|one to one|1:1|anyone|"
        r"one)\s+to\s+(?:look after|support|supervise|help|take|go with|manage)\s+(?:him|her|"
        r"them)\b",
        purpose="Every other child goes, or no one to support this child: unequal treatment.",
        fires_on=("All the other children are going.",
                  "There is no one to support him on the trip."),
        not_on=("The other children were kind to him.",)),
    Cue("activity_ban", "discrimination", "", 0.85,
        r"\b(?:not (?:allowed|invited|permitted|able to go|going|eligible for)|"
        r"not (?:been )?al+owing (?:\w+ )?(?:\w+ )?to|not been allowed|isn't allowed|can't go|"
        r"singled out to miss|"
        r"cannot go|couldn't go|can not go|could not go|wasn't allowed|weren't allowed|banned|"
        r"barred|stopped|excluded|left out|uninvited|refused|won't (?:let|take)|wouldn't (?:let|"
        r"take)|told (?:\w+ )?(?:he|she|they) (?:can't|couldn't|cannot|could not|is not|isn't|"
        r"wasn't|was not)|kept (?:\w+ )?(?:back|behind|in)|made (?:\w+ )?(?:stay|sit)|taken off|"
        rf"dropped from|removed from)\b[^.?!\n]{{0,50}}\b{ACTIVITY}",
        purpose="Kept out of a trip, club or event.",
        fires_on=("He is not allowed on the residential.",
                  "She was banned from the prom.",
                  "My son is not eligible for his end of year residential trip.",
                  "They have not been allowing him to sit with his friends in the dining hall.",
                  "She was singled out to miss her turn on stage."),
        not_on=("He is going on the residential.",
                "He is not eligible for free school meals.")),
    Cue("adjustments", "discrimination", "", 0.8,
        r"\b(?:refus\w*|won't|will not|failed|fail(?:ing)?|not|no|never|didn't|did not|"
        r"aren't)\b[^.?!\n]{0,30}\b(?:reasonable\s+)?adjust(?:ments?|ed|ing)\b",
        negatable=False,
        purpose="Reasonable adjustments refused or not made.",
        fires_on=("The school has not made any adjustments.",
                  "They refused to make reasonable adjustments."),
        not_on=("The school made adjustments straight away.",)),
    Cue("punished_for_disability", "discrimination", "", 0.75,
        r"\b(?:punish\w*|detention|isolation|sanction\w*|told off|shouted at|humiliat\w*|mock\w*|"
        r"restrain\w*|penalis\w*|behaviour points|demerits?)\b[^.?!\n]{0,60}\b(?:for|because of|"
        r"due to)\b[^.?!\n]{0,30}\b(?:stimming|tics|meltdowns?|shutdowns?|fidget\w*|"
        rf"{DISABILITY})",
        purpose="Punished for behaviour that comes from the condition.",
        fires_on=("He was put in isolation for a meltdown.",
                  "She keeps getting detention for her tics."),
        not_on=("He was put in detention for being rude.",)),
    Cue("unfair_disability", "discrimination", "", 0.7,
        r"\b(?:unfair\w*|not fair|treated (?:\w+ )?differently|singled out|picked on|"
        rf"different rules)\b[^.?!\n]{{0,80}}\b{DISABILITY}",
        purpose="Unfair or different treatment, then the disability.",
        fires_on=("He is treated differently to the others because of his dyspraxia.",),
        not_on=("It is unfair that the bus is late.",)),
    Cue("disability_unfair", "discrimination", "", 0.7,
        rf"\b{DISABILITY}\b[^.?!\n]{{0,60}}\b(?:unfair\w*|not fair|treated (?:\w+ )?differently|"
        r"singled out|penalis\w*|punish\w*)",
        purpose="The disability, then unfair treatment or punishment.",
        fires_on=("He has sensory processing disorder and he gets punished for stimming.",),
        not_on=("He has autism and loves school.",)),
    Cue("behaviour_from_disability", "discrimination", "", 0.7,
        r"\b(?:behaviou?r|meltdowns?|outbursts?|reactions?|it|this|that)\s+(?:is|was|are|were|"
        r"comes|came)\s+(?:all\s+|just\s+|clearly\s+|obviously\s+)?(?:part of|because of|due to|"
        r"down to|linked to|related to|caused by|a result of|from|"
        rf"a symptom of)\s+{POSS}\s+(?:\w+\s+)?{DISABILITY}",
        negatable=False,
        purpose='"The behaviour is because of his autism".',
        fires_on=("The behaviour is because of his autism.",
                  "It is part of her ADHD."),
        not_on=("The behaviour is getting better.",)),
    Cue("kept_out_of", "discrimination", "", 0.8,
        r"\b(?:couldn't|can't|cannot|could not|can not|won't be able to|not able to|"
        r"isn't allowed to|wasn't allowed to|not allowed to|won't let (?:him|her|them)|"
        r"wouldn't let (?:him|her|them))\s+(?:be in|take part in|take part|join in|participate in|"
        rf"perform in|sing in|be part of|be included in|attend)\b[^.?!\n]{{0,40}}\b{ACTIVITY}",
        purpose="Not allowed to take part in an activity.",
        fires_on=("She couldn't take part in the Christmas play.",
                  "He can't be in the school play."),
        not_on=("She took part in the Christmas play.",)),
    Cue("every_other_child", "discrimination", "", 0.55,
        r"\b(?:(?:every|all (?:the )?) ?other|the rest of the) (?:child|children|kids?|pupils?|"
        r"students?|boys?|girls?|class)\b[^.?!\n]{0,40}\b(?:was|were|went|had gone|is|are|go|"
        r"goes|got|gets|did|does|can|could|allowed|invited)\b",
        purpose='"Every other child was allowed".',
        fires_on=("Every other child is going.",
                  "All the other kids were invited.",
                  "The rest of the children had gone on an outing without her."),
        not_on=("He plays with every child in class.",)),
    # Exam access arrangements and aids are reasonable adjustments for a disabled pupil.
    Cue("aids_refused", "discrimination", "", 0.8,
        r"\b(?:won't|will not|wouldn't|would not|refus\w*(?: to)?|not allowed to|isn't allowed to|"
        r"won't allow|don't allow|doesn't allow|not let|won't let|wouldn't let|"
        r"stopped)\s+(?:(?:me|him|her|them)\s+)?(?:to\s+)?(?:use|have|bring|wear|keep|take|"
        r"put (?:any )?)\s*(?:a |an |any |my |his |her |their |the )?(?:laptop|computer|reader|"
        r"scribe|extra time|ear defenders|fidget\w*|rest breaks?|movement breaks?|"
        r"access arrangements?|wheelchair|walking frame|hearing aids?|tablet|ipad|"
        r"coloured overlays?|overlays?|own room|separate room|smaller room|quiet room|insulin|"
        r"inhaler|medication|toilet pass|time[- ]out card|exit card)",
        negatable=False,
        purpose="Aids or access arrangements refused: a reasonable adjustment.",
        fires_on=("They won't let him use his ear defenders in class.",
                  "They won't allow him to have extra time."),
        not_on=("They let him use his ear defenders in class.",)),
    Cue("behaviour_is_symptom", "discrimination", "", 0.7,
        r"\b(?:swearing|shouting|noises?|behaviou?r|it|this|that|outbursts?|movements?|"
        r"hitting out|running off)\s+(?:is|was|are|were)\s+(?:a |one of (?:his|her|their) |"
        r"part of (?:his|her|their) |just (?:a |his |her )?)?(?:tics?|stims?|stimming|"
        r"symptoms? of)\b",
        negatable=False,
        purpose="The behaviour is a tic or a symptom.",
        fires_on=("The swearing is a tic.",),
        not_on=("The swearing is a problem.",)),
    Cue("toilet_uniform", "discrimination", "", 0.6,
        r"\b(?:toilet pass|ear defenders|uniform (?:rule|policy)|time[- ]out card|exit card|"
        r"fidget toys?|movement breaks?)\b[^.?!\n]{0,60}\b(?:refus\w*|won't|not allowed|"
        r"taken away|confiscat\w*|ban\w*|punish\w*)",
        purpose="A toilet pass, ear defenders or fidget toy refused or taken away.",
        fires_on=("His fidget toy was confiscated.",
                  "His toilet pass was taken away."),
        not_on=("He has a toilet pass.",)),
    # Labellers' convention on the real train split: a disabled child excluded for behaviour
    # that comes from the condition (a meltdown, being overwhelmed) is also discrimination.
    Cue("excluded_for_meltdown", "discrimination", "", 0.8,
        r"\b(?:meltdowns?|shutdowns?|overwhelm(?:ed)?|sensory overload)\b[^.?!\n]{0,100}?"
        r"\b(?:exclu(?:ded|de|ding|sion)|suspen(?:ded|d|ding|sion)|sent (?:\w+ )?home)\b|"
        r"\b(?:exclu(?:ded|de|ding|sion|sions)|suspen(?:ded|d|ding|sion|sions)|sent (?:\w+ )?home)"
        r"\b[^.?!\n]{0,40}?\b(?:for|after|because of|over)\s+(?:a |his |her |their |having )?"
        r"(?:meltdowns?|shutdowns?|being overwhelmed|sensory overload)\b",
        purpose="Excluded or sent home for a meltdown or being overwhelmed: behaviour from the "
                "condition.",
        fires_on=("He had another meltdown and was excluded a second time.",
                  "She has been suspended twice for meltdowns.",
                  "She swears when she is overwhelmed and she has been suspended 3 times."),
        not_on=("He had a meltdown at home last night.",
                "He hasn't been excluded for his meltdowns.")),
    # Sent home because the school has no one to support the child: the need itself is the reason.
    Cue("sent_home_no_support", "discrimination", "", 0.8,
        r"\b(?:pick(?:ed|ing)? (?:\w+ )?(?:\(\w+\) )?up|collect(?:ed|ing)? (?:\w+ )?|"
        r"sen[dt] (?:\w+ )?home|go(?:es)? home|keep (?:\w+ )?(?:at )?home)\b[^.?!\n]{0,40}?"
        r"\b(?:as|because|since|cos|due to)\b[^.?!\n]{0,25}?\b(?:no|don't have|dont have|"
        r"do not have|doesn't have|haven't got|hasn't got|not enough|without|no one|"
        r"nobody)\s+(?:a |an |any |enough )?(?:ta|1:1|one[- ]to[- ]one|staff(?: member)?|"
        r"support(?: staff)?|cover|adult|teaching assistant|one to support|one to watch)\b",
        purpose="Asked to take the child home because there is no TA or support for them.",
        fires_on=("The senco asked me to pick up DS at 1pm as they dont have a TA.",
                  "They sent him home because there was no 1:1 cover."),
        not_on=("I pick him up at 3 as usual.",
                "They sent him home because he was sick.")),
    # The real train split: a disabled child locked or kept in a room, restrained by several
    # adults, pinned down, or given isolations (seclusion and restraint as a sanction).
    Cue("seclusion_restraint", "discrimination", "", 0.7,
        r"\b(?:locked|shut)\s+(?:\w+\s+){0,2}in(?:to)?\s+(?:an? |the )?(?:empty |bare |small |"
        r"dark |separate )?(?:room|cell|cupboard|booth)\b|\bkept\s+in\s+a\s+(?:small |bare |"
        r"separate )?room\b|\brestrained by\s+(?:\w+\s+)?(?:adults|staff|members of staff|"
        r"teachers)\b|\bpinned (?:him |her |them )?down\b|\bisolations\s+for\b|\b(?:\d+|two|"
        r"three|four|several|repeated|separate)\s+(?:\w+\s+)?isolations\b",
        purpose="Locked or kept in a room, restrained by several adults, or given isolations.",
        fires_on=("Our son was locked in an empty room at his special school.",
                  "He was restrained by four adults.",
                  "He has now had 2 separate isolations."),
        not_on=("He was put in the quiet room to calm down when he asked.",
                "He was placed in isolation for wearing white socks.")),
    # The real train split: a school that will not have a diabetic child unless the family
    # comes in to inject (medical needs not met: a failure to make adjustments).
    Cue("medical_care_refused", "discrimination", "", 0.8,
        r"\b(?:unless|expect\w*|want\w*|ask\w*|insist\w*)\b[^.?!\n]{0,40}\b(?:we|i|me|us|"
        r"parents?|family|mum|dad)\b[^.?!\n]{0,30}\b(?:inject\w*|administer\w*|give (?:him|her|"
        r"them) (?:his |her |their )?(?:insulin|medication|medicine))",
        negatable=False,
        purpose="The school will only have the child if the parent comes in to give the medicine.",
        fires_on=("The school wants me to come in and inject my daughter.",
                  "The school are unable to have him back unless we go into school and inject "
                  "him."),
        not_on=("Two members of staff were trained to give insulin.",)),
    # The real train split: a place refused because of the child's SEN or wheelchair.
    Cue("place_refused_for_sen", "discrimination", "", 0.8,
        r"\b(?:refus\w*|turn\w* down|reject\w*|won't (?:take|accept|admit|offer))\b[^.?!\n]{0,40}"
        r"\ba place\b[^.?!\n]{0,40}\b(?:over|because of|due to|as)\s+(?:\w+\s+)?(?:sen|send|needs|"
        r"disabilit\w*|autis\w*|wheelchair)\b|\b(?:won't|can't|cannot|unable to|not able to) "
        r"accommodate (?:my|his|her|their) (?:wheelchair|disabilit\w*|condition|medical)",
        negatable=False,
        purpose="A school place refused over SEN, or a wheelchair the school won't accommodate.",
        fires_on=("The independent school refused my 3yo a place over SEN.",
                  "The partner school won't accommodate my wheelchair."),
        not_on=("The school offered her a place despite her needs.",
                "The schools say they can't accommodate his needs.")),
)
