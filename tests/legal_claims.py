"""The statements of law a draft may make, by route, each traced to its send-routes.md section.

A sentence of a draft that mentions the law (a tribunal, a right, a duty, a time limit...) must
match one of ``ALLOWED``; none may match ``FORBIDDEN``. ``{}`` stands for a name, a date or other
case-specific words; ``[[a|b]]`` for alternatives the templates choose between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# A sentence that speaks about rights, bodies, duties or time limits.
LEGAL_WORDS: Final = re.compile(
    r"\b(tribunal|appeal\w*|must|right to|right of|rights|law|legal\w*|dut(?:y|ies)|"
    r"section \d+|act 20\d\d|unlawful|ombudsman|panel|claims?|deadline|time limits?|certificate|"
    r"reinstat\w*|can't|cannot|can order|free|form send\w*|governors|mediation|complain\w*|"
    r"irp|no defence|school days?)\b",
    re.IGNORECASE,
)
_SENTENCE: Final = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z(\-])")
_FOLD: Final = str.maketrans("’‘–—“”", "''--\"\"")


@dataclass(frozen=True)
class Claim:
    """One allowed statement and the send-routes.md section it comes from."""

    source: str
    text: str

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{\}|\[\[.*?\]\])", self.text)
        regex = ""
        for part in parts:
            if part == "{}":
                regex += r".+?"
            elif part.startswith("[["):
                regex += "(?:" + "|".join(re.escape(o) for o in part[2:-2].split("|")) + ")"
            else:
                regex += re.escape(part)
        return re.compile(regex, re.IGNORECASE)


def _claims(source: str, *texts: str) -> list[Claim]:
    return [Claim(source, text) for text in texts]


ALLOWED: Final[dict[str, list[Claim]]] = {
    "A appeal": [
        *_claims("§1 (no fees), §8", "Appealing is free.",
                 "It is free to appeal, you don't need a lawyer, and legal aid may be available "
                 "if you would like one."),
        *_claims("§1A (which decisions can be appealed)",
                 "You have the right to appeal against {}.",
                 "{} has the right to appeal against {}.",
                 "Appeals go to the First-tier Tribunal (SEND), often called the SEND Tribunal: "
                 "an independent tribunal that settles disagreements about special educational "
                 "needs.",
                 "A draft plan can't be appealed yet, but now is the best time to get it changed.",
                 "Once the final plan is issued, you can appeal to the First-tier Tribunal (SEND), "
                 "often called the SEND Tribunal, if you still disagree with the description of "
                 "{} needs (Section B), the help set out for {} (Section F) or the school named "
                 "(Section I).",
                 "For Sections B or F you'll need a mediation certificate first (see the "
                 "mediation adviser's details in that letter); for an appeal only about the "
                 "school, you won't.",
                 "Because your appeal is only about the school named in the plan, you don't need "
                 "a mediation certificate before appealing.",
                 "You can still ask for mediation if you think it would help.",
                 "Before you can appeal, you need a mediation certificate."),
        *_claims("§1A (cease: plan stays in force)",
                 "While an appeal is going on, {} EHC plan stays in force, and the council must "
                 "keep providing the help in it until the tribunal decides.",
                 "[[If you don't appeal|If there is no appeal]], the plan ends once the time for "
                 "appealing has run out."),
        *_claims("§1A (who can appeal)",
                 "As {} is over compulsory school age, the right to appeal is {} own, so the "
                 "appeal is made in {} name.",
                 "You can help {} with it, and you can act for {} if {} lacks the mental "
                 "capacity to make the decision.",
                 "While {} is of compulsory school age, the right to appeal is yours.",
                 "After the end of compulsory schooling it becomes {} own, and the appeal is "
                 "then made in {} name, with your help."),
        *_claims("§1C (draft plan, 15 days), D8",
                 "You have at least 15 days to send the council your comments, counting the day "
                 "the draft was sent to you as day 1.",
                 "In that time you can also ask for a meeting with the council and say which "
                 "school you would like named in the plan.",
                 "As the draft was sent on {}, please send your comments by {}.",
                 "The most important date: please send your comments on the draft plan by {}."),
        *_claims("§0 D1-D5 (appeal deadline)",
                 "You'll have 2 months from the date on the letter that comes with the final "
                 "plan.",
                 "The decision letter is dated {}, so the last day to send [[your|the]] appeal "
                 "is {}.",
                 "The last day to send [[your|the]] appeal is {}.",
                 "This takes account of your mediation certificate dated {}: the deadline is "
                 "whichever is later, 2 months from the decision letter or 1 month from the "
                 "certificate.",
                 "You must appeal within 2 months of the date printed on the decision letter, or "
                 "within 1 month of the date on your mediation certificate if that is later.",
                 "The usual deadline was {}, and it has now passed.",
                 "The most important date: the last day to send [[your|the]] appeal to the "
                 "tribunal is {}."),
        *_claims("§1B (missed the deadline)",
                 "Please don't give up: send [[your|the]] appeal as soon as you can, with a "
                 "short explanation of why it is late.",
                 "The tribunal can accept a late appeal, especially if the council's letter "
                 "didn't clearly explain your right to appeal and the time limit."),
        *_claims("§1B (mediation adviser, certificate)",
                 "To get one, contact the mediation adviser named in the council's letter, "
                 "within 2 months of the date on the letter.",
                 "Tell them that you want to appeal, and whether you would like to try "
                 "mediation:",
                 "- if you don't want mediation, they must send you the certificate within 3 "
                 "working days;",
                 "- if you do, the council must arrange mediation within 30 days, and you'll get "
                 "the certificate within 3 working days after it ends."),
        *_claims("§8 (the clock)",
                 "Asking for mediation does not stop or pause the 2-month time limit, so please "
                 "contact the mediation adviser soon.",
                 "Talking things through informally with the council, for example at a \"next "
                 "steps\" meeting, is fine, but it won't change the decision and it doesn't stop "
                 "the clock.",
                 "Please don't wait for it before appealing."),
        *_claims("§1A forms, §1B (lodge the appeal)",
                 "Use form SEND35a (the form for a refused assessment).",
                 "Use form SEND35.",
                 "Use form SEND35, or form SEND35a if the council refused to carry out an "
                 "assessment.",
                 "Send it with a copy of the decision letter{}, and everything else the form's "
                 "checklist asks for, or it may be sent back to you."),
    ],
    "B exclusion": [
        *_claims("§2 (legal basis: only the headteacher), §2B step 1",
                 "Only the headteacher can [[exclude|suspend]] a pupil, and the school must tell "
                 "you in writing, with the reasons."),
        *_claims("§2A (suspensions)",
                 "You can send your views in writing to the governors, and what they must do "
                 "depends on how many school days {} has been suspended for this term in total:",
                 "- 5 days or fewer: the governors must consider what you write, but they can't "
                 "overturn the suspension.",
                 "- More than 5 and up to 15 days: if you ask, the governors must meet to "
                 "consider whether {} should come back.",
                 "- More than 15 days: the governors must meet and consider this within 15 "
                 "school days.",
                 "If a suspension means {} would miss a public exam or test, the governors must "
                 "try to meet before it.",
                 "The school should set and mark work for the first 5 days.",
                 "For a suspension longer than 5 days, suitable full-time education must be "
                 "arranged from the sixth day.",
                 "- A suspension (for a set number of days): you can send your views in writing "
                 "to the governors.",
                 "If the suspensions this term add up to more than 5 school days, you can ask "
                 "them to meet to consider whether {} should come back; over 15 days, they must "
                 "meet.",
                 "You can bring a friend or an adviser with you."),
        *_claims("§2B steps 1-2 (governors' review)",
                 "The governors must then meet to consider whether {} should go back to school, "
                 "within 15 school days of being told about the exclusion.",
                 "You have the right to go to that meeting (you can ask for it to be held "
                 "online) and to send your views in writing beforehand.",
                 "- A permanent exclusion: the governors must meet within 15 school days to "
                 "consider whether {} should go back.",
                 "You can attend and send your views."),
        *_claims("§2B step 3 (ask for an IRP), 3b (SEN expert)",
                 "I'm sorry to hear that the governors decided to uphold {} exclusion.",
                 "You can ask for an independent review panel (IRP) to look at their decision.",
                 "You must ask by {}: the request has to be made within 15 school days of the "
                 "day you were told of the governors' decision in writing.",
                 "The request has to be made within 15 school days of the day you were told of "
                 "the governors' decision in writing, and that time ran out on {}.",
                 "Late requests are usually not accepted, but please contact us straight away "
                 "so we can look at what else can be done.",
                 "The request has to be made within 15 school days of the day you were told of "
                 "the governors' decision in writing, so please act quickly.",
                 "Write to the address given in the governors' letter: usually the council for "
                 "a maintained school, or the academy trust for an academy.",
                 "In the same request, ask for a SEN expert to attend the review.",
                 "You can have one whether or not the school accepts that {} has special "
                 "educational needs; the expert helps the panel understand how {} needs may be "
                 "relevant to the exclusion.",
                 "If the governors uphold the exclusion, you can then ask for an independent "
                 "review panel (IRP) within 15 school days of being told of their decision in "
                 "writing.",
                 "In that request you can ask for a SEN expert to attend, whether or not the "
                 "school accepts that {} has special educational needs.",
                 "If they uphold it, you can ask for an independent review panel within 15 "
                 "school days of their decision, and ask for a SEN expert to attend.",
                 "The most important date: the last day to ask for an independent review of the "
                 "exclusion is {}."),
        *_claims("§2B steps 5-6 (IRP outcomes; it cannot order reinstatement)",
                 "The panel can uphold the exclusion, recommend that the governors reconsider, "
                 "or overturn (quash) the decision and direct the governors to reconsider.",
                 "It can quash the decision only if it was unlawful, unreasonable or unfair in "
                 "the way it was made.",
                 "The panel itself can't order the school to take {} back.",
                 "If it recommends or directs that the governors reconsider, they must do so "
                 "within 10 school days of being told the panel's decision."),
        *_claims("§2B (education after a permanent exclusion)",
                 "From the sixth school day of a permanent exclusion, the council must arrange "
                 "suitable full-time education for {}."),
        *_claims("§2C (discrimination about an exclusion: FTT, not IRP; reinstatement)",
                 "If you think this is linked to {} disability, you can also make a "
                 "disability discrimination claim[[.| to the First-tier Tribunal (SEND).]]",
                 "An example is the school not making reasonable adjustments for {} needs.",
                 "For a school in England, a claim about an exclusion goes to the First-tier "
                 "Tribunal (SEND), not to the independent review panel, and you can make it "
                 "before or after the review.",
                 "Unlike the review panel, the tribunal can order the school to take {} back.",
                 "For a school in England, a disability discrimination claim about an exclusion "
                 "goes to the First-tier Tribunal (SEND), not to the independent review panel.",
                 "You can make the claim before or after the review panel.",
                 "If the review panel has still to decide, the tribunal puts the claim on hold "
                 "until it has.",
                 "These claims are dealt with quickly, usually in about 6 to 8 weeks."),
        *_claims("§3A (6 months; remedies)",
                 "The tribunal must receive it within 6 months of what happened.",
                 "The tribunal must receive it within 6 months of what happened, and it can "
                 "order the school to put things right."),
        *_claims("§2D (informal exclusions, part-time timetables, managed moves)",
                 "Being asked to collect {} early, or to keep {} at home, as a way of dealing "
                 "with behaviour is an \"informal\" or \"unofficial\" exclusion.",
                 "These are unlawful, even if you agreed at the time.",
                 "If the school wants to send {} home for behaviour, it has to use the formal "
                 "exclusion process, which gives you the right to challenge it.",
                 "You can write to the headteacher asking for this to stop, or for each time to "
                 "be recorded as a formal exclusion.",
                 "- Being asked to collect {} early, or keep {} at home, without a formal "
                 "exclusion: this is an unofficial exclusion, and it is unlawful even if you "
                 "agreed.",
                 "A part-time (reduced) timetable should only be used in exceptional cases.",
                 "It must be in {} best interests and last a short time, with a clear end date.",
                 "It should be reviewed regularly with you, and recorded as authorised absence.",
                 "It must not be used to manage behaviour.",
                 "If it carries on, you can complain, ask the council to carry out an EHC needs "
                 "assessment, or ask the council to make sure {} gets a suitable full-time "
                 "education.",
                 "A managed move is voluntary: it needs everyone's agreement, including yours, "
                 "and it must be in {} best interests.",
                 "You don't have to agree to it.",
                 "If you feel pressured, you can use the school's complaints procedure and "
                 "contact the council."),
    ],
    "C discrimination": [
        *_claims("§3B (what counts as discrimination)",
                 "Under the Equality Act 2010, schools must not treat a disabled child unfairly "
                 "because of their disability.",
                 "That includes something linked to it, such as behaviour that comes from their "
                 "needs.",
                 "Schools must also make \"reasonable adjustments\".",
                 "These are sensible changes so that a disabled child isn't put at a "
                 "disadvantage.",
                 "Not making a reasonable adjustment is discrimination in itself.",
                 "Many children with special educational needs count as disabled in law.",
                 "It means a condition that has a substantial, long-term effect on everyday "
                 "life.",
                 "The Equality Advisory Support Service (EASS) can also tell you whether it "
                 "looks like discrimination, and has template letters you can use."),
        *_claims("§3A (forum, who claims), §2C (forms SEND4A/4B), §1B (no certificate)",
                 "A claim against a school (including an academy) goes to the First-tier "
                 "Tribunal (SEND), using form [[SEND4A|SEND4B (the form for a young person)]].",
                 "It is free, and you don't need a mediation certificate.",
                 "You don't have to use the school's complaints procedure first, although you "
                 "can.",
                 "As {} is over school-leaving age and under 18, {} makes the claim in {} own "
                 "name.",
                 "A claim about a council's own services or policies, a private nursery or a "
                 "college goes to the county court[[ instead.|, not the tribunal.]]",
                 "The county court works differently from the tribunal (for example, it can "
                 "award damages), so it's a good idea to get legal advice first."),
        *_claims("§3A (time limit), §0 D10",
                 "The claim must be received within 6 months, starting with the day it "
                 "happened{}.",
                 "There is no extra time for holidays, so please don't leave it until the end.",
                 "The claim had to be received within 6 months of what happened, which ran out "
                 "on {}.",
                 "The tribunal can sometimes accept a late claim, so if you want to go ahead, "
                 "please send it as soon as you can with an explanation, and contact us.",
                 "The most important date: the tribunal must receive a disability "
                 "discrimination claim by {}."),
        *_claims("§3A (remedies: any order, reinstatement; no compensation)",
                 "The tribunal can't award money.",
                 "It can order the school to put things right, for example with an apology, "
                 "staff training, a change of policy, or taking {} back after an exclusion.",
                 "It can order the school to put things right, for example with an apology, "
                 "staff training, a change of policy, or a change to how {} is supported."),
    ],
    "D complaints": [
        *_claims("§1C (6 and 20 weeks)",
                 "It may help to know the usual time limits: the council should decide whether "
                 "to carry out an EHC needs assessment within 6 weeks of the request, and issue "
                 "a final plan within 20 weeks of it."),
        *_claims("§4 (s.42: the council's duty for Section F; resources no defence)",
                 "The council has the legal duty to make sure {} gets the help set out in "
                 "Section F of {} EHC plan (section 42 of the Children and Families Act 2014){}",
                 "The council has the legal duty to secure the help set out in Section F of {} "
                 "EHC plan (section 42 of the Children and Families Act 2014){}",
                 "It is still the council's duty when the school or the NHS gives the help day "
                 "to day.",
                 "So an NHS waiting list or a staff shortage doesn't change it: a lack of money "
                 "or staff is no defence.",
                 "Say that the council must secure the help under section 42, and ask when it "
                 "will be in place.",
                 "Under section 42 of the Children and Families Act 2014, the council must "
                 "secure the special educational provision in Section F of {} plan.",
                 "If this is about help in {} EHC plan not being provided, the council has a "
                 "legal duty to make sure the help in Section F of the plan is given, even when "
                 "the school delivers it.",
                 "As well as complaining to {}, write to the EHC coordinator at {}, saying that "
                 "the council must secure this help under section 42 and asking when it will be "
                 "in place."),
        *_claims("§4 (route: school, council, NHS complaints; LGSCO, DfE, PHSO)",
                 "If that doesn't work either, the next step is a formal complaint using {} "
                 "complaints procedure.",
                 "If this doesn't put things right, the next step is a formal complaint using {} "
                 "complaints procedure, and after that the Local Government and Social Care "
                 "Ombudsman.",
                 "As you've already raised this informally and it hasn't been sorted out, the "
                 "next step is a formal complaint.",
                 "The next step is a formal complaint.",
                 "Use {} complaints procedure{}",
                 "For a council-run (maintained) school it normally has stages that end with a "
                 "panel of governors; for an academy, it is the academy trust's procedure.",
                 "If you have been through every stage and you are unhappy with how your "
                 "complaint was handled, you can then ask the Department for Education to look "
                 "at it.",
                 "If the council doesn't put things right, you can then go to the Local "
                 "Government and Social Care Ombudsman (LGSCO), an independent and free "
                 "service.",
                 "You normally need to go to the ombudsman within 12 months of first knowing "
                 "about the problem.",
                 "Use the NHS complaints procedure of the service involved, or of the Integrated "
                 "Care Board (the local NHS body that plans and pays for health services).",
                 "You should normally complain within 12 months of the problem, or of when you "
                 "found out about it.",
                 "If the NHS doesn't resolve it, you can then go to the Parliamentary and Health "
                 "Service Ombudsman.",
                 "- A school: the school's complaints procedure, usually on its website.",
                 "After that, the Department for Education can check how your complaint was "
                 "handled.",
                 "- The council: the council's complaints procedure, and after that the Local "
                 "Government and Social Care Ombudsman (usually within 12 months of first "
                 "knowing about the problem).",
                 "- A health service: the NHS complaints procedure (normally within 12 months), "
                 "and after that the Parliamentary and Health Service Ombudsman.",
                 "Many organisations have time limits for making a complaint, so please check "
                 "the procedure and try not to wait.",
                 "If {} complaints procedure hasn't put things right, you can ask the Local "
                 "Government and Social Care Ombudsman (LGSCO) to look at it.",
                 "The ombudsman is independent and free, and can ask the council to apologise, "
                 "to put things right and to change how it works.",
                 "Usually you need to have finished the council's complaints procedure first, "
                 "and you should normally go to the ombudsman within 12 months of first knowing "
                 "about the problem.",
                 "The ombudsman can't look at decisions you could have appealed to the SEND "
                 "Tribunal, and it can't look into most things that happen inside schools.",
                 "Once you have been through every stage of {} complaints procedure, you can ask "
                 "the Department for Education (DfE) to look at your complaint.",
                 "The DfE checks whether the school handled your complaint properly and followed "
                 "its own procedure; it can't overturn the school's decisions.",
                 "The Local Government and Social Care Ombudsman can't look at complaints about "
                 "academies, and most complaints about what happens inside a school go to the "
                 "DfE rather than the ombudsman.",
                 "If the NHS complaints procedure hasn't put things right, you can ask the "
                 "Parliamentary and Health Service Ombudsman (PHSO) to look at it.",
                 "It is independent and free.",
                 "It usually needs the NHS complaint to have finished first, and you should "
                 "normally go to it within 12 months of becoming aware of the problem.",
                 "If the organisation's own complaints procedure hasn't put things right, an "
                 "independent body can look at it.",
                 "- The council: the Local Government and Social Care Ombudsman (www.lgo.org.uk), "
                 "normally within 12 months of first knowing about the problem.",
                 "It can't look at decisions you could have appealed to the SEND Tribunal.",
                 "- A school or academy: the Department for Education (search GOV.UK for "
                 "\"complain about a school\"), which checks how the school handled your "
                 "complaint.",
                 "- A health service: the Parliamentary and Health Service Ombudsman "
                 "(www.ombudsman.org.uk), normally within 12 months.",
                 "Usually you need to have finished the organisation's complaints procedure "
                 "first.",
                 "In your complaint, say what went wrong and when, the impact on {}, what you've "
                 "already done to sort it out, and what you would like to happen now.",
                 "If you don't hear back, or the reply doesn't sort things out, you can contact "
                 "their manager{}.",
                 "It helps to say this in your complaint.",
                 "It helps to send a short summary of what happened, with dates, copies of your "
                 "complaint and the replies you had, and what you would like to happen now.",
                 "Search GOV.UK for \"complain about a school\".",
                 "You can complain online at www.lgo.org.uk.",
                 "It depends on who the complaint is about:"),
    ],
    "General": [
        *_claims("§1A, §4 (an appealable decision is appealed, not complained about)",
                 "- If you've had a decision letter that gives you a right of appeal, appealing "
                 "is the way to get the decision changed.",
                 "A complaint won't change it, and there are time limits, so please tell us if "
                 "you have a letter like this.",
                 "- If you feel {} has been treated unfairly because of a disability, you may be "
                 "able to make a disability discrimination complaint or claim.",
                 "If that doesn't work, you can make a formal complaint."),
        *_claims("§5, §6 (SENDIASS, IPSEA)",
                 "- Your local SEND Information, Advice and Support Service (SENDIASS) "
                 "[[gives free, impartial and confidential advice, and can help with letters, "
                 "forms and meetings.|is free, impartial and confidential.]]",
                 "- IPSEA (www.ipsea.org.uk) is a national charity that gives free, legally "
                 "based advice about SEND, including model letters you can use."),
    ],
}

# The plain-words version (replies/templates/simple/) says the same law in shorter sentences.
ALLOWED["Plain words"] = [
    *_claims("§1 (no fees), §1A (appealable decisions; who can appeal)",
             "You can appeal against the council's decision.",
             "{} can appeal against the council's decision.",
             "{} is over school age, so {} makes the appeal.",
             "You appeal to the SEND Tribunal.",
             "It is free."),
    *_claims("§0 D1-D5, §1B (deadline, late appeals)",
             "Send the appeal by {}.",
             "The last day was {}.",
             "Send the appeal as soon as you can.",
             "You must appeal within 2 months of the date on the council's letter.",
             "The most important date is {}."),
    *_claims("§1A, §1B (mediation certificate; not for Section I only)",
             "You do not need a mediation certificate.",
             "First, you need a mediation certificate.",
             "Contact the mediation adviser."),
    *_claims("§1A forms, §1B",
             "Then fill in form [[SEND35|SEND35a]]."),
    *_claims("§2B (governors' review, IRP, SEN expert, outcomes)",
             "You can ask for an independent review panel.",
             "The panel looks at the governors' decision.",
             "You must ask by {}.",
             "You must ask within 15 school days of the governors' letter.",
             "Write to the address in the governors' letter.",
             "Ask for a SEN expert to come to the review.",
             "The panel cannot make the school take {} back.",
             "It can tell the governors to think again.",
             "The governors must meet within 15 school days.",
             "If the governors say no, you can ask for an independent review panel.",
             "You must ask within 15 school days of their letter."),
    *_claims("§2C, §3A (discrimination about an exclusion: FTT, 6 months, reinstatement)",
             "If you think this happened because of {} disability, you can also make a claim "
             "to the SEND Tribunal.",
             "It must get your claim within 6 months.",
             "The tribunal can make the school take {} back.",
             "A claim about an exclusion goes to the tribunal, not to the review panel."),
    *_claims("§2 (only the headteacher), §2A (suspensions)",
             "Only the head teacher can suspend a child.",
             "The school must tell you why, in writing.",
             "You can write to the school governors.",
             "If the suspensions this term add up to 5 days or less, the governors must read "
             "your letter.",
             "They cannot cancel the suspension.",
             "If they add up to more than 5 days, you can ask the governors to meet.",
             "They must then think about letting {} come back.",
             "The school must set work for {} to do at home."),
    *_claims("§2D (informal exclusions, part-time timetables)",
             "Sending {} home for behaviour without a formal exclusion is not allowed.",
             "It must not be used as a punishment."),
    *_claims("§3B, §3A (discrimination: duties, forum, who claims, time, remedies)",
             "Schools must not treat a disabled child unfairly because of their disability.",
             "They must also make reasonable changes to help.",
             "You can make a claim to the SEND Tribunal.",
             "{} is over school age, so {} makes the claim.",
             "A claim about the council's own services goes to the county court.",
             "The tribunal must get the claim by {}.",
             "The tribunal must get the claim within 6 months of what happened.",
             "The tribunal cannot give you money."),
    *_claims("§4 (s.42 duty; complaints; LGSCO; DfE)",
             "The council must make sure {} gets the help in Section F of the EHC plan.",
             "This is the law (section 42 of the Children and Families Act 2014).",
             "You can make a formal complaint.",
             "Use the complaints procedure of the school or the council.",
             "For the council, this is the Local Government and Social Care Ombudsman.",
             "You should usually go to them within 12 months.",
             "For a school, you can ask the Department for Education to check how the school "
             "dealt with your complaint."),
    *_claims("§1A, §4 (overview)",
             "If the council sent you a letter with a decision, you may be able to appeal.",
             "There is a time limit, so please tell us the date on the letter.",
             "If you think the school treated {} unfairly because of a disability, you may be "
             "able to make a claim."),
    *_claims("§5, §6 (SENDIASS)",
             "You can get free help from your local SENDIASS."),
]

# Statements send-routes.md contradicts, with the section that does.
FORBIDDEN: Final = [
    Claim("§2C: discrimination about an exclusion goes to the FTT, not the IRP (England)",
          r"discrimination[^.]*\b(?:goes|go|is made|are made) to the (?:independent review "
          r"panel|IRP)"),
    Claim("§2C: the FTT can order reinstatement",
          r"tribunal (?:can't|cannot|can not|is not able to) order [^.]*\b(?:back|reinstat)"),
    Claim("§2B step 5: the IRP cannot order reinstatement",
          r"\b(?:panel|IRP) can order [^.]*\b(?:back|reinstat)"),
]


def legal_sentences(body: str, parents_words: str = "") -> list[str]:
    """The sentences of ``body`` that state something about the law.

    Headings and questions put to the parent (no closing punctuation) and sentences quoted
    from the parent's own email (``parents_words``) are not the draft's statements.
    """
    theirs = _folded(parents_words)
    sentences = []
    for line in body.splitlines():
        for sentence in _SENTENCE.split(line.strip()):
            if not sentence or sentence[-1] not in ".:;!?" or not LEGAL_WORDS.search(sentence):
                continue
            if theirs and _folded(sentence) in theirs:
                continue
            sentences.append(sentence)
    return sentences


def _folded(text: str) -> str:
    """Whitespace, quotes and dashes folded, as the classifier's evidence sentences are."""
    text = text.translate(_FOLD)
    return " ".join(text.split())


def unsupported(body: str, parents_words: str = "") -> list[str]:
    """Legal sentences of ``body`` that no allowed claim covers."""
    patterns = [c.pattern for claims in ALLOWED.values() for c in claims]
    return [s for s in legal_sentences(body, parents_words)
            if not any(p.fullmatch(s) for p in patterns)]


def contradicted(body: str) -> list[tuple[str, str]]:
    """(sentence, why) for each sentence send-routes.md contradicts."""
    found = []
    for sentence in legal_sentences(body):
        for claim in FORBIDDEN:
            if re.search(claim.text, sentence, re.IGNORECASE):
                found.append((sentence, claim.source))
    return found
