"""Rule cues a SEND adviser reads for: decisions, exclusions, unfair treatment, delay, risk.

Each cue is a regular expression with a category (or a safeguarding / stage kind), a subtype and
a weight (how sure the cue alone makes us). ``find_cues`` runs them once over the text and marks
each hit negated when a negation or a hypothetical ("if they refuse") governs it in its clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

# --- building blocks --------------------------------------------------------------------------
POSS = r"(?:his|her|their|my (?:son|daughter|child)'s|[a-z]+'s)"
LA = (
    r"(?:la|l\.a\.|local authority|council|county|borough|sen (?:team|department|dept)|"
    r"send (?:team|service|department)|ehc (?:team|hub)|panel|caseworker|case officer|ehcco)"
)
# No optional words in front ("an", "the", "EHC needs"): they never change whether a cue is
# found, and a leading optional group makes the regex engine try every position of the text.
ASSESS = r"(?:assess(?:ment|ing|ed)?|ehc ?n?a\b|ehcna)"
PLAN = r"(?:ehc ?p|plan|statement)\b"
REFUSE = (
    r"(?:refus(?:e|ed|es|ing|al)|decline[ds]?|declining|turn(?:ed|s|ing)? (?:us |it |him |her )"
    r"?down|"
    r"reject(?:ed|s|ing)?|den(?:y|ied|ies)|knocked back|said no|say no|says no)"
)
DISABILITY = (
    r"(?:autis\w*|asd|asc|adhd|add|disabilit\w*|disabled|diagnos\w*|condition|sen\b|send\b|"
    r"special needs|additional needs|needs|dyslexi\w*|dyspraxi\w*|epilep\w*|diabet\w*|"
    r"wheelchair|cerebral palsy|down'?s? syndrome|anxiety|tourette'?s?|tics|pda|sensory|"
    r"hearing|deaf\w*|visual impairment|blind\w*|medical needs|learning difficult\w*|"
    r"spd|ocd|global delay|speech (?:delay|difficult\w*)|stammer|selective mutism|"
    r"cystic fibrosis|mobility|chromosom\w*|fasd|foetal alcohol|hypermobility|eds|crohn'?s)"
)
ACTIVITY = (
    r"(?:trips?|residential|prom|school play|nativity|sports day|swimming|disco|assembl(?:y|ies)|"
    r"clubs?|after[- ]school club|breakfast club|activit(?:y|ies)|celebrations?|graduation|"
    r"leavers'? (?:do|party|assembly)|rewards? (?:day|trip|event)|visits?|outings?|ceremony|"
    r"class photo|school photo|performance|concert|pantomime|christmas (?:party|play|dinner)|"
    r"end of year (?:party|trip)|pe\b|p\.e\.|games|forest school|camp|field trip|"
    r"work experience|exams? room|the hall|the canteen|lunch hall|playtime|breaktime|golden time)"
)

ADVERSE = (
    r"(?:not (?:allowed|invited|permitted|welcome)|isn't allowed|wasn't allowed|can't go|cannot go|"
    r"couldn't go|refus\w*|banned|barred|excluded|exclud\w+|suspended|sent (?:\w+ )?home|"
    r"punish\w*|treated|told|stopped|left out|won't let|wouldn't let|made (?:him|her|them)|"
    r"detentions?|isolation|sanction\w*|discriminat\w*|picked on|singled out|shouted|"
    r"restrain\w*|kept (?:him|her|them)|ma(?:de|ke|kes|king) (?:my (?:son|daughter|child)|him|"
    r"her|them)|removed|taken off|dropped|uninvited|penalis\w*|"
    r"humiliat\w*|told off|mocked|blamed|judged|ignored|denied|suspension|exclusion)"
)

NEGATION_RE: Final = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|yet to|instead of|rather than|"
    r"no longer|haven't|hasn't|hadn't|didn't|don't|doesn't|isn't|aren't|wasn't|weren't|"
    r"havent|hasnt|didnt|dont|doesnt|isnt|arent|wasnt|werent|cannot say|unlikely)\b",
    re.IGNORECASE,
)
# A condition governs its whole clause ("if the council refuses to assess"); an intention or a
# fear only the words right after it ("they want to exclude him", not "I want to appeal the
# exclusion").
CONDITIONAL_RE: Final = re.compile(
    r"\b(?:if|whether|in case|what happens if|what if|suppose|supposing|should they|"
    r"in the event|hypothetically|before they)\b"
)
INTENT_RE: Final = re.compile(
    r"\b(?:might|may|could|would|worried (?:that )?(?:they|he|she)(?:'ll| will)|"
    r"threaten(?:ed|ing|s)? (?:to|with)|talk(?:ed|ing)? (?:of|about)|mentioned|considering|"
    r"thinking (?:of|about)|planning to|want(?:s|ed)? to|trying to|try to|afraid|scared|"
    r"worried|fear|risk of|on the verge|close to|nearly|almost)\b(?:\s+\S+)?\s*$"
)
# "Isn't this discrimination?" asks the adviser to agree: the "n't" does not negate the cue.
RHETORICAL_RE: Final = re.compile(
    r"(?:^|[?!.]\s*)(?:isn't|isnt|is not|wasn't|surely)\s+(?:this|that|it)\s+(?:just\s+|"
    r"clearly\s+|basically\s+|a case of\s+|a form of\s+)?$|\b(?:is|was)\s+(?:this|that|it)\s+"
    r"not\s+(?:a case of\s+|a form of\s+)?$"
)
CLAUSE_BREAK_RE: Final = re.compile(
    r"(?:[,;:()\"]|\s-\s|\b(?:but|and then|and|so|because|however|although|though|whereas|"
    r"then|now|after|when|which|who|since)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    """One rule: the kind of thing it signals, how strongly, and the pattern."""

    name: str
    kind: str  # a category, "safeguarding", "stage", "near_miss:<category>" or "resolved"
    subtype: str
    weight: float
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = True
    hypothetical_sensitive: bool = True


def _cue(
    name: str,
    kind: str,
    subtype: str,
    weight: float,
    pattern: str,
    *,
    negatable: bool = True,
    hypothetical: bool = True,
) -> Cue:
    # Patterns are written in lower case and run over the lower-cased text: a case-insensitive
    # regex is several times slower in CPython's engine. Each top-level alternative is compiled
    # on its own without its leading \b (checked on each match in ``find_cues`` instead): both
    # let the engine skip straight to the letters an alternative can start with.
    branches = tuple(
        re.compile(branch[2:] if branch.startswith("\\b") else branch)
        for branch in _top_level_branches(pattern)
    )
    return Cue(name, kind, subtype, weight, branches, negatable, hypothetical)


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """``(index, char, depth)`` for each character of ``pattern`` outside escapes and ``[...]``
    classes, where ``depth`` is the group nesting after that character."""
    depth = 0
    in_class = False
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
            yield index, char, depth


def _top_level_branches(pattern: str) -> list[str]:
    """Split ``a|b|(c|d)`` into ``a``, ``b``, ``(c|d)``; also splits a single outer group."""
    cuts = [index for index, char, depth in _structure(pattern) if char == "|" and depth == 0]
    edges = [-1, *cuts, len(pattern)]
    branches = [pattern[a + 1:b] for a, b in pairwise(edges)]
    if len(branches) == 1:
        inner = _outer_group(pattern)
        if inner is not None:
            return _top_level_branches(inner)
    return branches


def _outer_group(pattern: str) -> str | None:
    """``X`` for a pattern that is ``\\b(?:X)`` or ``(?:X)`` as a whole, else None."""
    body = pattern[2:] if pattern.startswith("\\b") else pattern
    if not body.startswith("(?:") or not body.endswith(")"):
        return None
    closes_early = any(char == ")" and depth == 0 and index != len(body) - 1
                       for index, char, depth in _structure(body))
    if closes_early:
        return None
    prefix = "\\b" if pattern.startswith("\\b") else ""
    return "|".join(f"{prefix}{branch}" for branch in _split_inner(body[3:-1]))


def _split_inner(inner: str) -> list[str]:
    return _top_level_branches(inner) if inner else [inner]


# --- appeal: an appealable decision of the local authority -----------------------------------
APPEAL_CUES: Final = (
    _cue("refuse_assessment_a", "appeal", "refuse_assessment", 0.95,
         rf"\b{REFUSE}\b[^.?!\n]{{0,70}}?\b(?:to )?(?:carry out |do |agree to )?{ASSESS}"),
    _cue("refuse_assessment_b", "appeal", "refuse_assessment", 0.95,
         rf"{ASSESS}[^.?!\n]{{0,40}}?\b(?:was|has been|had been|were|got|is|been|being)\s+"
         rf"(?:\w+ )?{REFUSE}"),
    _cue("refuse_assessment_c", "appeal", "refuse_assessment", 0.95,
         r"\b(?:not|won't|will not|wouldn't|would not|aren't|are not|isn't|is not)\s+(?:going\s+)?"
         r"(?:to\s+)?(?:be\s+)?(?:carry(?:ing)? out|do(?:ing)?|proceed(?:ing)? (?:with|to)|"
         r"go(?:ing)? ahead (?:with|to)|agree(?:ing)? to|assessing|assess)\b\s*"
         rf"(?:{ASSESS}|him|her|them)?",
         negatable=False),
    _cue("refuse_assessment_d", "appeal", "refuse_assessment", 0.95,
         r"\b(?:decided|decision|chose|agreed) not to (?:carry out (?:an? )?(?:ehc ?|needs )?|"
         r"do (?:an? )?|proceed (?:with|to) (?:an? )?)?(?:assess|assessment|ehc ?n?a)",
         negatable=False),
    _cue("refuse_assessment_e", "appeal", "refuse_assessment", 0.9,
         r"\b(?:doesn't|does not|didn't|did not|don't|do not|wasn't|not)\s+(?:meet|meeting|reach|"
         r"hit)\s+(?:the |their )?(?:criteria|threshold|bar)\b",
         negatable=False),
    _cue("refuse_assessment_f", "appeal", "refuse_assessment", 0.95,
         r"\b(?:ehc ?n?a|ehcna|assessment|request)\b[^.?!\n]{0,30}\b(?:turned down|refused|"
         r"declined|rejected|knocked back|not agreed|was unsuccessful)"),
    _cue("refuse_assessment_g", "appeal", "refuse_assessment", 0.9,
         r"\bno to (?:the |an? )?(?:ehc ?n?a|assessment|assessing|assess|needs assessment)",
         negatable=False),
    _cue("refuse_other_a", "appeal", "refuse_assessment", 0.85,
         r"\b(?:ehc ?n?a|ehcna|ehc ?p|ehc plan|assessment|application|request)\b[^.?!\n]{0,40}"
         r"\b(?:not (?:been )?(?:agreed|approved|accepted|successful)|unsuccessful|"
         r"(?:has been|was|got|been) (?:declined|rejected|refused|turned down|knocked back))",
         negatable=False),
    _cue("refuse_other_b", "appeal", "refuse_plan", 0.85,
         r"\b(?:decided|decision|concluded|said|say|says|think|feel)\b[^.?!\n]{0,30}\b(?:he|she|"
         r"they|it|[a-z]+)\s+(?:doesn't|does not|don't|do not|didn't|did not|won't)\s+"
         r"(?:need|require|qualify for|meet the (?:criteria|threshold) for)\s+(?:an? )?"
         r"(?:ehc ?p|ehc plan|plan|statutory|assessment|needs assessment|ehc ?n?a)",
         negatable=False),
    _cue("refuse_other_c", "appeal", "refuse_plan", 0.85,
         r"\b(?:ehc ?p|ehc plan|plan|assessment)\b[^.?!\n]{0,15}\b(?:is|was|isn't|wasn't)\s+"
         r"(?:not\s+)?(?:necessary|needed|required|appropriate|warranted)\b|\bsaid no to\s+"
         r"(?:an? |the )?(?:ehc ?p|ehc plan|plan|application)", negatable=False),
    _cue("refuse_plan_a", "appeal", "refuse_plan", 0.95,
         rf"\b(?:{REFUSE}|not|won't|will not|decided not|decision not)\b[^.?!\n]{{0,25}}?"
         rf"\b(?:to )?(?:be )?(?:issu(?:e|es|ed|ing)|giv(?:e|es|ing)|grant(?:s|ing)?|mak(?:e|es|"
         rf"ing)|draw(?:ing)? up|writ(?:e|es|ing))\b[^.?!\n]{{0,45}}?{PLAN}",
         negatable=False),
    _cue("refuse_plan_b", "appeal", "refuse_plan", 0.8,
         r"\b(?:needs|he|she|they|it)\b[^.?!\n]{0,40}\bcan (?:be|still be) met\b[^.?!\n]{0,40}"
         r"\b(?:sen support|existing resources|within (?:the )?(?:school'?s? )?(?:own )?resources|"
         r"ordinarily available|without an? (?:ehc ?p|plan)|(?:from|with|through|by) (?:what|the "
         r"resources|the support|the funding) (?:the )?(?:school|college|setting|nursery) "
         r"(?:already )?(?:has|have|gets|get|provides?)|(?:from|within|through) (?:the )?"
         r"(?:school'?s?|college'?s?|setting'?s?|their|its) (?:own )?(?:budget|funding|resources)|"
         r"(?:through|by) (?:the )?graduated (?:approach|response))",
         negatable=False),
    _cue("refuse_plan_e", "appeal", "refuse_plan", 0.65,
         r"\bsen support (?:is|was|would be|will be|should be) (?:enough|sufficient|adequate)\b",
         negatable=False),
    _cue("refuse_assessment_i", "appeal", "refuse_assessment", 0.9,
         r"\bthere (?:won't|will not|isn't going to|is not going to|wouldn't|would not|shouldn't|"
         r"will be no|is to be no) (?:be )?(?:an? |any )?(?:ehc |statutory |needs |further )*"
         r"(?:assessment|ehc ?n?a)\b|\b(?:decided|ruled|came down) against (?:an? |the )?"
         r"(?:ehc |statutory |needs )*(?:assessment|assessing|ehc ?n?a)\b", negatable=False),
    _cue("refuse_plan_c", "appeal", "refuse_plan", 0.85,
         r"\b(?:no|not getting|won't get|isn't getting|not going to get)\s+(?:an? )?(?:ehc ?p|ehc "
         r"plan|plan)\b"
         r"[^.?!\n]{0,40}\b(?:after|following|despite)\b[^.?!\n]{0,20}\bassess",
         negatable=False),
    _cue("refuse_plan_d", "appeal", "refuse_plan", 0.9,
         r"\bassess(?:ed|ment)\b[^.?!\n]{0,80}\b(?:but|and)\b[^.?!\n]{0,40}\b(?:(?<!still )"
         r"(?<!yet )no (?:ehc ?p|plan)(?! (?:yet|still|has|have|had|issued|in place|arrived|sent|"
         r"back))|not (?:to )?issue|won't issue|refused to issue|said no|"
         r"sen support (?:is|was) enough|"
         r"decided against)",
         negatable=False),
    _cue("plan_contents_a", "appeal", "plan_contents", 0.85,
         r"\b(?:final|finalised|amended|new|issued)\s+(?:ehc ?p|ehc plan|plan|version)"
         r"\b[^.?!\n]{0,120}"
         r"\b(?:vague|missing|cut|reduced|removed|taken out|left out|wrong|not (?:specific|"
         r"quantified|enough|right|what)|doesn't (?:include|say|mention|specify|reflect)|does not|"
         r"unhappy|not happy|disagree|woolly|wooly|no (?:mention|hours|therapy|salt|ot)|"
         r"inadequate|watered down|isn't|nothing about|ignores|terrible|useless|rubbish|"
         r"appeal)"),
    _cue("plan_contents_b", "appeal", "plan_contents", 0.85,
         r"\b(?:disagree|unhappy|not happy|not agree|don't agree|dispute|challenge|appeal)\w*\b"
         r"[^.?!\n]{0,60}\b(?:sections? [bfi]\b|the final (?:ehc ?p|plan)|the amended (?:ehc ?p|"
         r"plan)|"
         r"contents? of (?:the |his |her )?(?:ehc ?p|plan)|what(?:'s| is) in the (?:ehc ?p|plan))"),
    _cue("plan_contents_c", "appeal", "plan_contents", 0.75,
         r"\bsection [bf]\b[^.?!\n]{0,80}\b(?:vague|missing|cut|removed|not (?:specific|"
         r"quantified)|doesn't|does not|wrong|no |isn't|left out|woolly|wooly)"),
    _cue("plan_contents_g", "appeal", "plan_contents", 0.7,
         r"\b(?:taken out|took out|removed|cut|reduced|deleted|replaced|watered down|dropped)\b"
         r"[^.?!\n]{0,60}\bsection [bfi]\b|\bsection [bfi]\b[^.?!\n]{0,50}\b(?:taken out|removed|"
         r"cut|reduced|deleted|replaced|watered down|dropped)\b"),
    _cue("plan_contents_d", "appeal", "plan_contents", 0.7,
         r"\b(?:hours|support|therapy|salt|ot|1:1|one[- ]to[- ]one|ta support)\b[^.?!\n]{0,30}"
         r"\b(?:cut|reduced|removed|taken out|halved)\b[^.?!\n]{0,60}\b(?:ehc ?p|plan|section f)"),
    _cue("plan_contents_e", "appeal", "plan_contents", 0.75,
         r"\b(?:issued|finali[sz]ed|sent (?:us|me|out)|received|got)\s+(?:the\s+|his\s+|her\s+|"
         r"their\s+|our\s+|a\s+)?(?:final\s+|amended\s+|new\s+)?(?:ehc ?p|ehc plan|plan)\b"
         r"[^.?!\n]{0,120}\b(?:vague|missing|cut|reduced|removed|wrong|not (?:specific|quantified|"
         r"enough|right)|doesn't|does not|unhappy|not happy|disagree|don't agree|woolly|wooly|"
         r"inadequate|watered down|nothing about|ignores|appeal)|\b(?:ehc ?p|plan)\s+(?:was|has "
         r"been|got|had been)\s+(?:finali[sz]ed|issued|amended)\b[^.?!\n]{0,120}\b(?:vague|"
         r"missing|cut|reduced|removed|wrong|not|doesn't|unhappy|disagree|don't agree|appeal)"),
    _cue("plan_contents_f", "appeal", "plan_contents", 0.65,
         r"\b(?:ehc ?p|ehc plan|plan|section [bf])\b[^.?!\n]{0,50}\b(?:doesn't|does not|don't|"
         r"do not|fails to|failed to|didn't|did not)\s+(?:\w+\s+)?(?:reflect|include|mention|"
         r"specify|quantify|say how|cover|contain|match|address|describe)\b"),
    _cue("appeal_intent", "appeal", "", 0.75,
         r"\b(?:(?:want|going|plan(?:ning)?|intend(?:ing)?|like|decided|hoping|need) to appeal|"
         r"appeal(?:ing)? (?:against )?(?:the|this|that|their|his|her|a) (?:decision|plan|ehc ?p|"
         r"refusal|final plan|section|outcome|la|council|local authority)|regist(?:er|ered|ering) "
         r"(?:an|our|the|my) appeal|lodg(?:e|ed|ing) (?:an|our|the|my) appeal|send ?35a?)\b"
         r"(?![^.?!\n]{0,40}\b(?:exclu\w*|suspen\w*|admissions?|school place|governors|pip|dla|"
         r"benefit))", hypothetical=False),
    _cue("section_i_a", "appeal", "section_i_only", 0.85,
         r"\b(?:named|naming|name|put)\b[^.?!\n]{0,30}\b(?:wrong|a mainstream|another|different|"
         r"the mainstream)\s+(?:\w+\s+)?(?:school|placement|setting)|\bwrong (?:school|"
         r"placement|setting|college)\b[^.?!\n]{0,20}\b(?:named|in (?:the )?(?:plan|ehc ?p|section "
         r"i))"),
    _cue("section_i_b", "appeal", "section_i_only", 0.85,
         r"\b(?:won't|will not|refus\w*|not|decline\w*)\b[^.?!\n]{0,20}\bname\b[^.?!\n]{0,40}"
         r"\b(?:school|placement|setting|college)", negatable=False),
    _cue("section_i_c", "appeal", "section_i_only", 0.8,
         r"\bsection i\b[^.?!\n]{0,80}\b(?:school|placement|setting|wrong|named|mainstream|"
         r"special)"),
    _cue("section_i_d", "appeal", "section_i_only", 0.7,
         r"\b(?:placement|special school|specialist (?:school|provision|placement))\b[^.?!\n]{0,30}"
         r"\b(?:was |has been |had been )?(?:refused|turned down|rejected|declined)"),
    _cue("reassess_a", "appeal", "refuse_reassessment", 0.9,
         rf"\b(?:{REFUSE}|won't|will not|not)\b[^.?!\n]{{0,30}}\bre-?assess"),
    _cue("reassess_b", "appeal", "refuse_reassessment", 0.9,
         rf"\bre-?assessment\b[^.?!\n]{{0,30}}\b(?:was |has been |had been )?{REFUSE}"),
    _cue("refuse_amend_a", "appeal", "refuse_amend", 0.85,
         r"\b(?:refus\w*|won't|will not|not going|decided not|decline\w*)\b[^.?!\n]{0,20}"
         r"\b(?:to )?(?:amend|change|update)\b[^.?!\n]{0,20}(?:the |his |her |their )?"
         r"(?:ehc ?p|plan|it)\b", negatable=False),
    _cue("refuse_amend_b", "appeal", "refuse_amend", 0.8,
         r"\b(?:keep(?:ing)?|maintain(?:ing)?|leave|leaving)\b[^.?!\n]{0,20}"
         r"\b(?:the )?(?:ehc ?p|plan|it)\b[^.?!\n]{0,10}\b(?:the same|as it is|unchanged|without "
         r"change)"),
    _cue("refuse_amend_c", "appeal", "refuse_amend", 0.75,
         r"\bannual review\b[^.?!\n]{0,120}\b(?:no changes|not (?:be )?(?:amended|changed)|"
         r"unchanged|stay the same|keep it the same|won't (?:amend|change))",
         negatable=False),
    _cue("cease_a", "appeal", "cease", 0.95,
         r"\bceas(?:e|ed|es|ing)\b[^.?!\n]{0,30}\b(?:to maintain|maintaining|the (?:ehc ?p|plan)|"
         r"(?:my|our) (?:\w+'s )?(?:ehc ?p|plan)|"
         r"his (?:ehc ?p|plan)|her (?:ehc ?p|plan)|their (?:ehc ?p|plan)|(?:the|his|her) "
         r"statement)"),
    _cue("cease_b", "appeal", "cease", 0.9,
         r"\b(?:stop(?:ping|ped)?|end(?:ing|ed)?|scrap(?:ping|ped)?|remov(?:e|ing|ed)|"
         r"tak(?:e|ing) away|withdraw(?:ing|n)?|cancel(?:l?ing|l?ed)?|clos(?:e|ing) down)\b\s+"
         r"(?:the |his |her |their |my |our |your |my \w+'s )?(?:ehc ?p|ehc plan|plan|statement)"
         r"\b"),
    _cue("cease_c", "appeal", "cease", 0.9,
         r"\b(?:ehc ?p|ehc plan|plan)\b[^.?!\n]{0,20}\b(?:will be|is being|to be|being|was|has "
         r"been)\s+"
         r"(?:ceased|stopped|ended|scrapped|withdrawn|cancelled|taken away|closed)"),
    _cue("cease_d", "appeal", "cease", 0.9, r"\bcease to maintain\b"),
    _cue("draft_plan", "appeal", "draft_plan", 0.55,
         r"\bdraft (?:ehc ?p|ehc plan|plan)\b|\bamendment notice\b|\bproposed amendments\b"),
    _cue("appeal_word", "appeal", "", 0.55,
         r"\b(?:appeal(?:ing|ed|s)?|tribunal|sendist|send35a?|mediation certificate|"
         r"certificate from (?:the )?mediat\w*|first[- ]tier tribunal|ftt)\b", hypothetical=False),
    _cue("decision_letter", "appeal", "", 0.45,
         r"\b(?:letter (?:from|of) (?:the )?(?:la|local authority|council)|"
         r"(?:la|council|local authority)(?:'s)? (?:decision|letter))\b", hypothetical=False),
    _cue("refuse_assessment_h", "appeal", "refuse_assessment", 0.85,
         rf"{ASSESS}[^.?!\n]{{0,60}}\b(?:and|but) (?:they|the la|the council|it was|was|were|"
         rf"got|had it)\s+(?:\w+ )?{REFUSE}"),
)

NEAR_MISS_CUES: Final = (
    _cue("agreed_to_assess", "near_miss:appeal", "", 0.9,
         r"\b(?:agreed|decided|going|have agreed|has agreed|are going|will)\s+to\s+(?:carry out "
         r"(?:an? )?|do (?:an? )?|go ahead with (?:an? )?)?(?:ehc ?n?a|assess(?:ment)?|needs "
         r"assessment|issue (?:an? )?(?:ehc ?p|plan))\b", negatable=False),
    _cue("assessing_now", "near_miss:appeal", "", 0.8,
         r"\b(?:is|are|being|currently|now)\s+(?:being\s+)?(?:assess(?:ing|ed)|under assessment)\b|"
         r"\bassessment (?:is|was) (?:agreed|underway|under way|going ahead|approved)",
         negatable=False),
    _cue("no_decision_yet", "near_miss:appeal", "", 0.85,
         r"\b(?:no|not (?:had|got|received) (?:a|any)|still waiting (?:for|on) (?:a|the|their)|"
         r"waiting (?:for|on) (?:a|the|their)|haven't (?:had|got|received) (?:a|any|the)|"
         r"yet to (?:get|receive|make) (?:a|the|their))\s+(?:\w+ )?decision\b", negatable=False),
    _cue("havent_refused", "near_miss:appeal", "", 0.85,
         r"\b(?:haven't|have not|hasn't|has not|didn't|did not|never)\s+(?:actually |yet |even )?"
         r"(?:refused|said no|turned (?:it|us) down|decided|rejected|declined)", negatable=False),
    _cue("no_final_plan", "near_miss:appeal", "", 0.8,
         r"\b(?:(?:still )?(?:don't|do not|haven't|have not|hasn't|not) (?:yet )?(?:have|had|got|"
         r"received|been sent|seen) (?:the|a|an|our|his|her) (?:final|amended) (?:ehc ?p|ehc plan|"
         r"plan)|no (?:final|amended) (?:ehc ?p|ehc plan|plan)|waiting (?:for|on) (?:the|a|an|our) "
         r"(?:final|amended) (?:ehc ?p|ehc plan|plan)|(?:final|amended) (?:ehc ?p|ehc plan|plan) "
         r"(?:still )?(?:hasn't|has not|hadn't|never) (?:been )?(?:arrived|come|issued|sent))",
         negatable=False),
    _cue("transport_decision", "near_miss:appeal", "", 0.9,
         r"\b(?:refus\w*|turned down|declined|won't (?:provide|give|pay))\b[^.?!\n]{0,40}"
         r"\btransport\b|\btransport\b[^.?!\n]{0,30}\b(?:refus\w*|turned down|declined|"
         r"rejected)", negatable=False),
    _cue("plan_not_delivered", "near_miss:appeal", "", 0.6,
         r"\b(?:isn't|aren't|not|never|hasn't|haven't|won't|don't|doesn't|didn't|stopped|"
         r"fail(?:ing|ed|s)? to)\s+(?:\w+\s+)?(?:deliver|follow|implement|honou?r|stick to)"
         r"(?:ing|ed|s)?\s+(?:what(?:'s| is) in\s+)?(?:the |my |his |her |their |our )?(?:ehc ?p|"
         r"ehc plan|plan|section f)\b", negatable=False),
    _cue("only_exclusion_threat", "near_miss:exclusion", "", 0.6,
         r"\bthreaten\w*\b[^.?!\n]{0,30}\b(?:exclu\w*|suspen\w*|expel\w*)", negatable=False),
    _cue("not_excluded", "near_miss:exclusion", "", 0.9,
         r"\b(?:not|never|hasn't|haven't|wasn't|isn't)\s+(?:been |actually |ever |yet )?"
         r"(?:excluded|suspended|expelled)\b(?!\s+(?:officially|formally|on paper))",
         negatable=False),
    _cue("resolved", "resolved", "", 0.85,
         r"\b(?:(?:all |now |been |was |got |is |has been |have been |it's |its )(?:resolved|"
         r"sorted(?: out)?|dealt with|overturned|reversed|withdrawn|rescinded)|all sorted|"
         r"we won|we've won|we have won|(?:they|the la|the council|the school|the head|the "
         r"governors)(?: have | has |'ve | )(?:now )?(?:backed down|changed (?:their|its|her|his) "
         r"mind|agreed in the end|reinstated)|removed from (?:his|her|their) record|"
         r"that's (?:all )?done|went (?:really |so )?well|back (?:in|at) school (?:now|and)|"
         r"no longer (?:an issue|a problem|needed))", negatable=False),
    _cue("thanks", "thanks", "", 0.5,
         r"\b(?:thank(?:s| you) (?:so much |again |very much )?for (?:your|the|all)|"
         r"just wanted to (?:say thanks|thank|let you know))", negatable=False),
)

# --- exclusion: formal, informal, reduced timetable, managed move, off-rolling ---------------
EXCLUSION_CUES: Final = (
    _cue("permanent_a", "exclusion", "permanent", 0.95,
         r"\b(?:permanent(?:ly)?\s+(?:exclu\w*|expel\w*)|exclu\w+\s+(?:\w+\s+)?permanently|"
         r"expel(?:led|s)?|expulsion|\bpx\b|perm(?:anent)? ex\b|permanently excluded)"),
    _cue("suspension_a", "exclusion", "suspension", 0.95,
         r"\b(?:suspen(?:ded|sion|sions|d)|fixed[- ](?:term|period)(?: exclusion)?|\bfte\b|"
         r"exclu(?:ded|sion) for (?:\d+|a|one|two|three|four|five|half a|the rest of)\s*(?:\w+\s+)?"
         r"(?:days?|weeks?|afternoons?|mornings?))"),
    _cue("exclusion_word", "exclusion", "", 0.85,
         rf"\b(?:exclu(?:ded|sion|sions|de|ding)|excluded)\b(?!\s+(?:from\s+(?:(?:the|a|all|"
         rf"any|school|class|his|her|their|year \d+|end of year|christmas)\s+){{0,3}}{ACTIVITY}|"
         rf"from (?:lessons?|the classroom|class|friendship|conversations?|groups?|games)))"),
    _cue("excluded_from_school", "exclusion", "", 0.95,
         r"\b(?:exclu\w+|kicked out|thrown out|sent out)\s+(?:\w+\s+)?(?:from|of)\s+(?:the\s+)?"
         r"(?:school|academy|college|nursery|pru)\b"),
    _cue("informal_a", "exclusion", "informal", 0.9,
         r"\b(?:sent|send(?:ing)?|sends)\s+(?:\w+\s+){0,2}home\b(?!\s+(?:work|learning|"
         r"tutoring|reading|visit))|\b(?:ask(?:ed|ing|s)?|told|tell(?:ing|s)?|r(?:a|i|u)ng(?:ing|s)?|"
         r"call(?:ed|ing|s)?|phon(?:ed|ing|es?)|text(?:ed|ing|s)?|messag(?:ed|ing|es)|"
         r"email(?:ed|ing|s)?)\s+(?:me|us)\s+(?:\w+\s+){0,3}?to\s+"
         r"(?:come\s+(?:in\s+|up\s+|down\s+)?(?:and|to)\s+)?(?:collect|pick|fetch|get|take)\b|"
         r"\bcome (?:in |up |down )?(?:and|to) (?:collect|fetch|get|take) (?:him|her|them)\b(?! "
         r"(?:to|from) (?:an? |the )?(?:appointment|dentist|doctor|hospital|club|party))|"
         r"\b(?:collect|pick)\s+(?:\w+\s+)?up\s+early\b|\b(?:collect|fetch|pick up|get)\s+"
         r"(?:him|her|them|my (?:son|daughter|child|boy|girl))\s+(?:up\s+)?(?:early|at (?:lunch|"
         r"lunchtime|dinner|dinnertime|break|breaktime|midday|noon|12|half (?:11|12))|before "
         r"(?:lunch|the end of the day|home time)|mid[- ]?(?:morning|day))\b|"
         r"\bpick (?:him|her|them) up (?:early|at (?:lunch|lunchtime|dinner|dinnertime|break|"
         r"midday|noon|12)|before lunch|every (?:lunch|dinner|day at lunch))|"
         r"\bcool(?:ing)?[- ]off\s+(?:day|period|time)|\b(?:cool(?:ing)?|calm(?:ing)?)[- ](?:off|"
         r"down)\b[^.?!\n]{0,30}\bat home\b|\b(?:stay(?:ed|s|ing)?|kept|keep(?:ing)?|be)\s+"
         r"(?:at\s+)?"
         r"home\b[^.?!\n]{0,40}\bto (?:cool|calm) (?:off|down)\b|\b(?:said|told|asked|suggested|"
         r"best if|better if)\b[^.?!\n]{0,40}\b(?:stay|stayed|stays|staying|kept|keep) "
         r"(?:at )?home "
         r"(?:for|until|till|tomorrow|the rest|today)\b|\bkeep\s+(?:\w+\s+){0,2}(?:at\s+)"
         r"?home\b"
         r"|\bnot (?:allowed|welcome) (?:back )?(?:in|into|to) (?:school|class)|\bunofficial(?:ly)"
         r"?\s+"
         r"exclu\w*|\binformal(?:ly)?\s+exclu\w*|\bnot (?:officially|formally|technically)\s+"
         r"(?:been\s+)?(?:excluded|an exclusion|suspended)|\b(?:take|took|taking|bring|fetch)\s+"
         r"(?:\w+\s+)?home\s+(?:early|at (?:lunch|dinner|break)|before|every|most|again)|"
         r"\b(?:told|asked)\s+(?:me|us)\s+(?:not\s+to\s+(?:bring|send)|to\s+keep)|"
         r"\b(?:can't|cannot|can not|isn't allowed to|not allowed to)\s+come\s+(?:in|back|to "
         r"school)"
         r"|\bkeep(?:ing)?\s+(?:\w+\s+)?off\s+(?:school|until)|\bhome\s+for\s+the\s+(?:afternoon|"
         r"rest of the day)|\bsent\s+(?:\w+\s+)?out\s+of\s+(?:school|the building)"),
    _cue("reduced_timetable", "exclusion", "reduced_timetable", 0.85,
         r"\b(?:reduced|part[- ]time|partial|shortened|restricted|modified|bespoke|personali[sz]ed|"
         r"individual(?:ised)?|phased|flexible)\s+(?:school\s+)?"
         r"(?:timetable|days?|hours|attendance|schedule)\b|\bonly (?:been )?(?:allowed|allow(?:ing)"
         r"?|"
         r"in|attending|go(?:ing)?|able|doing|do|does|did|gets|got|has|had|there)\b[^.?!\n]{0,25}"
         r"\b(?:mornings?|afternoons?|\d+ hours?|(?:one|two|three) hours?|half days?|"
         r"(?:until|till|til|to) (?:lunch|lunchtime|break|10|11|12|half)|an hour)|"
         r"\b(?:on|been|is|was|going|attend\w*|now)\s+(?:a\s+)?part[- ]time\b(?! (?:job|work))|"
         r"\b(?:on|doing|given|down to) (?:half|short) days\b"),
    _cue("exclusion_extra", "exclusion", "", 0.6,
         r"\b(?:no work (?:has been |was )?(?:sent|set)|day 6|sixth day|miss(?:ing)? (?:his|her|"
         r"their) (?:gcses?|sats|exams?|mocks?)|exclusions? (?:this|last) (?:term|year))"),
    _cue("managed_move", "exclusion", "managed_move", 0.8,
         r"\b(?:managed move|off[- ]site direction|direct(?:ed|ing)? (?:\w+ )?off[- ]site|"
         r"off[- ]roll(?:ed|ing)?|take (?:\w+ )?off (?:the )?roll|removed? (?:\w+ )?from (?:the )?"
         r"roll|(?:suggest|encourag|push|pressur|told|hint|recommend|advis|urg)\w*\b[^.?!\n]{0,40}"
         r"\b(?:home[- ]?educat\w*|home[- ]?school\w*|ehe\b|elective home)|"
         r"(?:suggest|encourag|push|pressur|told|advis|hint|recommend)\w*\b[^.?!\n]{0,40}"
         r"\b(?:move|find|look (?:for|at)|try) (?:\w+ )?(?:schools?|another school|a new school|"
         r"a different school|other schools)|"
         r"(?:asked|told|wanted|want) (?:us|me) to (?:deregister|withdraw|take (?:\w+ )?out of "
         r"school)|\b(?:trial|taster) (?:\w+ )?(?:at|in) (?:another|a different|the other|a new) "
         r"(?:school|academy)|alternative provision\b[^.?!\n]{0,40}\bbehaviour|"
         r"sent (?:\w+ )?to (?:the )?(?:pru|alternative provision|inclusion centre|another site|"
         r"an ap\b|the ap\b))"),
    _cue("governors_letter", "exclusion", "governors", 0.75,
         r"\b(?:governors?'?|governing (?:body|board)'?s?|trust board'?s?|discipline committee'?s?)"
         r"\s+(?:decision|letter|decision letter|outcome|meeting)\b(?![^.?!\n]{0,40}\bcomplain)"),
    _cue("governors_upheld", "exclusion", "governors", 0.95,
         r"\b(?:governors?|governing (?:body|board)|trust board|discipline committee)\b"
         r"(?!'?s?'? complaints?)[^?!\n]{0,60}\b(?<!not )(?<!n't )(?<!never )(?:upheld|uphold|"
         r"upholding|agreed with|backed|confirmed|supported|"
         r"decided to keep|refused to reinstate|won't reinstate|not (?:be )?reinstat\w*)"),
    _cue("irp", "exclusion", "governors", 0.85,
         r"\b(?:independent review panel|\birp\b|reinstat\w*|governors'? (?:meeting|hearing|panel)"
         r"|exclusion (?:meeting|hearing|review))"),
)

# --- discrimination: unfair treatment because of disability ----------------------------------
DISCRIMINATION_CUES: Final = (
    _cue("discrim_word", "discrimination", "", 0.9,
         r"\b(?:discriminat\w*|equality act|reasonable adjustments? (?:were |was )?(?:not|never|"
         r"refused)|send ?4a?\b|victimis\w*|harass\w* (?:because|due to))"),
    _cue("because_disability", "discrimination", "", 0.85,
         rf"\b{ADVERSE}\b[^.?!\n]{{0,80}}?"
         rf"\b(?:because|cos|cause|'cause|due to|on account of|as a result of|for)\s+(?:of\s+)?"
         rf"(?:{POSS}\s+|the\s+|being\s+|he\s+(?:is|has)\s+|she\s+(?:is|has)\s+|they\s+(?:are|"
         rf"have)\s+|having\s+)?(?:\w+\s+)?(?:{DISABILITY}|meltdowns?|shutdowns?|"
         rf"sensory overload|overwhelm\w*|stim(?:s|ming)?|tics?)"),
    _cue("others_can", "discrimination", "", 0.5,
         r"\b(?:all|every|the) other (?:children|kids|pupils|students|child|boys|girls)\b"
         r"(?:\s+in (?:his|her|their|the) (?:class|year))?\s+(?:are |is |were |was |can |could |"
         r"get to |got to |will )?(?:go|going|went|allowed|invited|get|got|do|doing|take|taking)\b|"
         r"\b(?:no|don't have|do not have|not enough|haven't got|no one|nobody|no-one)\s+(?:a\s+)?"
         r"(?:person|staff|adult|ta|teaching assistant|one to one|1:1|anyone|one)\s+to\s+(?:look "
         r"after|support|supervise|help|take|go with|manage)\s+(?:him|her|them)\b"),
    _cue("activity_ban", "discrimination", "", 0.85,
         rf"\b(?:not (?:allowed|invited|permitted|able to go|going)|isn't allowed|can't go|cannot "
         rf"go|"
         rf"couldn't go|can not go|could not go|wasn't allowed|weren't allowed|banned|barred|"
         rf"stopped|excluded|left out|uninvited|refused|"
         rf"won't (?:let|take)|wouldn't (?:let|take)|told (?:\w+ )?(?:he|she|they) (?:can't|"
         rf"couldn't|cannot|could not|is not|isn't|wasn't|was not)|kept (?:\w+ )?(?:back|behind|"
         rf"in)|made (?:\w+ )?(?:stay|sit)|taken off|dropped from|removed from)\b[^.?!\n]{{0,50}}"
         rf"\b{ACTIVITY}"),
    _cue("adjustments", "discrimination", "", 0.8,
         r"\b(?:refus\w*|won't|will not|failed|fail(?:ing)?|not|no|never|didn't|did not|aren't)\b"
         r"[^.?!\n]{0,30}\b(?:reasonable\s+)?adjust(?:ments?|ed|ing)\b", negatable=False),
    _cue("punished_for_disability", "discrimination", "", 0.75,
         rf"\b(?:punish\w*|detention|isolation|sanction\w*|told off|shouted at|humiliat\w*|"
         rf"mock\w*|restrain\w*|penalis\w*|behaviour points|demerits?)\b[^.?!\n]{{0,60}}"
         rf"\b(?:for|because of|due to)\b[^.?!\n]{{0,30}}\b(?:stimming|tics|meltdowns?|"
         rf"shutdowns?|fidget\w*|{DISABILITY})"),
    _cue("unfair_disability", "discrimination", "", 0.7,
         rf"\b(?:unfair\w*|not fair|treated (?:\w+ )?differently|singled out|picked on|"
         rf"different rules)\b[^.?!\n]{{0,80}}\b{DISABILITY}"),
    _cue("disability_unfair", "discrimination", "", 0.7,
         rf"\b{DISABILITY}\b[^.?!\n]{{0,60}}\b(?:unfair\w*|not fair|treated (?:\w+ )?differently|"
         rf"singled out|penalis\w*|punish\w*)"),
    _cue("behaviour_from_disability", "discrimination", "", 0.7,
         rf"\b(?:behaviou?r|meltdowns?|outbursts?|reactions?|it|this|that)\s+(?:is|was|are|were|"
         rf"comes|came)\s+(?:all\s+|just\s+|clearly\s+|obviously\s+)?(?:part of|because of|due to|"
         rf"down to|linked to|related to|caused by|a result of|from|a symptom of)\s+{POSS}\s+"
         rf"(?:\w+\s+)?{DISABILITY}", negatable=False),
    _cue("kept_out_of", "discrimination", "", 0.8,
         rf"\b(?:couldn't|can't|cannot|could not|can not|won't be able to|not able to|isn't "
         rf"allowed to|wasn't allowed to|not allowed to|won't let (?:him|her|them)|wouldn't let "
         rf"(?:him|her|them))\s+(?:be in|take part in|take part|join in|participate in|perform in|"
         rf"sing in|be part of|be included in|attend)\b[^.?!\n]{{0,40}}\b{ACTIVITY}"),
    _cue("every_other_child", "discrimination", "", 0.55,
         r"\b(?:every|all (?:the )?) ?other (?:child|children|kids?|pupils?|students?|boys?|girls?)"
         r"\b[^.?!\n]{0,40}\b(?:was|were|went|is|are|go|goes|got|gets|did|does|can|could|"
         r"allowed|invited)\b"),
    # Exam access arrangements and aids are reasonable adjustments for a disabled pupil.
    _cue("aids_refused", "discrimination", "", 0.8,
         r"\b(?:won't|will not|wouldn't|would not|refus\w*(?: to)?|not allowed to|isn't allowed "
         r"to|won't allow|don't allow|doesn't allow|not let|won't let|wouldn't let|stopped)\s+"
         r"(?:(?:me|him|her|them)\s+)?(?:to\s+)?(?:use|have|bring|wear|keep|take|put (?:any )?)"
         r"\s*(?:a |an |any |my |his |her |their |the )?(?:laptop|computer|reader|scribe|extra "
         r"time|ear defenders|fidget\w*|rest breaks?|movement breaks?|access arrangements?|"
         r"wheelchair|walking frame|hearing aids?|tablet|ipad|coloured overlays?|overlays?|"
         r"own room|separate room|smaller room|quiet room|insulin|inhaler|medication|"
         r"toilet pass|time[- ]out card|exit card)", negatable=False),
    _cue("behaviour_is_symptom", "discrimination", "", 0.7,
         r"\b(?:swearing|shouting|noises?|behaviou?r|it|this|that|outbursts?|movements?|"
         r"hitting out|running off)\s+(?:is|was|are|were)\s+(?:a |one of (?:his|her|their) |"
         r"part of (?:his|her|their) |just (?:a |his |her )?)?(?:tics?|stims?|stimming|"
         r"symptoms? of)\b", negatable=False),
    _cue("toilet_uniform", "discrimination", "", 0.6,
         r"\b(?:toilet pass|ear defenders|uniform (?:rule|policy)|time[- ]out card|exit card|"
         r"fidget toys?|movement breaks?)\b[^.?!\n]{0,60}\b(?:refus\w*|won't|not allowed|"
         r"taken away|confiscat\w*|ban\w*|punish\w*)"),
)

# --- delay, mistake, provision not delivered -------------------------------------------------
DELAY_CUES: Final = (
    _cue("delay_word", "delay", "", 0.8,
         r"\b(?:delay(?<!developmental delay)(?<!global delay)(?<!speech delay)"
         r"(?<!language delay)(?:ed|s|ing)?|overdue|late(?<!too late)(?<!so late)\b(?! (?:for "
         r"school|to school|in the "
         r"day|afternoon|morning|night|diagnos\w*))|out of time|beyond the (?:\d+|twenty|six|"
         r"sixteen)[- ]weeks?|"
         r"missed(?<!we missed)(?<!i missed)(?<!we've missed)(?<!i've missed)(?<!we have missed)"
         r"(?<!i have missed)(?<!already missed) (?:the|their|its) (?:deadline|timescale|"
         r"time ?limit)|statutory (?:deadline|"
         r"timescale|time ?limit|time frame|timeframe)s?|dragging on|dragged on|taking (?:so|too|"
         r"ages|forever|months)|still no\b|still not\b|still haven't|still hasn't|still waiting|"
         r"no one (?:has )?(?:got|gets) back|nobody (?:has )?(?:got|gets) back)"),
    _cue("weeks_since", "delay", "", 0.8,
         r"\b(?:\d+|six|eight|ten|twelve|fifteen|sixteen|twenty|several|many|few)\s+(?:weeks|"
         r"months)\b[^.?!\n]{0,50}\b(?:since|and (?:still )?(?:no|nothing|not)|later|waiting|"
         r"without|no (?:word|reply|response|decision|news|update))|\bweek \d+\b|"
         r"\b(?:waiting|waited)\s+(?:for\s+)?(?:over\s+|more than\s+|nearly\s+|almost\s+)?"
         r"(?:\d+|a|six|eight|ten|twelve|sixteen|twenty|several|many|few)\s+(?:weeks|months|year)",
         negatable=False),
    _cue("no_reply", "delay", "", 0.75,
         r"\b(?:no (?:reply|response|answer|acknowledg\w*|update|word|news|decision)|(?:haven't|"
         r"hasn't|have not|has not|never|didn't|did not|not)\s+(?:yet\s+|even\s+|ever\s+)?"
         r"(?:replied|responded|answered|got back|heard (?:back|anything)|had a reply|had an "
         r"answer|"
         r"acknowledged|returned my)|ignor(?:ed|ing|es) (?:my|our|all)|unanswered|"
         r"chas(?:ed|ing) (?:\w+ ){0,3}(?:again|for|up|them|it))", negatable=False),
    _cue("not_delivered", "delay", "", 0.85,
         r"\b(?:isn't|aren't|wasn't|weren't|isnt|arent|not|never)\s+(?:been\s+|being\s+|"
         r"actually\s+|even\s+)?(?:delivered|provided|happening|put in place|in place|"
         r"implemented|followed)\b|\b(?:hasn't|haven't|has not|have not|hasnt|havent|never|"
         r"didn't|did not|not)\s+(?:been\s+|yet\s+|even\s+|actually\s+)?(?:provided|delivered|"
         r"arranged|put in place|offered|started|had|received|got|given)\s+(?:him\s+|her\s+|"
         r"them\s+)?(?:any|the|his|her|their|a|a single)?\s*(?:\w+\s+)?(?:education|support|"
         r"provision|therapy|tuition|school place|help|sessions?|salt|ot|1:1|hours|tutor\w*|"
         r"speech and language|occupational|physio\w*|teaching|place)\b|\b(?:provision|support|"
         r"therapy|salt|speech and language|ot|"
         r"occupational therapy|physio\w*|1:1|one[- ]to[- ]one|ta|teaching assistant|hours|"
         r"sessions?)\b[^.?!\n]{0,40}\b(?:not|isn't|aren't|never|hasn't|haven't|stopped|"
         r"cancelled)\b[^.?!\n]{0,20}\b(?:delivered|provided|happening|in place|started|"
         r"given|turned up|been)", negatable=False),
    _cue("plan_not_followed", "delay", "", 0.85,
         r"\b(?:isn't|aren't|not|never|hasn't|haven't|wasn't|weren't|won't|don't|doesn't|didn't|"
         r"stopped|fail(?:ing|ed|s)? to|refus(?:e|es|ed|ing) to)\s+(?:\w+\s+)?"
         r"(?:deliver(?:ing|ed)?|"
         r"provid(?:e|ing|ed)|follow(?:ing|ed)?|implement(?:ing|ed)?|put(?:ting)? in place|"
         r"stick(?:ing)? to|honou?r(?:ing|ed)?)\s+(?:what(?:'s| is) in\s+)?(?:the |my |his |her |"
         r"their |our )?(?:\w+'s )?(?:ehc ?p|ehc plan|plan|section f|provision|support plan)\b|"
         r"\b(?:isn't|aren't|not|never|hasn't|haven't|won't|don't|doesn't|didn't|fail(?:ing|ed|s)? "
         r"to)\s+(?:\w+\s+)?(?:deliver|provid|give|giv|arrang)(?:e|es|ed|ing|en)?\s+(?:\w+\s+)?"
         r"(?:support|provision|help|therapy|hours|sessions?)\s+(?:in|from|set out in|"
         r"written in)\s+"
         r"(?:the |my |his |her |their |our )?(?:ehc ?p|ehc plan|plan|section f)\b|"
         r"\b(?:had|got|received|seen|getting|get|gotten)\s+(?:none|nothing|hardly any|barely any)"
         r"\s+of\s+(?:it|this|that|them|the (?:support|provision|help|sessions?|hours|therapy))\b|"
         r"\bnone of (?:it|this|that|the (?:support|provision|sessions?|hours|therapy))\s+(?:has|"
         r"have|is|was|ever)\s+(?:\w+\s+)?(?:happened|happening|been (?:delivered|provided|put in "
         r"place|given))", negatable=False),
    _cue("plan_says_but", "delay", "", 0.75,
         r"\b(?:ehc ?p|ehc plan|plan|section f)\b[^.?!\n]{0,20}\b(?:says|states|said|specifies|"
         r"clearly says|is supposed|meant)\b[^.?!\n]{0,120}\b(?:but|yet|however)\b[^.?!\n]{0,60}"
         r"\b(?:never|not|isn't|aren't|hasn't|haven't|none|nothing|no one|nobody|rarely|hardly)\b",
         negatable=False),
    _cue("no_provision", "delay", "", 0.75,
         r"\b(?:no|without|hasn't had|haven't had|not had|not getting|isn't getting|not receiving)"
         r"\s+(?:any\s+)?(?:speech (?:and language )?therapy|salt|ot|occupational therapy|"
         r"physio\w*|1:1|one[- ]to[- ]one|ta|teaching assistant|support|provision|help|education|"
         r"school place|tuition|sessions?)\b[^.?!\n]{0,40}\b(?:since|for|in|this|all)\b",
         negatable=False),
    _cue("no_answer_b", "delay", "", 0.7,
         r"\b(?:don't|dont|doesn't|doesnt|didn't|didnt|never|no one|nobody|noone|no-one|not)\s+"
         r"(?:\w+\s+)?(?:answer(?:s|ed)?|repl(?:y|ies|ied)|respond(?:s|ed)?|call(?:s|ed)? "
         r"(?:me |us )?back|get(?:s)? back|got back|ring(?:s)? back|rang back|decide[ds]?|"
         r"made a decision|come back to (?:me|us))\b|\bstill\s+(?:no word|no reply|no response|"
         r"no decision|nothing|waiting|haven't (?:heard|had|received|got)|hasn't (?:arrived|come|"
         r"been|started|happened))\b|\bnothing(?:'s| has| have)? (?:happened|been done)\b|"
         r"\b(?:emails?|calls?|messages?|letters?)\s+(?:aren't|are not|haven't been|have not been|"
         r"weren't|were not|not|never|go|went)\s+(?:being\s+)?(?:answered|returned|replied to|"
         r"acknowledged|unanswered)", negatable=False),
    _cue("still_not", "delay", "", 0.45,
         r"\bstill\s+(?:no|not|haven't|hasn't|didn't|don't|doesn't)\b", negatable=False),
    _cue("not_supported", "delay", "", 0.6,
         r"\b(?:(?:not|isn't|aren't|won't|don't|doesn't) (?:listen(?:ing)?|meeting (?:his|her|"
         r"their) needs|supporting (?:him|her|them)|following (?:the|his|her|their) (?:plan|ehc ?p|"
         r"support plan|iep|advice))|no support (?:in place|at all|whatsoever|for (?:him|her))|"
         r"nothing (?:is |has been )?(?:in place|being done|done|happening|put in place)|"
         r"ignor(?:e|es|ing|ed) (?:his|her|their) (?:needs|plan|ehc ?p|diagnosis|reports?)|"
         r"can't attend|cannot attend|unable to attend|"
         r"not (?:been )?attending|school refus\w*|refus(?:es|ed|ing) (?:to go to |to attend )?"
         r"school|(?:won't|can't|cannot|stopped|not) go(?:ing)? (?:in)?to school|school avoidance|"
         r"emotionally based|ebsa|ebsna|short breaks|respite)\b",
         negatable=False),
    _cue("waiting_list", "delay", "", 0.4,
         r"\b(?:long|on the|on a|months on the|years on the)\s+waiting list\b", negatable=False),
    # A wait counted in months or years is a delay whoever runs the list (NHS ones included).
    _cue("waiting_list_long", "delay", "", 0.8,
         r"\bwaiting (?:list|lists|time)\b[^.?!\n]{0,50}\b(?:\d+|two|three|four|five|six|"
         r"seven|eight|nine|ten|eleven|twelve|eighteen|many|several|over a|more than a)\s+"
         r"(?:months?|years?)|\b(?:\d+|two|three|four|five|six|eight|ten|twelve|eighteen|"
         r"several|many)\s+(?:months?|years?)\s+on\s+(?:the|a|their)\s+(?:\w+\s+)?waiting "
         r"list", negatable=False),
    # Home-to-school transport has no tribunal appeal: it goes down the complaint route.
    _cue("transport", "delay", "transport", 0.75,
         r"\b(?:refus\w*|turned down|declined|rejected|won't (?:provide|give|pay)|withdr\w+|"
         r"stopped|cancell?ed|not (?:eligible|entitled) for)\b[^.?!\n]{0,50}\b(?:home to school |"
         r"school )?transport\b|\btransport\b[^.?!\n]{0,40}\b(?:refus\w*|turned down|"
         r"declined|rejected|withdrawn|stopped|cancell?ed|hasn't started|not started)",
         negatable=False),
    # "Wrong school" is a Section I appeal, and "I forgot to say" is the parent's own slip.
    _cue("mistake", "delay", "", 0.6,
         r"\b(?:mistakes?|errors?|wrong (?:name|date|information|details|child|report|"
         r"diagnosis)|mixed up|lost (?:the|our|my|his|her) (?:paperwork|forms?|reports?|"
         r"application|request|file|evidence)|(?<!i )(?<!we )forgot(?! to (?:say|mention|add|"
         r"tell|ask|attach))|forgotten|mis-?spelt|incorrect)\b"),
    _cue("out_of_school", "delay", "", 0.7,
         r"\b(?:(?<!ran )(?<!run )(?<!runs )(?<!got )(?<!gets )(?<!walked )(?<!escaped )"
         r"(?<!climbed )(?<!slipped )out of (?:school|education)|no school place|"
         r"without (?:a )?school|missing education|no education|at home with no|section 19|"
         r"s\.?19)\b"),
    _cue("complaint_word", "delay", "", 0.5,
         r"\b(?:complain(?:t|ts|ed|ing)?|ombudsman|lgsco|lgo|phso|judicial review|pre-action)\b"),
    _cue("deadline_missed", "delay", "", 0.8,
         r"\b(?:(?:6|six|16|sixteen|20|twenty)[- ]weeks?(?: deadline| limit| timescale)?\b"
         r"[^.?!\n]{0,60}\b(?:passed|gone|over|up|missed|ago|expired|came and went)|"
         r"(?:15(?:th)? feb(?:ruary)?|31(?:st)? march)\b[^.?!\n]{0,60}\b(?:passed|missed|gone|"
         r"still|no|nothing))"),
    _cue("annual_review_late", "delay", "", 0.75,
         r"\b(?:annual review|review meeting|amended plan|final plan|draft plan)\b[^.?!\n]{0,80}"
         r"\b(?:still (?:no|not|haven't|hasn't|waiting)|no (?:amended|final|updated|new) plan|"
         r"nothing since|heard nothing|months? ago|weeks? ago and)", negatable=False),
)

SAFEGUARDING_CUES: Final = (
    _cue("self_harm", "safeguarding", "self_harm", 1.0,
         r"\b(?:self[- ]?harm\w*|harm(?:ing|ed|s)? (?:him|her|them)sel(?:f|ves)|"
         r"hurt(?:ing|s)? (?:him|her|them)sel(?:f|ves)|cut(?:ting|s)? (?:him|her|them)sel(?:f|ves)|"
         r"cuts on (?:his|her|their) (?:arms?|legs?|wrists?)|bang(?:ing|s|ed)? (?:his|her|their) "
         r"head|bit(?:ing|es|e)? (?:him|her|them)sel(?:f|ves)|scratch(?:ing|es|ed)? (?:him|her|"
         r"them)sel(?:f|ves)|pulling (?:his|her|their) (?:own )?hair out|head[- ]?bang\w*|"
         r"scratch\w* (?:at )?(?:his|her|their) (?:arms?|legs?|skin|face|wrists?)|"
         r"(?:until|till|til) (?:they|it|he|she) (?:bleeds?|bled)|making (?:him|her|them)sel(?:f|"
         r"ves) bleed|cuts on (?:him|her|them)|"
         r"burn(?:ing|t|ed)? (?:him|her|them)sel(?:f|ves)|overdose\w*)", negatable=False),
    _cue("suicidal", "safeguarding", "suicidal", 1.0,
         r"\b(?:suicid\w*|kill (?:him|her|them|my)sel(?:f|ves)|want(?:s|ed)? to die|wish(?:es|ed)? "
         r"(?:he|she|they|i) (?:was|were|wasn't|weren't) (?:dead|alive|born|here)|(?:doesn't|does "
         r"not|"
         r"don't|didn't) want to (?:be alive|live|exist|be here|wake up)|end (?:his|her|their|"
         r"it) (?:own )?(?:life|all)|end it all|take (?:his|her|their) (?:own )?life|better off "
         r"dead|not (?:be )?(?:here|around) any ?more|no (?:point|reason) (?:in|to) (?:living|live|"
         r"being alive)|jump (?:off|in front)|hang(?:ing)? (?:him|her|them)sel(?:f|ves)|"
         r"talk(?:s|ing|ed)? about dying|life isn't worth|life is not worth|"
         r"better off (?:not (?:existing|being (?:here|alive|born)|born|alive)|without (?:him|her|"
         r"them|me))|(?:not|stop) existing\b|want(?:s|ed)? to (?:not exist|stop existing|"
         r"disappear)|"
         r"(?:doesn't|does not|can't|cannot|don't) see (?:the|any) point in (?:anything|living|"
         r"life|going on|being here)|wish(?:es|ed)? (?:he|she|they) (?:had never been|was never|"
         r"were never) born|"
         # Passive wishes to be gone: "easier if I just wasn't here", "wants to disappear",
         # "go to sleep and not wake up".
         r"(?:easier|better|happier|best)\b[^.?!\n]{0,30}\bif (?:i|he|she|they) (?:just |simply |"
         r"wasn't|weren't|was not|were not|didn't|did not|was|were|died|disappeared|never)+"
         r"(?:here|around|alive|exist\w*|gone|dead|born|woke up|wake up|disappeared|died)?\b|"
         r"wish(?:es|ed)? (?:i|he|she|they) (?:just |could just |could )?(?:wasn't|weren't|was not|"
         r"were not|didn't exist|could disappear|could vanish|wouldn't wake up|didn't wake up|"
         r"never woke up)|(?:wasn't|weren't|was not|were not) (?:here|around|alive) any ?more|"
         r"(?:want(?:s|ed)?|wish(?:es|ed)?|could|wanna|rather|like to)\s+(?:to\s+)?(?:just\s+)?"
         r"(?:disappear|vanish)\b|(?:go to sleep|fall asleep|sleep) (?:and|&) (?:never|not) "
         r"(?:wake|waking)|(?:never|not) (?:to )?wake up (?:again|ever)|think(?:s|ing)? about "
         r"(?:dying|death|killing|ending it)|(?:everyone|everybody|we|you|they|the family) "
         r"(?:would|'d) be (?:better|happier) (?:off )?without (?:him|her|them|me))",
         negatable=False),
    _cue("abuse", "safeguarding", "abuse", 0.95,
         r"\b(?:abus(?:e|ed|ing|ive)(?! of (?:process|power|the system))|sexual(?:ly)?|"
         r"inappropriate(?:ly)? touch\w*|touched (?:him|her|them) inappropriately|groom(?:ed|ing)|"
         r"neglect\w*|fgm|exploit\w*|county lines|radicalis\w*|domestic violence|"
         r"bruis\w*|marks on (?:his|her|their)|slapped|smacked|dragged|grabbed (?:him|her|them|"
         r"my)|pinned (?:him|her|them) down|locked (?:him|her|them) in|shut (?:him|her|them) in|"
         r"restrain(?:ed|t|ing)|held (?:him|her|them) down|sat on (?:him|her|them)|"
         r"hit (?:him|her|them|my)|hitting (?:him|her|them|my)|hurt by|kicked (?:him|her|them|my)"
         r"|punched|strangl\w*|chok(?:ed|ing) (?:him|her|them)|scared (?:to go|of going) home|"
         r"afraid (?:to go|of going) home)", negatable=False),
    _cue("missing", "safeguarding", "missing", 0.95,
         r"\b(?:went missing|gone missing|(?:is|was|were|are) (?:reported )?missing(?=\s*(?:[.,;!]|"
         r"$|from|for \w+ hours|since|again|overnight|and))|missing (?:child|person|from (?:home|"
         r"school|care))|ran away|run(?:s|ning)? away|runaway|abscond\w*|"
         r"(?:ran|run|runs|running|got|gets|walked|slipped|escaped) (?:out of|away from|off from|"
         r"out through) (?:the )?(?:school|class(?:room)?|building|grounds|site|playground|gates?)|"
         r"found (?:by (?:a |the )?(?:member of the public|neighbour|stranger|police)|wandering)|"
         r"(?:didn't|did not|nobody|no one|no-one) notice(?:d)? (?:that )?(?:she|he|they|her|him|"
         r"them)(?:'d| had| was| were)? (?:gone|left|missing|was gone)|"
         r"(?:left|walked out of|got out of) (?:the )?(?:school )?(?:grounds|site|building|school)"
         r"\b[^.?!\n]{0,40}\b(?:alone|on (?:his|her|their) own|unnoticed|nobody noticed|no one "
         r"noticed)|(?:couldn't|could not|can't|cannot) (?:find|locate) (?:him|her|them)|"
         r"police (?:found|brought|were called|called)|found (?:him|her|them) (?:wandering|on the "
         r"road|in the road|by the road|near the road))", negatable=False),
    _cue("violence", "safeguarding", "violence", 0.9,
         r"\b(?:assault\w*|attack(?:ed|s)? (?:him|her|them|my)|beaten (?:up)?|beat (?:him|her|them)"
         r" "
         r"up|stabb\w*|knife|weapon|threatened (?:to (?:kill|hurt|stab)|him with|her with)|"
         r"injur(?:ed|y|ies)|broken (?:arm|wrist|nose|bone|finger|tooth)|concussion|a&e|"
         r"hospital\b[^.?!\n]{0,30}\b(?:after|because|with)|bullied\b[^.?!\n]{0,60}\b(?:hit|"
         r"punch\w*|"
         r"kick\w*|hurt|injur\w*|beat\w*))", negatable=False),
    # Harm described in plain words rather than named: threats to jump, a belt, a locked room,
    # not coming home, an older man and photos, a medical emergency nobody handled.
    _cue("harm_described", "safeguarding", "described", 0.9,
         r"\b(?:(?:he|she|they)(?:'ll| will| would|'d) jump|threat\w* to jump|"
         r"(?:railway|train) (?:bridge|line|tracks?)|"
         r"wish(?:es|ed)? (?:he|she|they|i)(?:'d| had) never been born|"
         r"won't be around (?:much |for )?(?:longer|long)|(?:sorted|found|planned|got) a way out|"
         r"want(?:s|ed)? to be dead|(?:tie|belt|rope|cord|scarf) (?:round|around) (?:his|her|"
         r"their|my) neck|"
         r"hits? (?:me|us)\b|pushed (?:me|him|her|them) (?:down|over|into)|"
         r"(?:with|did it with) (?:his|her|a|the|their) belt|belt marks?|"
         r"lock(?:s|ed)? (?:him|her|them|me) in (?:his|her|their|my|the|a) (?:bed)?room|"
         r"locked in (?:a |the )?(?:dark |small )?room|held the door shut|"
         r"marks? (?:on|across) (?:his|her|their|my) (?:back|legs?|arms?|face|neck)|"
         r"(?:didn't|did not|doesn't|don't|wasn't|weren't) (?:get|given|allowed) (?:any )?(?:food|"
         r"tea|dinner|lunch|breakfast)|starving\b|"
         r"left (?:alone|on (?:his|her|their) own) for hours|"
         r"(?:don't|doesn't|do not|does not) feel safe|(?:can't|cannot|can not) keep (?:him|her|"
         r"them) safe|"
         r"ask(?:ing|ed|s)? (?:her|him|them|my \w+) for (?:photos|pictures|pics|nudes|images)|"
         r"(?:an? |older |grown )(?:man|men)\b[^.?!\n]{0,60}\b(?:car|photos|pictures|meet|"
         r"messages|picking (?:her|him|them) up|gifts?)|older (?:lads|boys|men)|"
         r"£\d+ in cash|(?:second|new|extra) phone (?:he|she|they) (?:says|said|won't)|"
         r"smell(?:ing|ed|s)? of (?:drink|alcohol|cannabis|weed)|"
         r"(?:didn't|did not|hasn't|has not|haven't|have not|never) (?:come|came|got|get|"
         r"arrived) (?:back )?home|(?:he|she|they) never (?:arrived|turned up|got there)|"
         r"reported (?:him|her|them) missing|"
         r"(?:not|isn't|is not|wasn't) answering (?:his|her|their) (?:phone|mobile)|"
         r"went hypo|hypo(?:glycaemic)? (?:attack|episode)|ambulance|"
         r"(?:could|might) have (?:died|drowned|been killed|been hit))", negatable=False),
    _cue("danger", "safeguarding", "risk", 0.9,
         r"\b(?:(?:not|isn't|is not) safe (?:at|in|with)|in danger|at risk of harm|unsafe at|"
         r"fear(?:s|ed)? for (?:his|her|their) (?:life|safety)|scared for (?:his|her|their) "
         r"(?:life|safety)|worried for (?:his|her|their) safety|crisis team|sectioned|"
         r"mental health crisis|safeguarding (?:concern|issue|referral|matter))", negatable=False),
)

# Boilerplate that names safeguarding but is nobody's concern about this child.
SAFEGUARDING_EXCLUSIONS: Final = re.compile(
    r"(?:no safeguarding (?:concerns?|issues?)|not a safeguarding|safeguarding (?:lead|officer|"
    r"policy|team|training)\b(?! (?:was|were|has|have) (?:told|informed|involved|called))|"
    # School letters and signatures: "if you have a safeguarding concern about any child".
    r"if you (?:have|are worried about) (?:a |any )?safeguarding|committed to safeguarding|"
    r"safeguarding (?:and promoting|children)|concern about (?:any|a) child|\bdsl\b)",
    re.IGNORECASE,
)

# --- complaint stage: what the parent already did about a mistake or delay ------------------
STAGE_CUES: Final = (
    _cue("formal_done_a", "stage", "formal_done", 0.9,
         r"\b(?:formal complaint|stage (?:2|two|3|three)|complaints? (?:panel|procedure|process)|"
         r"complained formally|final response|governors'? complaint panel)\b[^.?!\n]{0,120}"
         r"\b(?:upheld|uphold|not upheld|rejected|dismissed|outcome|concluded|finished|closed|"
         r"responded|response|replied|came back|found no fault|no fault|disagree|unhappy|not "
         r"happy|nothing changed|nothing has changed|useless|exhausted|completed|final)",
         negatable=False),
    _cue("formal_done_c", "stage", "formal_done", 0.85,
         r"\b(?:final response|stage (?:2|two|3|three) (?:response|outcome|reply|decision)|"
         r"(?:outcome|result) of (?:my|our|the) (?:formal )?complaint|complaint (?:outcome|"
         r"response|decision) (?:came|arrived|letter))\b", negatable=False),
    _cue("formal_done_b", "stage", "formal_done", 0.9,
         r"\b(?:gone|been|went) (?:all the way )?through (?:the |their |its |the whole |all )?"
         r"(?:\w+ )?(?:complaints?|stages)|"
         r"exhausted (?:the |their |its |all (?:the )?)?(?:\w+'s? )?complaints?|"
         r"(?:ombudsman|lgsco|lgo|phso)\b|complaint (?:was|has been|got) (?:rejected|dismissed|not "
         r"upheld|upheld in part|partly upheld|closed)|stage (?:2|two) (?:response|outcome|reply)",
         negatable=False),
    _cue("formal_started", "stage", "formal_started", 0.8,
         r"\b(?:made|put in|submitted|lodged|sent|filed|raised|wrote|written)\s+(?:a |an |my |our )"
         r"?"
         r"(?:formal |official |written |stage (?:1|one) )complaint|complained formally|"
         r"\bstage (?:1|one) complaint", negatable=False),
    _cue("raised_a", "stage", "raised_informally", 0.8,
         r"\b(?:emailed|e-mailed|spoke(?:n)? (?:to|with)|talked (?:to|with)|(?:i|we)(?:'ve| have)? "
         r"told|raised (?:it|this|"
         r"the (?:issue|matter|problem)|my concerns?|concerns?)(?: with)?|contacted|called|rang|"
         r"phoned|met (?:with)?|wrote to|written to|messaged|chased|complained to|rung|"
         r"emailing|ringing|phoning|calling|chasing|texted|flagged (?:it |this )?(?:with|to)|"
         r"reported (?:it |this )?to|brought (?:it|this) up with|been (?:in )?to see|"
         r"went in to see|"
         r"had a meeting with|mentioned it to|asked (?:the \w+ )?(?:why|about|for an update))"
         r"\s+(?:\w+\s+){0,3}(?:senco|sendco|teacher|(?:form )?tutor|key ?worker|"
         r"head(?:teacher| teacher)?|head of year|deputy head|principal|caseworker|case ?worker|"
         r"case officer|ehcco|ehc co-?ordinator|coordinator|co-ordinator|sen officer|send officer|"
         r"manager|team leader|social worker|school|council|la\b|local authority|sen team|send "
         r"team|inclusion (?:team|officer|lead|manager)|(?:sen|send|ehc|inclusion|admissions|"
         r"transport|attendance) (?:team|officer|department|dept|hub)|pastoral|college|"
         r"learning support|support worker|director|councillor|mp\b|"
         r"the office|the trust|the academy|therapist|camhs|the nhs|the gp|service)|"
         # Limited English drops the article and the past tense: "i ask teacher".
         r"\bi ask(?:ed)? (?:the )?(?:senco|teacher|school|head|caseworker|council)\b|"
         r"\basked (?:the|my|our|his|her|their) (?:senco|sendco|teacher|class teacher|head|tutor|"
         r"form tutor|key ?worker|college|learning support|inclusion team|pastoral \w+|"
         r"headteacher|head teacher|caseworker|case worker|case officer|ehcco|coordinator|"
         r"co-ordinator|sen officer|send officer|manager|social worker|school|therapist)\b",
         negatable=True),
    _cue("raised_b", "stage", "raised_generic", 0.75,
         r"\b(?:no (?:reply|response|answer|improvement|change)|nothing (?:has )?(?:changed|"
         r"happened|improved)|(?:they|she|he) (?:ignored|ignore) (?:me|us|it)|"
         r"fob(?:bed|bing|s)? (?:me |us )"
         r"?off|"
         r"brushed (?:me |us |it )?off|keep(?:s)? (?:saying|promising|telling)|said (?:they|she|he)"
         r"(?:'d| would) look into it|promised|chased (?:\w+ ){0,3}(?:times|again|several|twice)|"
         r"escalated (?:it )?to|every time (?:i|we) (?:ring|call|phone|email|chase|ask)|"
         r"(?:spoke|emailed|wrote) to (?:\w+ )?(?:manager|head|line manager)|"
         r"(?:nobody|no one|no-one|noone|they|she|he|the school|the council|the la)\s+(?:\w+\s+)?"
         r"(?:replies|replied|answers|answered|responds|responded|gets back|got back|ignores|"
         r"ignored|reply|answer|respond)\s+(?:to\s+)?(?:my|our|any of my|any of our|all my)\s+"
         r"(?:emails?|e-mails?|calls?|messages?|letters?|phone calls?)|"
         r"(?:nobody|no one|no-one|noone)\s+(?:has\s+|have\s+|ever\s+|even\s+)?(?:called|rung|rang|"
         r"phoned|got|gotten|come|written|emailed)\s+(?:me\s+|us\s+)?back|(?:haven't|have not|"
         r"never|not)\s+(?:yet\s+|even\s+)?heard back)",
         negatable=False),
    # Contact made again and again: "emailed twice", "rang them five times".
    _cue("raised_c", "stage", "raised_informally", 0.8,
         r"\b(?:emailed|e-mailed|rang|rung|phoned|called|chased|written|wrote|messaged|contacted|"
         r"asked|emailing|ringing|phoning|calling|chasing|asking|texted)\b[^.?!\n]{0,40}?"
         r"\b(?:twice|three times|four times|five times|\d+ times|several times|many times|"
         r"multiple times|loads of times|so many times|countless times|numerous times|"
         r"again and again|repeatedly|over and over|every week|weekly)\b"),
    # A complaint that was heard and not upheld, or reached the governors or the last stage.
    _cue("formal_done_d", "stage", "formal_done", 0.85,
         r"\b(?:panel|governors|committee|trust|council|they)\b[^.?!\n]{0,30}\b(?:didn't|did not|"
         r"has not|hasn't|have not|haven't|refused to|wouldn't|would not|declined to|won't)\s+"
         r"uphold\b|\b(?:complaint|it)\s+(?:went|got|has gone|had gone|was taken|was escalated|"
         r"escalated)\s+(?:all the way\s+)?(?:up\s+)?to\s+(?:the\s+)?(?:governors|governing|panel|"
         r"stage (?:2|two|3|three)|final stage|trust board|chair of governors|complaints? "
         r"(?:panel|committee))|\b(?:governors'?|complaints?|review)\s+panel\s+(?:met|heard|"
         r"decided|found|said|concluded|rejected|sided)\b|\b(?:got|had|received)\s+(?:a|the|their)"
         r"\s+(?:response|reply|answer|outcome|decision)\s+(?:to|on|about)\s+(?:my|our)\s+"
         r"(?:formal\s+|stage (?:1|2|one|two)\s+)?complaint", negatable=False),
    _cue("nothing_yet", "stage", "none", 0.8,
         r"\b(?:(?:i|we)(?:'ve| have)?\s+(?:still\s+)?(?:never|didn't|did not|haven't|have not|"
         r"not)|haven't|have not|not yet|yet to)\s+(?:yet\s+|actually\s+|really\s+|properly\s+|"
         r"formally\s+|even\s+)?(?:said anything|raised|complained(?! formally)|spoken|talked|"
         r"contacted|told|mentioned|chased|emailed|written to|approached|been in touch|gone to|"
         r"brought (?:it|this) "
         r"up|followed (?:it|this) up|taken (?:it|this) up)\b(?![^.?!\n]{0,4}\b(?:us|me)\b)|"
         r"(?:should|do|can|shall) (?:i|we) (?:complain|raise|contact|speak|email|write)|"
         r"who (?:do|should) i (?:complain|speak|contact|write)|don't want to (?:make a fuss|rock "
         r"the "
         r"boat|cause trouble|fall out)|not sure who to (?:contact|speak|complain)|before (?:i|we) "
         r"(?:contact|speak to|raise it|approach|email|go to|complain)", negatable=False),
)

ALL_CUES: Final = (
    APPEAL_CUES + NEAR_MISS_CUES + EXCLUSION_CUES + DISCRIMINATION_CUES + DELAY_CUES
    + SAFEGUARDING_CUES + STAGE_CUES
)

# --- subtypes that matter once the category is known -----------------------------------------
GOVERNORS_UPHELD_RE: Final = re.compile(
    r"\b(?:governors?|governing (?:body|board)|trust board|discipline committee|"
    r"board of governors)\b(?!'?s?'? complaints?)[^?!\n]{0,100}\b(?<!not )(?<!n't )(?<!never )"
    r"(?:upheld|uphold|upholding|agreed with the (?:head|"
    r"exclusion|decision)|backed the head|confirmed the (?:exclusion|decision)|decided to uphold|"
    r"refused to reinstate|won't reinstate|will not reinstate|not (?:to )?(?:be )?reinstat\w*|"
    r"supported the (?:head|decision|exclusion))"
    r"|\b(?:exclusion|decision)\b[^.?!\n]{0,40}\b(?:was|has been|had been)\s+upheld\b",
    re.IGNORECASE,
)


# "If they refuse to assess..." is a question, not a decision; delay and risk are not waved
# away by an "if".
HYPOTHETICAL_KINDS: Final = frozenset({"appeal", "exclusion", "discrimination"})


@dataclass(frozen=True)
class CueHit:
    """One cue found in the text: where, which, and whether a negation or "if" governs it."""

    cue: str
    kind: str
    subtype: str
    weight: float
    start: int
    end: int
    sentence: int
    negated: bool


_WORD_CHAR: Final = re.compile(r"\w")
# A sentence ends at . ! ? (not after a common abbreviation) or at a blank line. Done by regex
# over the text: spaCy keeps "F." (as in "section F.") together as an initial, which would join
# two sentences that say different things.
SENTENCE_END_RE: Final = re.compile(
    r"(?:(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr)(?<!\bst)"
    r"(?<!\bvs)(?<!\bno)(?<!\bapprox)[.!?]+[\"')\]]*[ \t]+|[ \t]*\n[ \t]*\n\s*|"
    r"(?<=[.!?])[\"')\]]*[ \t]*\n\s*)(?=\S)",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[int]:
    """Character offsets where sentences start (the first is always 0)."""
    return [0, *(match.end() for match in SENTENCE_END_RE.finditer(text) if match.end() > 0)]


def sentence_index(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (given by its start offsets) that contains ``offset``."""
    return max(bisect_right(starts, offset) - 1, 0)


def _clause_before(text: str, sentence_start: int, hit_start: int) -> str:
    window = text[max(sentence_start, hit_start - 90):hit_start]
    breaks = list(CLAUSE_BREAK_RE.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def find_cues(
    text: str, sentence_starts: Sequence[int] = (0,), cues: Sequence[Cue] = ALL_CUES
) -> list[CueHit]:
    """Every cue hit in ``text``; ``sentence_starts`` are the character offsets of sentences."""
    hits: list[CueHit] = []
    starts = list(sentence_starts) or [0]
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters (e.g. "İ") change length when lower-cased; keep offsets exact.
        lowered = "".join(ch.lower()[0] if ch.lower() else ch for ch in text)
    for cue in cues:
        for match in (m for pattern in cue.patterns for m in pattern.finditer(lowered)):
            start = match.start()
            if start and _WORD_CHAR.match(lowered, start - 1) and _WORD_CHAR.match(lowered, start):
                continue  # inside a word: the \b the pattern began with fails here
            sent = sentence_index(starts, start)
            negated = False
            if cue.negatable or cue.hypothetical_sensitive:
                clause = _clause_before(lowered, starts[sent], match.start())
                negated = bool(
                    cue.negatable and NEGATION_RE.search(clause)
                    and not RHETORICAL_RE.search(clause)
                ) or bool(
                    cue.hypothetical_sensitive
                    and cue.kind in HYPOTHETICAL_KINDS
                    and (CONDITIONAL_RE.search(clause) or INTENT_RE.search(clause))
                )
            hits.append(CueHit(
                cue.name, cue.kind, cue.subtype, cue.weight, match.start(), match.end(), sent,
                negated,
            ))
    hits.sort(key=lambda hit: (hit.start, hit.end))
    return hits
