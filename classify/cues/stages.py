"""Complaint-stage cues: what the parent already did about a delay (send-routes.md §4)."""

from __future__ import annotations

from typing import Final

from classify.cues.near_misses import TRANSPORT_REFUSED
from classify.cues.spec import Cue

CUES: Final = (
    Cue("formal_done_a", "stage", "formal_done", 0.9,
        r"\b(?:formal complaint|stage (?:2|two|3|three)|complaints? (?:panel|procedure|process)|"
        r"complained formally|final response|governors'? complaint panel)"
        r"\b[^.?!\n]{0,120}\b(?:upheld|uphold|not upheld|rejected|dismissed|outcome|concluded|"
        r"finished|closed|responded|response|replied|came back|found no fault|no fault|disagree|"
        r"unhappy|not happy|nothing changed|nothing has changed|useless|exhausted|completed|final)",
        negatable=False,
        purpose="A formal complaint with its outcome or response.",
        fires_on=("Their final response said they partly upheld my complaint.",
                  "The formal complaint was rejected."),
        not_on=("I am thinking about a complaint.",)),
    Cue("formal_done_c", "stage", "formal_done", 0.85,
        r"\b(?:final response|stage (?:2|two|3|three) (?:response|outcome|reply|decision)|"
        r"(?:outcome|result) of (?:my|our|the) (?:formal )?complaint|complaint (?:outcome|"
        r"response|decision) (?:came|arrived|letter))\b",
        negatable=False,
        purpose="A final or stage 2 response to a complaint.",
        fires_on=("The Stage 2 response came last week.",
                  "The outcome of my complaint arrived."),
        not_on=("I want to complain.",)),
    Cue("formal_done_b", "stage", "formal_done", 0.9,
        r"\b(?:gone|been|went) (?:all the way )?through (?:the |their |its |the whole |"
        r"all )?(?:\w+ )?(?:complaints?|stages)|exhausted (?:the |their |its |"
        r"all (?:the )?)?(?:\w+'s? )?complaints?|(?:ombudsman|lgsco|lgo|phso)\b|complaint (?:was|"
        r"has been|got) (?:rejected|dismissed|not upheld|upheld in part|partly upheld|closed)|"
        r"stage (?:2|two) (?:response|outcome|reply)",
        negatable=False,
        purpose="The complaints procedure exhausted, or the ombudsman.",
        fires_on=("Can I complain to the ombudsman?",
                  "We have been through the complaints procedure."),
        not_on=("I spoke to the teacher.",)),
    Cue("formal_started", "stage", "formal_started", 0.8,
        r"\b(?:made|put in|submitted|lodged|sent|filed|raised|wrote|written)\s+(?:a |an |my |"
        r"our )?(?:formal |official |written |stage (?:1|one) )complaint|complained formally|"
        r"\bstage (?:1|one) complaint",
        negatable=False,
        purpose="A formal complaint made.",
        fires_on=("I made a formal complaint to the council.",
                  "I complained formally."),
        not_on=("I might complain.",)),
    # Limited English drops the article and the past tense: "i ask teacher".
    Cue("raised_a", "stage", "raised_informally", 0.8,
        r"\b(?:emailed|e-mailed|spoke(?:n)? (?:to|with)|talked (?:to|with)|(?:i|we)(?:'ve|"
        r" have)? told|raised (?:it|this|the (?:issue|matter|problem)|my concerns?|"
        r"concerns?)(?: with)?|contacted|called|rang|phoned|met (?:with)?|wrote to|written to|"
        r"messaged|chased|complained to|rung|emailing|ringing|phoning|calling|chasing|texted|"
        r"flagged (?:it |this )?(?:with|to)|reported (?:it |this )?to|brought (?:it|this) up with|"
        r"been (?:in )?to see|went in to see|had a meeting with|mentioned it to|"
        r"asked (?:the \w+ )?(?:why|about|for an update))\s+(?:\w+\s+){0,3}(?:senco|sendco|"
        r"teacher|(?:form )?tutor|key ?worker|head(?:teacher| teacher)?|head of year|deputy head|"
        r"principal|caseworker|case ?worker|case officer|ehcco|ehc co-?ordinator|coordinator|"
        r"co-ordinator|sen officer|send officer|manager|team leader|social worker|school|council|"
        r"la\b|local authority|sen team|send team|inclusion (?:team|officer|lead|manager)|(?:sen|"
        r"send|ehc|inclusion|admissions|transport|attendance) (?:team|officer|department|dept|"
        r"hub)|pastoral|college|learning support|support worker|director|councillor|mp\b|"
        r"the office|the trust|the academy|therapist|camhs|the nhs|the gp|service)|"
        r"\bi ask(?:ed)? (?:the )?(?:senco|teacher|school|head|caseworker|council)\b|"
        r"\basked (?:the|my|our|his|her|their) (?:senco|sendco|teacher|class teacher|head|tutor|"
        r"form tutor|key ?worker|college|learning support|inclusion team|pastoral \w+|headteacher|"
        r"head teacher|caseworker|case worker|case officer|ehcco|coordinator|co-ordinator|"
        r"sen officer|send officer|manager|social worker|school|therapist)\b|"
        r"\braised (?:the |my |our |his |her )?(?:\w+ )?(?:problems?|issues?|concerns?|"
        r"matter) (?:with|to)\b",
        negatable=True,
        purpose="The parent raised it with the school or council.",
        fires_on=("I talked with the teacher.",
                  "I emailed the SENCo about it.",
                  "I raised the attendance problems with Worcestershire council in April."),
        not_on=("I haven't emailed the SENCo.",
                "I emailed my sister.")),
    Cue("raised_b", "stage", "raised_generic", 0.75,
        r"\b(?:no (?:reply|response|answer|improvement|change)|nothing (?:has )?(?:changed|"
        r"happened|improved)|(?:they|she|he) (?:ignored|ignore) (?:me|us|it)|fob(?:bed|bing|"
        r"s)? (?:me |us )?off|brushed (?:me |us |it )?off|keep(?:s)? (?:saying|promising|telling)|"
        r"said (?:they|she|he)(?:'d| would) look into it|promised|chased (?:\w+ ){0,3}(?:times|"
        r"again|several|twice)|escalated (?:it )?to|every time (?:i|we) (?:ring|call|phone|email|"
        r"chase|ask)|(?:spoke|emailed|wrote) to (?:\w+ )?(?:manager|head|line manager)|(?:nobody|"
        r"no one|no-one|noone|they|she|he|the school|the council|the la)\s+(?:\w+\s+)?(?:replies|"
        r"replied|answers|answered|responds|responded|gets back|got back|ignores|ignored|reply|"
        r"answer|respond)\s+(?:to\s+)?(?:my|our|any of my|any of our|all my)\s+(?:emails?|"
        r"e-mails?|calls?|messages?|letters?|phone calls?)|(?:nobody|no one|no-one|"
        r"noone)\s+(?:has\s+|have\s+|ever\s+|even\s+)?(?:called|rung|rang|phoned|got|gotten|come|"
        r"written|emailed)\s+(?:me\s+|us\s+)?back|(?:haven't|have not|never|not)\s+(?:yet\s+|"
        r"even\s+)?heard back)",
        negatable=False,
        purpose="Signs of contact without naming who: no reply, fobbed off, promised.",
        fires_on=("They keep saying they will look into it.",
                  "Nothing has changed."),
        not_on=("Everything is fine.",)),
    # Contact made again and again: "emailed twice", "rang them five times".
    Cue("raised_c", "stage", "raised_informally", 0.8,
        r"\b(?:emailed|e-mailed|rang|rung|phoned|called|chased|written|wrote|messaged|contacted|"
        r"asked|emailing|ringing|phoning|calling|chasing|asking|"
        r"texted)\b[^.?!\n]{0,40}?\b(?:twice|three times|four times|five times|\d+ times|"
        r"several times|many times|multiple times|loads of times|so many times|countless times|"
        r"numerous times|again and again|repeatedly|over and over|every week|weekly)\b",
        purpose='Contact made again and again: "emailed twice".',
        fires_on=("I've emailed the caseworker twice.",
                  "I have rung the SEN team several times."),
        not_on=("I emailed the caseworker.",)),
    # A complaint that was heard and not upheld, or reached the governors or the last stage.
    Cue("formal_done_d", "stage", "formal_done", 0.85,
        r"\b(?:panel|governors|committee|trust|council|they)\b[^.?!\n]{0,30}\b(?:didn't|did not|"
        r"has not|hasn't|have not|haven't|refused to|wouldn't|would not|declined to|"
        r"won't)\s+uphold\b|\b(?:complaint|it)\s+(?:went|got|has gone|had gone|was taken|"
        r"was escalated|escalated)\s+(?:all the way\s+)?(?:up\s+)?to\s+(?:the\s+)?(?:governors|"
        r"governing|panel|stage (?:2|two|3|three)|final stage|trust board|chair of governors|"
        r"complaints? (?:panel|committee))|\b(?:governors'?|complaints?|review)\s+panel\s+(?:met|"
        r"heard|decided|found|said|concluded|rejected|sided)\b|\b(?:got|had|received)\s+(?:a|the|"
        r"their)\s+(?:response|reply|answer|outcome|decision)\s+(?:to|on|about)\s+(?:my|"
        r"our)\s+(?:formal\s+|stage (?:1|2|one|two)\s+)?complaint",
        negatable=False,
        purpose="A complaint not upheld or taken to the last stage.",
        fires_on=("The council's final response didn't uphold it.",
                  "The complaint went to the governors."),
        not_on=("The complaint went in last week.",)),
    # Labellers' convention on real parents' messages (training/assets/real/LABELLING.md): a
    # parent who says they want to complain, or asks how or to whom, is at the formal
    # complaint step; "should I complain?" (still deciding) is not.
    Cue("complaint_wanted", "stage", "raised_informally", 0.8,
        r"\b(?:(?:i|we)(?:'d| would)? (?:really )?(?:want|wish|like|intend|plan|need|"
        r"am going|are going|'m going|'re going) to (?:make (?:a |an )?(?:formal |official )?"
        r"complaint|complain|raise (?:a |an )?(?:formal |official )?complaint|lodge (?:a |an )?"
        r"(?:formal |official )?complaint)|(?:i|we)(?:'m| am|'re| are) (?:writing to )?"
        r"complaining about|how (?:do|can|would|could) (?:i|we) (?:go about )?(?:make (?:a |an )?"
        r"(?:formal |official )?complaint|complain(?:ing)?)\b|how to (?:make (?:a |an )?"
        r"(?:formal |official )?complaint|complain)\b|(?:who|where) (?:can|do|could) (?:i|we) "
        r"(?:complain|send (?:a|my|our) complaint)|can (?:i|we) (?:make (?:a |an )?(?:formal |"
        r"official )?complaint|complain) about)",
        negatable=False,
        purpose="The parent wants to complain or asks how, or to whom: a formal complaint next.",
        fires_on=("We want to complain about the council.",
                  "How do I go about complaining?",
                  "Who can I complain to about this?"),
        not_on=("Should I complain or wait?",
                "I don't want to complain yet.")),
    # A parent who asks for money back or compensation wants a remedy, which only a complaint
    # (then the ombudsman) can give: on the real train split the labellers gave every such
    # delay email a formal complaint or the ombudsman, never "raise it informally".
    Cue("remedy_wanted", "stage", "raised_informally", 0.8,
        r"\b(?:want|wants|wanted|demand|demanding|ask(?:ing)? for|seek(?:ing)?|would like|"
        r"expect)\b[^.?!\n]{0,60}?\b(?:compensat\w*|reimburs\w*|recompense|refund\w*|"
        r"(?:the |my |our )?money back|pay (?:us|me) back|paid back|repa(?:y|id)\w*)",
        negatable=False,
        purpose="The parent wants compensation or their money back: a formal complaint next.",
        fires_on=("I want compensation and for them to change how they do things.",
                  "I want the council to recognise what he missed and reimburse what we paid.",
                  "I therefore demand recompense for what I have paid.",
                  "I want the money back and I want them to do proper risk assessments.",
                  "I want the council to pay us back and fund the tuition."),
        not_on=("They won't reimburse me for the taxi.",
                "Is there any compensation for this?")),
    # A complaint made and then mishandled, ignored or answered without a remedy: the
    # council's own process is done with, the ombudsman is next (send-routes.md §4).
    Cue("complaint_mishandled", "stage", "formal_done", 0.85,
        r"\b(?:complaint(?: to (?:them|the council|the school|the la))? (?:wasn't|was not|"
        r"wasnt|hasn't been|has not been|had not been|was never|has never been) (?:properly |"
        r"even |ever )?(?:handled|dealt with|investigated|answered|responded to)\b|complaint "
        r"(?:was|has been) (?:handled|dealt with) (?:badly|poorly)|"
        r"(?:haven't|have not|hasn't|has not|didn't|did not|never) (?:even |"
        r"yet |properly )?(?:dealt with|responded to|replied to|answered|handled|investigated|"
        r"looked (?:at|into)) (?:my|our|the) complaint|(?:didn't|did not|failed to|wouldn't|would "
        r"not|refused to|won't|will not) (?:follow|use|take it to|escalate it to|move it to|"
        r"progress it to) (?:its |their |the )?(?:own )?(?:complaints? (?:procedure|process|"
        r"policy)|stage (?:2|two))|upheld (?:my|our|the) complaint but|complained\b[^.?!\n]{0,60}"
        r"\b(?:(?:got|had|received) no (?:response|reply|answer)|(?:not|never) (?:even )?"
        r"(?:responded|replied|answered))|(?:haven't|have not|hasn't|has not) (?:yet )?(?:given|"
        r"sent) (?:me|us) (?:a |an |their |its )?(?:proper |full )?final response)",
        negatable=False,
        purpose="A complaint ignored, mishandled or upheld without a remedy: the ombudsman next.",
        fires_on=("My complaint was not handled well.",
                  "They haven't dealt with my complaint properly.",
                  "When I complained the council didn't follow its own complaints process."),
        not_on=("My complaint was dealt with quickly.",
                "I am going to make a complaint.")),
    # "I complained in July": a complaint made, no outcome told.
    Cue("complained_before", "stage", "formal_started", 0.8,
        r"\b(?:(?:i|we)(?:'ve| have| had|'d)? (?:already |also |previously |recently )?"
        r"complained\b(?! formally)|when (?:i|we) complained\b)",
        negatable=False,
        purpose="The parent already complained (no outcome given).",
        fires_on=("I complained in July and nothing happened.",
                  "They promised to fix it when I complained."),
        not_on=("I haven't complained yet.",)),
    # The council or school has refused or insisted: it knows of the problem and answered.
    Cue("council_refused", "stage", "raised_informally", 0.8,
        r"\b(?:council|la|local authority|school|college|they)\b[^.?!\n]{0,20}\b(?:have |has |"
        r"had )?(?:refused|declined|rejected|turned down|insist(?:s|ed|ing)? on)\b",
        negatable=False,
        purpose="The council or school refused or insisted: the parent raised it already.",
        fires_on=("The council has refused to provide alternative provision.",
                  "Is the council allowed to insist on medical evidence?"),
        not_on=("The council agreed to provide tuition.",)),
    # Contact that went unanswered, or a parent left chasing: raised already, without a
    # named professional ("my contact at the council isn't responding to me").
    Cue("contact_unanswered", "stage", "raised_informally", 0.8,
        r"\b(?:communication\b[^.?!\n]{0,40}\b(?:poor|bad|terrible|non-existent|awful|lacking|"
        r"shocking|appalling)|chasing (?:this|it|them|him|her|the (?:council|school|la|"
        r"caseworker|team|college))\b|(?:isn't|is not|aren't|are not|stopped|not) (?:responding|"
        r"replying|getting back) to (?:me|us|my|our)|(?:i|we) (?:have |'ve |had )?asked them\b|"
        r"(?:feel|felt|been|being) ignored|(?:keeps?|kept|continues?|continued) (?:to )?ignor\w*|"
        r"(?:don't|doesn't|do not|does not|never|didn't|did not) "
        r"keep (?:me|us) (?:updated|informed)|"
        r"(?:council|la|school|they|she|he) (?:have |has )?told (?:me|us) (?:that )?"
        r"(?:they|she|he|it)"
        r"(?:'re| are| were| was| is| would| will|'ll))",
        negatable=False,
        purpose="Contact unanswered, or the parent left chasing: raised already.",
        fires_on=("My contact at the council isn't responding to me.",
                  "I've had to spend so much time chasing this.",
                  "Communication from the council has been poor."),
        not_on=("The school keeps me updated every week.",)),
    # A transport refusal is the council's decision on an application: the parent is past
    # raising it informally (on the real train split the labellers gave every such email a
    # formal complaint or the ombudsman, like ``council_refused``).
    Cue("transport_refused", "stage", "raised_informally", 0.8, TRANSPORT_REFUSED,
        negatable=False,
        purpose="The council refused transport: a decision made, the complaint route next.",
        fires_on=("Hampshire has refused to provide home to school transport.",
                  "Transport refused for my son."),
        not_on=("We have applied for school transport.",)),
    # The failure has already done its harm ("it has caused us a lot of distress", "he missed
    # out on provision", "she lost the chance of a place"): what is wanted is a remedy for what
    # happened, which a complaint gives. Only suggests it was raised: "I haven't told anyone"
    # still wins (``classify.routing.detect_complaint_stage``).
    Cue("harm_done", "stage", "raised_generic", 0.6,
        r"\b(?:(?:has|have|it's|this|which) (?:caused|affected|impacted|had an impact)|"
        r"missed out on|lost out|lost the (?:chance|opportunity)|(?:i'm|i am|we are|we're) "
        r"(?:very |really |so )?(?:upset|unhappy|disappointed|angry) (?:about|with|that|at))",
        negatable=False,
        purpose="The failure has already done harm: a remedy (a complaint) is what is wanted.",
        fires_on=("It has caused us a great deal of distress.",
                  "He has missed out on the provision in his plan.",
                  "Because of the delays she lost the chance of a suitable placement."),
        not_on=("I am worried it will affect his education.",)),
    Cue("nothing_yet", "stage", "none", 0.8,
        r"\b(?:(?:i|we)(?:'ve| have)?\s+(?:still\s+)?(?:never|didn't|did not|haven't|have not|"
        r"not)|haven't|have not|not yet|yet to)\s+(?:yet\s+|actually\s+|really\s+|properly\s+|"
        r"formally\s+|even\s+)?(?:said anything|raised|complained(?! formally)|spoken|talked|"
        r"contacted|told|mentioned|chased|emailed|written to|approached|been in touch|gone to|"
        r"brought (?:it|this) up|followed (?:it|this) up|taken (?:it|"
        r"this) up)\b(?![^.?!\n]{0,4}\b(?:us|me)\b)|(?:should|do|can|shall) (?:i|we) (?:complain|"
        r"raise|contact|speak|email|write)|who (?:do|should) i (?:complain|speak|contact|write)|"
        r"don't want to (?:make a fuss|rock the boat|cause trouble|fall out)|"
        r"not sure who to (?:contact|speak|complain)|before (?:i|we) (?:contact|speak to|raise it|"
        r"approach|email|go to|complain)",
        negatable=False,
        purpose="The parent has not raised it yet, or asks whom to contact.",
        fires_on=("I haven't complained yet.",
                  "I don't want to make a fuss."),
        not_on=("I complained last month.",)),
)
