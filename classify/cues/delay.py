"""Delay cues: mistakes, delays, provision not delivered; complaint route (send-routes.md §4)."""

from __future__ import annotations

from typing import Final

from classify.cues.spec import Cue
from classify.cues.vocabulary import EHCP_OR_SECTION_F

CUES: Final = (
    Cue("delay_word", "delay", "", 0.8,
        r"\b(?:delay(?<!developmental delay)(?<!global delay)(?<!speech delay)(?<!language delay)"
        # The child's own development ("moderately delayed and disordered speech"), or a start
        # at school put back a year: not a delay by the school or council.
        r"(?<!moderately delay)(?<!severely delay)(?<!globally delay)(?<!mildly delay)"
        r"(?<!significantly delay)(?<!developmentally delay)"
        r"(?:ed|s|ing)?\b(?! (?:and disordered|speech|language|development|motor|milestones)\b|"
        r"(?: \w+){0,4} (?:starting|entry|start) (?:school|reception)\b)|"
        r"overdue|late(?<!too late)(?<!so late)\b(?! (?:for school|to school|"
        r"in the day|afternoon|morning|night|diagnos\w*))|out of time|beyond the (?:\d+|twenty|"
        r"six|sixteen)[- ]weeks?|missed(?<!we missed)(?<!i missed)(?<!we've missed)(?<!i've "
        r"missed)(?<!we have missed)(?<!i have missed)(?<!already missed) (?:the|their|"
        r"its) (?:deadline|timescale|time ?limit)|statutory (?:deadline|timescale|time ?limit|"
        r"time frame|timeframe)s?|dragging on|dragged on|taking (?:so|too|ages|forever|months)|"
        r"still no\b|still not\b|still haven't|still hasn't|still waiting|no one (?:has )?(?:got|"
        r"gets) back|nobody (?:has )?(?:got|gets) back)",
        purpose="Delay, overdue, still waiting, statutory timescales missed.",
        fires_on=("The plan is overdue.",
                  "We are still waiting."),
        not_on=("He has a speech delay.",
                "He was late for school.",
                "He is moderately delayed and disordered in his speech.",
                "She was delayed by a year from starting school.")),
    Cue("weeks_since", "delay", "", 0.8,
        r"\b(?:\d+|six|eight|ten|twelve|fifteen|sixteen|twenty|several|many|few)\s+(?:weeks|"
        r"months)\b[^.?!\n]{0,50}\b(?:since|and (?:still )?(?:no|nothing|not)|later|waiting|"
        r"without|no (?:word|reply|response|decision|news|update)|after (?:i|we) (?:first )?"
        r"(?:asked|applied|requested))|\bweek \d+\b|\b(?:waiting|"
        r"waited)\s+(?:for\s+)?(?:over\s+|more than\s+|nearly\s+|almost\s+)?(?:\d+|a|six|eight|"
        r"ten|twelve|sixteen|twenty|several|many|few)\s+(?:weeks|months|year)",
        negatable=False,
        purpose='Weeks or months gone with nothing: "week 19", "waited 6 months".',
        fires_on=("We're at week 19 on Friday.",
                  "We have waited six months for a reply.",
                  "The draft came 11 months after we first asked for an assessment."),
        not_on=("We go swimming every week.",)),
    Cue("no_reply", "delay", "", 0.75,
        r"\b(?:no (?:reply|response|answer|acknowledg\w*|update|word|news|decision)|(?:haven't|"
        r"hasn't|have not|has not|never|didn't|did not|not)\s+(?:yet\s+|even\s+|"
        r"ever\s+)?(?:replied|responded|answered|got back|heard (?:back|anything)|had a reply|"
        r"had an answer|acknowledged|returned my)|ignor(?:ed|ing|es) (?:my|our|all)|unanswered|"
        # "which they continue to ignore", "they keep ignoring it".
        r"(?:keeps?|kept|continues?|continued|still) (?:to )?ignor\w*|"
        r"chas(?:ed|ing) (?:\w+ ){0,3}(?:again|for|up|them|it))",
        negatable=False,
        purpose="No reply, response or update; emails ignored.",
        fires_on=("No reply from the LA.",
                  "They haven't responded to my emails.",
                  "I sent the report, which the college continue to ignore."),
        not_on=("They replied the same day.",)),
    Cue("not_delivered", "delay", "", 0.85,
        r"\b(?:isn't|aren't|wasn't|weren't|isnt|arent|not|never)\s+(?:been\s+|being\s+|"
        r"actually\s+|even\s+)?(?:delivered|provided|happening|put in place|in place|implemented|"
        r"followed)\b|\b(?:hasn't|haven't|has not|have not|hasnt|havent|never|didn't|did not|"
        r"not)\s+(?:been\s+|yet\s+|even\s+|actually\s+)?(?:provided|delivered|arranged|"
        r"put in place|offered|started|had|received|got|given)\s+(?:him\s+|her\s+|them\s+)?(?:any|"
        r"the|his|her|their|a|a single)?\s*(?:\w+\s+)?(?:education|support|provision|therapy|"
        r"tuition|school place|help|sessions?|salt|ot|1:1|hours|tutor\w*|speech and language|"
        r"occupational|physio\w*|teaching|place)\b|\b(?:provision|support|therapy|salt|"
        r"speech and language|ot|occupational therapy|physio\w*|1:1|one[- ]to[- ]one|ta|"
        r"teaching assistant|hours|sessions?)\b[^.?!\n]{0,40}\b(?:not|isn't|aren't|never|hasn't|"
        r"haven't|stopped|cancelled)\b[^.?!\n]{0,20}\b(?:delivered|provided|happening|in place|"
        r"started|given|turned up|been)",
        negatable=False,
        purpose="Provision not delivered, not in place, never started.",
        fires_on=("The provision is not happening.",
                  "She hasn't had any speech therapy."),
        not_on=("The provision is all in place.",)),
    Cue("plan_not_followed", "delay", "", 0.85,
        r"\b(?:isn't|aren't|not|never|hasn't|haven't|wasn't|weren't|won't|don't|doesn't|didn't|"
        r"stopped|fail(?:ing|ed|s)? to|refus(?:e|es|ed|ing) to)\s+(?:\w+\s+)?(?:deliver(?:ing|"
        r"ed)?|provid(?:e|ing|ed)|follow(?:ing|ed)?|implement(?:ing|ed)?|put(?:ting)? in place|"
        r"stick(?:ing)? to|honou?r(?:ing|ed)?)\s+(?:what(?:'s| is) in\s+)?(?:the |my |his |her |"
        r"their |our )?(?:\w+'s )?(?:ehc ?p|ehc plan|plan|section f|provision|support plan)\b|"
        r"\b(?:isn't|aren't|not|never|hasn't|haven't|won't|don't|doesn't|didn't|fail(?:ing|ed|"
        r"s)? to)\s+(?:\w+\s+)?(?:deliver|provid|give|giv|arrang)(?:e|es|ed|ing|"
        r"en)?\s+(?:\w+\s+)?(?:support|provision|help|therapy|hours|sessions?)\s+(?:in|from|"
        rf"set out in|written in)\s+(?:the |my |his |her |their |our )?{EHCP_OR_SECTION_F}\b|"
        r"\b(?:had|got|received|seen|getting|get|gotten)\s+(?:none|nothing|hardly any|"
        r"barely any)\s+of\s+(?:it|this|that|them|the (?:support|provision|help|sessions?|hours|"
        r"therapy))\b|\bnone of (?:it|this|that|the (?:support|provision|sessions?|hours|"
        r"therapy))\s+(?:has|have|is|was|ever)\s+(?:\w+\s+)?(?:happened|happening|"
        r"been (?:delivered|provided|put in place|given))",
        negatable=False,
        purpose="The plan not followed or delivered; none of it received.",
        fires_on=("The school are not following her plan.",
                  "We have had none of the support."),
        not_on=("The school are following her plan.",)),
    Cue("plan_says_but", "delay", "", 0.75,
        rf"\b{EHCP_OR_SECTION_F}\b[^.?!\n]{{0,20}}\b(?:says|states|said|specifies|clearly says|"
        r"is supposed|meant)\b[^.?!\n]{0,120}\b(?:but|yet|however)\b[^.?!\n]{0,60}\b(?:never|not|"
        r"isn't|aren't|hasn't|haven't|none|nothing|no one|nobody|rarely|hardly)\b",
        negatable=False,
        purpose='"The plan says ... but he never gets it".',
        fires_on=("The plan says he has 1:1 but he never gets it.",),
        not_on=("The plan says he has 1:1 and he gets it.",)),
    # "He is supposed to get 15 hours of support": said of provision the child is owed, it
    # tells that it is not what he gets.
    Cue("supposed_to_get", "delay", "", 0.7,
        r"\b(?:is|are|was|were) (?:supposed|meant|entitled) to (?:get|have|receive|be given|"
        r"be getting)\b",
        negatable=False,
        purpose="Provision the child is supposed to get (and does not).",
        fires_on=("She is supposed to get speech therapy once a week.",),
        not_on=("She gets speech therapy once a week.",)),
    Cue("no_provision", "delay", "", 0.75,
        r"\b(?:no|without|hasn't had|haven't had|not had|not getting|isn't getting|"
        r"not receiving)\s+(?:any\s+)?(?:speech (?:and language )?therapy|salt|ot|"
        r"occupational therapy|physio\w*|1:1|one[- ]to[- ]one|ta|teaching assistant|support|"
        r"provision|help|education|school place|tuition|sessions?)\b[^.?!\n]{0,40}\b(?:since|for|"
        r"in|this|all)\b",
        negatable=False,
        purpose="No therapy, support or school place for a length of time.",
        fires_on=("She has not had any speech and language therapy since September.",),
        not_on=("She has speech therapy every week.",)),
    Cue("no_answer_b", "delay", "", 0.7,
        r"\b(?:don't|dont|doesn't|doesnt|didn't|didnt|never|no one|nobody|noone|no-one|"
        r"not)\s+(?:\w+\s+)?(?:answer(?:s|ed)?|repl(?:y|ies|ied)|respond(?:s|ed)?|call(?:s|"
        r"ed)? (?:me |us )?back|get(?:s)? back|got back|ring(?:s)? back|rang back|decide[ds]?|"
        r"made a decision|come back to (?:me|us))\b|\bstill\s+(?:no word|no reply|no response|"
        r"no decision|nothing|waiting|haven't (?:heard|had|received|got)|hasn't (?:arrived|come|"
        r"been|started|happened))\b|\bnothing(?:'s| has| have)? (?:happened|been done)\b|"
        r"\b(?:emails?|calls?|messages?|letters?)\s+(?:aren't|are not|haven't been|have not been|"
        r"weren't|were not|not|never|go|went)\s+(?:being\s+)?(?:answered|returned|replied to|"
        r"acknowledged|unanswered)",
        negatable=False,
        purpose="Nobody answers or decides; still nothing.",
        fires_on=("The caseworker doesn't reply to my emails.",
                  "Nothing has happened."),
        not_on=("The caseworker replies quickly.",)),
    Cue("still_not", "delay", "", 0.45,
        r"\bstill\s+(?:no|not|haven't|hasn't|didn't|don't|doesn't)\b",
        negatable=False,
        purpose='"Still no", "still not": a weak sign of waiting.',
        fires_on=("We still haven't heard.",
                  "There is still no plan."),
        not_on=("We are still happy with the school.",)),
    Cue("not_supported", "delay", "", 0.6,
        r"\b(?:(?:not|isn't|aren't|won't|don't|doesn't) (?:listen(?:ing)?|meeting (?:his|her|"
        r"their) needs|supporting (?:him|her|them)|following (?:the|his|her|their) (?:plan|ehc ?p|"
        r"support plan|iep|advice))|no support (?:in place|at all|whatsoever|for (?:him|her))|"
        r"nothing (?:is |has been )?(?:in place|being done|done|happening|put in place)|ignor(?:e|"
        r"es|ing|ed) (?:his|her|their) (?:needs|plan|ehc ?p|diagnosis|reports?)|can't attend|"
        r"cannot attend|unable to attend|not (?:been )?attending|school refus\w*|refus(?:es|ed|"
        r"ing) (?:to go to |to attend )?school|(?:won't|can't|cannot|stopped|"
        r"not) go(?:ing)? (?:in)?to school|school avoidance|emotionally based|ebsa|ebsna|"
        r"short breaks|respite)\b",
        negatable=False,
        purpose="The school not listening or meeting needs; the child not attending.",
        fires_on=("The SENDCo doesn't listen to anything we say.",
                  "He can't attend school."),
        not_on=("The SENDCo listens to us.",)),
    Cue("waiting_list", "delay", "", 0.4,
        r"\b(?:long|on the|on a|months on the|years on the)\s+waiting list\b",
        negatable=False,
        purpose="On a waiting list: weak alone.",
        fires_on=("She is on the waiting list for CAMHS.",),
        not_on=("She was seen by CAMHS last week.",)),
    # A wait counted in months or years is a delay whoever runs the list (NHS ones included).
    Cue("waiting_list_long", "delay", "", 0.8,
        r"\bwaiting (?:list|lists|time)\b[^.?!\n]{0,50}\b(?:\d+|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|eighteen|many|several|over a|more than a)\s+(?:months?|"
        r"years?)|\b(?:\d+|two|three|four|five|six|eight|ten|twelve|eighteen|several|"
        r"many)\s+(?:months?|years?)\s+on\s+(?:the|a|their)\s+(?:\w+\s+)?waiting list",
        negatable=False,
        purpose="On a waiting list for months or years.",
        fires_on=("She has been on the CAMHS waiting list for 14 months.",),
        not_on=("She is on the waiting list for CAMHS.",)),
    # Home-to-school transport has no tribunal appeal: it goes down the complaint route. A clear
    # cue (0.8): on the real train split every transport refusal is labelled delay.
    Cue("transport", "delay", "transport", 0.8,
        r"\b(?:refus\w*|turned down|declined|rejected|won't (?:provide|give|pay)|withdr\w+|"
        r"stopped|cancell?ed|not (?:eligible|entitled) for)\b[^.?!\n]{0,50}\b(?:home to school |"
        r"school )?transport\b|\btransport\b[^.?!\n]{0,40}\b(?:refus\w*|turned down|declined|"
        r"rejected|withdrawn|stopped|cancell?ed|hasn't started|not started)",
        negatable=False,
        purpose="Home-to-school transport refused or withdrawn: the complaint route.",
        fires_on=("Our daughter's school transport is being withdrawn.",
                  "The council refused school transport."),
        not_on=("School transport picks her up at 8.",)),
    # "Wrong school" is a Section I appeal, and "I forgot to say" is the parent's own slip.
    Cue("mistake", "delay", "", 0.6,
        r"\b(?:mistakes?|errors?|wrong (?:name|date|information|details|child|report|diagnosis)|"
        r"mixed up|lost (?:the|our|my|his|her) (?:paperwork|forms?|reports?|application|request|"
        r"file|evidence)|(?<!i )(?<!we )forgot(?! to (?:say|mention|add|tell|ask|attach))|"
        r"forgotten|mis-?spelt|incorrect)\b",
        purpose="A mistake or wrong information (not the parent's own slip).",
        fires_on=("The plan has the wrong name.",
                  "They lost the paperwork."),
        not_on=("I forgot to say he is 9.",
                "Everything in the plan is right.")),
    Cue("out_of_school", "delay", "", 0.7,
        r"\b(?:(?<!ran )(?<!run )(?<!runs )(?<!got )(?<!gets )(?<!walked )(?<!escaped )"
        r"(?<!climbed )(?<!slipped )out of (?:school|education)|no school place|"
        r"without (?:a )?school|missing education|no education|at home with no|section 19|"
        r"s\.?19)\b",
        purpose="Out of school or education; no school place.",
        fires_on=("He has no school place.",
                  "She has been out of school since May."),
        not_on=("He ran out of school at lunch.",
                "She is in school every day.")),
    Cue("complaint_word", "delay", "", 0.5,
        r"\b(?:complain(?:t|ts|ed|ing)?|ombudsman|lgsco|lgo|phso|judicial review|pre-action)\b",
        purpose="A complaint or the ombudsman named: weak alone.",
        fires_on=("I complained to the NHS trust.",
                  "Should I go to the ombudsman?"),
        not_on=("I have not complained.",
                "He is happy at school.")),
    Cue("deadline_missed", "delay", "", 0.8,
        r"\b(?:(?:6|six|16|sixteen|20|twenty)[- ]weeks?(?: deadline| limit|"
        r" timescale)?\b[^.?!\n]{0,60}\b(?:passed|gone|over|up|missed|ago|expired|came and went)|"
        r"(?:15(?:th)? feb(?:ruary)?|31(?:st)? march)\b[^.?!\n]{0,60}\b(?:passed|missed|gone|"
        r"still|no|nothing))",
        purpose="The 6, 16 or 20-week limit passed; a phase-transfer date missed.",
        fires_on=("The 6 week deadline passed last Thursday.",
                  "The 20 weeks are up."),
        not_on=("The 20 weeks end in May.",)),
    Cue("annual_review_late", "delay", "", 0.75,
        r"\b(?:annual review|review meeting|amended plan|final plan|"
        r"draft plan)\b[^.?!\n]{0,80}\b(?:still (?:no|not|haven't|hasn't|waiting)|no (?:amended|"
        r"final|updated|new) plan|nothing since|heard nothing|months? ago|weeks? ago and)",
        negatable=False,
        purpose="An annual review with no amended plan long after.",
        fires_on=("The annual review was in March and we still haven't had the amended plan.",),
        not_on=("The annual review was in March and the plan came in April.",)),
    # The school's supervision failed: the child got out of school, under a fence or into a
    # road while in its care, or staff did not notice the child had gone. The labellers route
    # this to the school (Route D), whatever the safeguarding flag says.
    Cue("supervision_failed", "delay", "supervision", 0.8,
        r"\b(?:(?:he|she|they|[a-z]+) (?:had |has )?(?:climbed|got|ran|walked|wandered|escaped|"
        r"slipped|absconded|bolted)(?: \w+)? (?:out of (?:school|the (?:school|classroom|building|"
        r"gate))|under (?:a|the) fence|over (?:a|the) (?:fence|wall|gate)|(?:in)?to (?:the|a) "
        r"(?:main )?road|off (?:site|the premises|school grounds))|(?:school|staff|they|"
        r"teachers?) (?:didn't|did not|hadn't|had not) (?:even )?(?:know|notice|realise|realize) "
        r"(?:she|he|they) (?:was|were|had) (?:gone|missing|left|out))",
        negatable=False,
        purpose="The school's supervision failed: the child got out or into a road in its care.",
        fires_on=("She climbed under a fence while the person looking after her was away.",
                  "My son walked out of school at lunchtime.",
                  "The school didn't even know she was gone."),
        not_on=("He walked to school with his sister.",)),
)
