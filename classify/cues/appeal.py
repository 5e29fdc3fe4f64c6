"""Appeal cues: a council decision the parent can take to the SEND tribunal (send-routes.md §1A)."""

from __future__ import annotations

from typing import Final

from classify.cues.spec import Cue
from classify.cues.vocabulary import ASSESS, EHCP, EHCP_OR_VERSION, PLAN, REFUSE

CUES: Final = (
    Cue("refuse_assessment_a", "appeal", "refuse_assessment", 0.95,
        rf"\b{REFUSE}\b[^.?!\n]{{0,70}}?\b(?:to )?(?:carry out |do |agree to )?{ASSESS}",
        purpose="A refusal word, then the needs assessment it refuses.",
        fires_on=("The council have refused to carry out an EHC needs assessment.",
                  "They turned us down for an EHCNA."),
        not_on=("They haven't refused to assess him yet.",
                "If they refuse to assess, can we appeal?")),
    Cue("refuse_assessment_b", "appeal", "refuse_assessment", 0.95,
        rf"{ASSESS}[^.?!\n]{{0,40}}?\b(?:was|has been|had been|were|got|is|been|"
        rf"being)\s+(?:\w+ )?{REFUSE}",
        purpose='The assessment named first, then refused: "the EHCNA was rejected".',
        fires_on=("The EHCNA was rejected at panel.",
                  "I applied for an assessment and it was refused."),
        not_on=("The assessment was agreed last week.",)),
    Cue("refuse_assessment_c", "appeal", "refuse_assessment", 0.95,
        r"\b(?:not|won't|will not|wouldn't|would not|aren't|are not|isn't|"
        r"is not)\s+(?:going\s+)?(?:to\s+)?(?:be\s+)?(?:(?:carry(?:ing)? out|do(?:ing)?|"
        r"proceed(?:ing)? (?:with|to)|go(?:ing)? ahead (?:with|to))\s+(?:an? |the |any )?(?:ehc |"
        rf"needs |statutory )*(?:{ASSESS}|him|her|them)\b|agree(?:ing)? to\b|assessing\b|"
        r"assess\b)",
        negatable=False,
        purpose='"They are not going to assess" and the like, without a refusal word.',
        fires_on=("The LA are not going to carry out an assessment.",
                  "They won't assess him."),
        not_on=("They are going to carry out an assessment.",
                "I knew the school wouldn't do anything.",
                "The school is not carrying out their promises.")),
    Cue("refuse_assessment_d", "appeal", "refuse_assessment", 0.95,
        r"\b(?:decided|decision|chose|agreed) not to (?:carry out (?:an? )?(?:ehc ?|needs )?|"
        r"do (?:an? )?|proceed (?:with|to) (?:an? )?)?(?:assess|assessment|ehc ?n?a)",
        negatable=False,
        purpose='A decision not to assess: "they decided not to assess".',
        fires_on=("The council have decided not to assess.",
                  "Their decision not to carry out an assessment."),
        not_on=("They decided to assess her in the spring.",)),
    Cue("refuse_assessment_e", "appeal", "refuse_assessment", 0.9,
        r"\b(?:doesn't|does not|didn't|did not|don't|do not|wasn't|not)\s+(?:meet|meeting|reach|"
        r"hit)\s+(?:the |their )?(?:criteria|threshold|bar)\b",
        negatable=False,
        purpose="Not meeting the criteria or threshold, the usual reason for a refusal.",
        fires_on=("They say she doesn't meet the criteria for an assessment.",
                  "He did not meet the threshold."),
        not_on=("He meets the criteria now.",)),
    Cue("refuse_assessment_f", "appeal", "refuse_assessment", 0.95,
        r"\b(?:ehc ?n?a|ehcna|assessment|request)\b[^.?!\n]{0,30}\b(?:turned down|refused|"
        r"declined|rejected|knocked back|not agreed|was unsuccessful)",
        purpose='A request or assessment "turned down", "knocked back" or "not agreed".',
        fires_on=("Our EHCNA request was turned down.",
                  "The assessment got knocked back."),
        not_on=("The EHCNA request went in on Monday.",)),
    Cue("refuse_assessment_g", "appeal", "refuse_assessment", 0.9,
        r"\bno to (?:the |an? )?(?:ehc ?n?a|assessment|assessing|assess|needs assessment)",
        negatable=False,
        purpose='"Said no to the assessment": a refusal in everyday words.',
        fires_on=("The panel said no to the EHCNA.",
                  "The council said no to assessing her."),
        not_on=("The panel said yes to the EHCNA.",)),
    Cue("refuse_other_a", "appeal", "refuse_assessment", 0.85,
        r"\b(?:ehc ?n?a|ehcna|ehc ?p|ehc plan|assessment|application|"
        r"request)\b[^.?!\n]{0,40}\b(?:not (?:been )?(?:agreed|approved|accepted|successful)|"
        r"unsuccessful|(?:has been|was|got|been) (?:declined|rejected|refused|turned down|"
        r"knocked back))",
        negatable=False,
        purpose='An application or request "not agreed", "unsuccessful" or "declined".',
        fires_on=("Our application was declined at the SEN panel.",
                  "The request for an EHC needs assessment has not been agreed."),
        not_on=("Our application went to panel on Tuesday.",)),
    Cue("refuse_other_b", "appeal", "refuse_plan", 0.85,
        r"\b(?:decided|decision|concluded|said|say|says|think|feel)\b[^.?!\n]{0,30}\b(?:he|she|"
        r"they|it|[a-z]+)\s+(?:doesn't|does not|don't|do not|didn't|did not|won't)\s+(?:need|"
        r"require|qualify for|meet the (?:criteria|threshold) for)\s+(?:an? )?(?:ehc ?p|ehc plan|"
        r"plan|statutory|assessment|needs assessment|ehc ?n?a)",
        negatable=False,
        purpose="The council's view that the child does not need a plan or assessment.",
        fires_on=("The council have decided Sami does not need an EHC plan.",
                  "They say he doesn't qualify for an assessment."),
        not_on=("They say he needs more help in class.",)),
    Cue("refuse_other_c", "appeal", "refuse_plan", 0.85,
        r"\b(?:ehc ?p|ehc plan|plan|assessment)\b[^.?!\n]{0,15}\b(?:is|was|isn't|"
        r"wasn't)\s+(?:not\s+)?(?:necessary|needed|required|appropriate|warranted)\b|"
        r"\bsaid no to\s+(?:an? |the )?(?:ehc ?p|ehc plan|plan|application)",
        negatable=False,
        purpose='A plan said to be "not necessary", or "said no to the plan".',
        fires_on=("The letter says an EHC plan is not required.",
                  "They said no to the plan."),
        not_on=("The plan is really helpful.",)),
    Cue("refuse_plan_a", "appeal", "refuse_plan", 0.95,
        rf"\b(?:{REFUSE}|not|won't|will not|decided not|decision not)\b[^.?!\n]{{0,25}}?\b(?:to )"
        r"?(?:be )?(?:issu(?:e|es|ed|ing)|giv(?:e|es|ing)|grant(?:s|ing)?|mak(?:e|es|ing)|"
        rf"draw(?:ing)? up|writ(?:e|es|ing))\b[^.?!\n]{{0,45}}?{PLAN}"
        r"(?![^.?!\n]{0,30}\b(?:within|on time|in time|yet)\b)",
        negatable=False,
        purpose="A refusal to issue, give or write a plan (not a plan late: \"within\" a time).",
        fires_on=("They won't give him an Education, Health and Care Plan.",
                  "The council refused to issue a plan."),
        not_on=("The council are going to issue a plan.",
                "The council has not issued my child's EHC plan within the statutory "
                "timescales.")),
    Cue("refuse_plan_b", "appeal", "refuse_plan", 0.8,
        r"\b(?:needs|he|she|they|it)\b[^.?!\n]{0,40}\bcan (?:be|"
        r"still be) met\b[^.?!\n]{0,40}\b(?:sen support|existing resources|"
        r"within (?:the )?(?:school'?s? )?(?:own )?resources|ordinarily available|"
        r"without an? (?:ehc ?p|plan)|(?:from|with|through|by) (?:what|the resources|the support|"
        r"the funding) (?:the )?(?:school|college|setting|nursery) (?:already )?(?:has|have|gets|"
        r"get|provides?)|(?:from|within|through) (?:the )?(?:school'?s?|college'?s?|setting'?s?|"
        r"their|its) (?:own )?(?:budget|funding|resources)|(?:through|"
        r"by) (?:the )?graduated (?:approach|response))",
        negatable=False,
        purpose='Needs "can be met" from the school\'s own resources: the refusal\'s reason.',
        fires_on=("They say her needs can be met through SEN support.",
                  "His needs can be met within the school's own budget."),
        not_on=("Her needs are complex and change every term.",)),
    Cue("refuse_plan_e", "appeal", "refuse_plan", 0.65,
        r"\bsen support (?:is|was|would be|will be|should be) (?:enough|sufficient|adequate)\b",
        negatable=False,
        purpose='"SEN support is enough": the council\'s reason for no plan.',
        fires_on=("The council say SEN support is enough.",),
        not_on=("SEN support has helped a bit.",)),
    Cue("refuse_assessment_i", "appeal", "refuse_assessment", 0.9,
        r"\bthere (?:won't|will not|isn't going to|is not going to|wouldn't|would not|shouldn't|"
        r"will be no|is to be no) (?:be )?(?:an? |any )?(?:ehc |statutory |needs |"
        r"further )*(?:assessment|ehc ?n?a)\b|\b(?:decided|ruled|came down) against (?:an? |"
        r"the )?(?:ehc |statutory |needs )*(?:assessment|assessing|ehc ?n?a)\b",
        negatable=False,
        purpose='"There won\'t be an assessment", "decided against an assessment".',
        fires_on=("The panel said there won't be an assessment.",
                  "They decided against an EHC needs assessment."),
        not_on=("There will be an assessment in May.",)),
    Cue("refuse_plan_c", "appeal", "refuse_plan", 0.85,
        r"\b(?:no|not getting|won't get|isn't getting|"
        rf"not going to get)\s+(?:an? )?{EHCP}\b[^.?!\n]{{0,40}}\b(?:after|following|"
        r"despite)\b[^.?!\n]{0,20}\bassess",
        negatable=False,
        purpose="No plan after the assessment.",
        fires_on=("We got no plan after the assessment.",
                  "We are not getting a plan despite the assessment."),
        not_on=("We got the plan after the assessment.",)),
    Cue("refuse_plan_d", "appeal", "refuse_plan", 0.9,
        r"\bassess(?:ed|ment)\b[^.?!\n]{0,80}\b(?:but|and)\b[^.?!\n]{0,40}\b(?:(?<!still )(?<!yet "
        r")no (?:ehc ?p|plan)(?! (?:yet|still|has|have|had|issued|in place|arrived|sent|back))|"
        r"not (?:to )?issue|won't issue|refused to issue|said no|sen support (?:is|was) enough|"
        r"decided against)",
        negatable=False,
        purpose="An assessment done, and then no plan issued.",
        fires_on=("They did the assessment and then said no to the plan.",
                  "We went through the assessment but they won't issue a plan."),
        not_on=("They did the assessment and the plan is being written.",)),
    Cue("plan_contents_a", "appeal", "plan_contents", 0.85,
        r"\b(?:final|finalised|amended|new|issued)"
        rf"\s+{EHCP_OR_VERSION}\b[^.?!\n]{{0,120}}\b(?:vague|missing|cut|reduced|removed|"
        r"taken out|left out|wrong|not (?:specific|quantified|enough|right|what)|"
        r"doesn't (?:include|say|mention|specify|reflect)|does not|unhappy|not happy|disagree|"
        r"woolly|wooly|no (?:mention|hours|therapy|salt|ot)|inadequate|watered down|isn't|"
        r"nothing about|ignores|terrible|useless|rubbish|appeal)",
        purpose="A final, amended or new plan that is vague, wrong or missing things.",
        fires_on=("The new plan has removed the OT provision.",
                  "The final plan is vague about his therapy."),
        not_on=("The final plan arrived today and looks good.",)),
    Cue("plan_contents_b", "appeal", "plan_contents", 0.85,
        r"\b(?:disagree|unhappy|not happy|not agree|don't agree|dispute|challenge|"
        r"appeal)\w*\b[^.?!\n]{0,60}\b(?:sections? [bfi]\b|the final (?:ehc ?p|plan)|"
        r"the amended (?:ehc ?p|plan)|contents? of (?:the |his |her )?(?:ehc ?p|plan)|what(?:'s|"
        r" is) in the (?:ehc ?p|plan))",
        purpose="Disagreeing with a section or the final plan's contents.",
        fires_on=("I disagree with the contents of the final EHC plan.",
                  "We intend to appeal Section I."),
        not_on=("I agree with the final plan.",)),
    Cue("plan_contents_c", "appeal", "plan_contents", 0.75,
        r"\bsection [bf]\b[^.?!\n]{0,80}\b(?:vague|missing|cut|removed|not (?:specific|"
        r"quantified)|doesn't|does not|wrong|no |isn't|left out|woolly|wooly)",
        purpose="Section B or F vague, missing or wrong.",
        fires_on=("Section F is vague and not quantified.",
                  "Section B doesn't mention her sensory needs."),
        not_on=("Section F lists ten hours of speech therapy.",)),
    Cue("plan_contents_g", "appeal", "plan_contents", 0.7,
        r"\b(?:taken out|took out|removed|cut|reduced|deleted|replaced|watered down|"
        r"dropped)\b[^.?!\n]{0,60}\bsection [bfi]\b|\bsection [bfi]\b[^.?!\n]{0,50}\b(?:taken out|"
        r"removed|cut|reduced|deleted|replaced|watered down|dropped)\b",
        purpose="Provision taken out of, cut from or watered down in Section B, F or I.",
        fires_on=("The therapy has been taken out of section F.",
                  "Section F has been watered down."),
        not_on=("Section F has ten hours of therapy.",)),
    Cue("plan_contents_d", "appeal", "plan_contents", 0.7,
        r"\b(?:hours|support|therapy|salt|ot|1:1|one[- ]to[- ]one|"
        r"ta support)\b[^.?!\n]{0,30}\b(?:cut|reduced|removed|taken out|"
        r"halved)\b[^.?!\n]{0,60}\b(?:ehc ?p|plan|section f)",
        purpose="Hours, support or therapy cut in the plan.",
        fires_on=("His 1:1 hours were cut in the amended plan.",
                  "The support has been reduced in section F."),
        not_on=("The support in his plan is working well.",)),
    Cue("plan_contents_e", "appeal", "plan_contents", 0.75,
        r"\b(?:issued|finali[sz]ed|sent (?:us|me|out)|received|got)\s+(?:the\s+|his\s+|her\s+|"
        r"their\s+|our\s+|a\s+)?(?:final\s+|amended\s+|"
        rf"new\s+)?{EHCP}\b[^.?!\n]{{0,120}}\b(?:vague|missing|cut|reduced|removed|wrong|"
        r"not (?:specific|quantified|enough|right)|doesn't|does not|unhappy|not happy|disagree|"
        r"don't agree|woolly|wooly|inadequate|watered down|nothing about|ignores|appeal)|"
        r"\b(?:ehc ?p|plan)\s+(?:was|has been|got|had been)\s+(?:finali[sz]ed|issued|"
        r"amended)\b[^.?!\n]{0,120}\b(?:vague|missing|cut|reduced|removed|wrong|not|doesn't|"
        r"unhappy|disagree|don't agree|appeal)",
        purpose="A plan received or issued that is wrong or missing provision.",
        fires_on=("We got the final EHCP and the therapy is missing.",
                  "The plan was finalised and her 1:1 was cut."),
        not_on=("We got the final EHCP and we are happy with it.",)),
    Cue("plan_contents_f", "appeal", "plan_contents", 0.65,
        r"\b(?:ehc ?p|ehc plan|plan|section [bf])\b[^.?!\n]{0,50}\b(?:doesn't|does not|don't|"
        r"do not|fails to|failed to|didn't|did not)\s+(?:\w+\s+)?(?:reflect|include|mention|"
        r"specify|quantify|say how|cover|contain|match|address|describe)\b",
        purpose="The plan does not mention, include or quantify a need.",
        fires_on=("Her plan doesn't mention her diabetes.",
                  "The plan doesn't say how many hours of support he gets."),
        not_on=("Her plan mentions her diabetes.",)),
    Cue("appeal_intent", "appeal", "", 0.75,
        r"\b(?:(?:want|going|plan(?:ning)?|intend(?:ing)?|like|decided|hoping|need) to appeal|"
        r"appeal(?:ing)? (?:against )?(?:the|this|that|their|his|her|a) (?:decision|plan|ehc ?p|"
        r"refusal|final plan|section|outcome|la|council|local authority)|regist(?:er|ered|"
        r"ering) (?:an|our|the|my) appeal|lodg(?:e|ed|ing) (?:an|our|the|my) appeal|"
        r"send ?35a?)\b(?![^.?!\n]{0,40}\b(?:exclu\w*|suspen\w*|admissions?|school place|"
        r"governors|pip|dla|benefit))",
        hypothetical=False,
        purpose="The parent wants to appeal, or an appeal is lodged (not an exclusion one).",
        fires_on=("We have decided to appeal the refusal.",
                  "We have registered our appeal."),
        not_on=("I want to appeal the exclusion.",
                "We have not decided to appeal.")),
    Cue("section_i_a", "appeal", "section_i_only", 0.85,
        r"\b(?:named|naming|name|put)\b[^.?!\n]{0,30}\b(?:wrong|a mainstream|another|different|"
        r"the mainstream)\s+(?:\w+\s+)?(?:school|placement|setting)|\bwrong (?:school|placement|"
        r"setting|college)\b[^.?!\n]{0,20}\b(?:named|in (?:the )?(?:plan|ehc ?p|section i))",
        purpose="The wrong or a mainstream school named in the plan.",
        fires_on=("They put a mainstream school in the plan.",
                  "The wrong school is named in the plan."),
        not_on=("They named the school we asked for.",)),
    Cue("section_i_b", "appeal", "section_i_only", 0.85,
        r"\b(?:won't|will not|refus\w*|not|decline\w*)\b[^.?!\n]{0,20}\bname\b[^.?!\n]{0,40}\b(?:s"
        r"chool|placement|setting|college)",
        negatable=False,
        purpose="A refusal to name the school the parent wants.",
        fires_on=("The council won't name the special school.",
                  "They refused to name our preferred school."),
        not_on=("The council have agreed to name the special school.",)),
    Cue("section_i_c", "appeal", "section_i_only", 0.8,
        r"\bsection i\b[^.?!\n]{0,80}\b(?:school|placement|setting|wrong|named|mainstream|special)",
        purpose="Section I and the school or placement named in it.",
        fires_on=("In section I they named a mainstream school.",
                  "Section I names the wrong school."),
        not_on=("Section F lists his therapy.",)),
    Cue("section_i_d", "appeal", "section_i_only", 0.7,
        r"\b(?:placement|special school|specialist (?:school|provision|"
        r"placement))\b[^.?!\n]{0,30}\b(?:was |has been |had been )?(?:refused|turned down|"
        r"rejected|declined)",
        purpose="A placement or special school refused.",
        fires_on=("The placement we asked for was turned down.",
                  "The special school was refused."),
        not_on=("The placement we asked for has been agreed.",)),
    # The real train split: a placement dispute told as what the council wants ("they want to
    # put him in a special school", "LEA insist on mainstream") or a school request rejected.
    Cue("section_i_e", "appeal", "section_i_only", 0.8,
        r"\b(?:la|lea|council|local authority|they)\s+(?:\w+\s+)?(?:want(?:s)?|are trying|"
        r"insist\w*|propos\w*|plan(?:s)?|intend(?:s)?)\s+(?:on\s+)?(?:to\s+)?(?:place|put|send|"
        r"move)\s+(?:him|her|them)\s+(?:in|into|to)\b[^.?!\n]{0,40}\b(?:mainstream|"
        r"special school|unit|specialist provision|special provision|resourced provision)|"
        r"\b(?:rejected|refused|turned down|declined)\s+(?:his|her|their|our|"
        r"my (?:son|daughter|child)'s|the)\s+"
        r"(?:school place|school placement|placement|preferred school|school) (?:request|"
        r"preference)\b",
        purpose="The council wants a different school placement, or rejected the school asked for.",
        fires_on=("LA want to place him in designated special provision in a mainstream class.",
                  "The LA rejected his school place request at early review."),
        not_on=("The LA agreed to place him in the special school we asked for.",)),
    Cue("reassess_a", "appeal", "refuse_reassessment", 0.9,
        rf"\b(?:{REFUSE}|won't|will not)\b[^.?!\n]{{0,30}}\bre-?assess|\bnot (?:to |going to |"
        r"be )?re-?assess",
        purpose="A refusal to reassess.",
        fires_on=("The LA have refused to reassess him.",
                  "They decided not to reassess her."),
        not_on=("The LA have agreed to reassess him.",
                "The plan was not dealt with, reassessment was agreed.")),
    Cue("reassess_b", "appeal", "refuse_reassessment", 0.9,
        rf"\bre-?assessment\b[^.?!\n]{{0,30}}\b(?:was |has been |had been )?{REFUSE}",
        purpose="A reassessment named, then refused.",
        fires_on=("Our request for a re-assessment was refused.",
                  "Reassessment refused."),
        not_on=("The reassessment starts next month.",)),
    Cue("refuse_amend_a", "appeal", "refuse_amend", 0.85,
        r"\b(?:refus\w*|won't|will not|not going|decided not|"
        r"decline\w*)\b[^.?!\n]{0,20}\b(?:to )?(?:amend|change|update)\b[^.?!\n]{0,20}(?:the |"
        r"his |her |their )?(?:ehc ?p|plan|it)\b",
        negatable=False,
        purpose="A refusal to amend or change the plan.",
        fires_on=("The LA refused to amend the EHC plan after the annual review.",
                  "The council decided not to amend the plan."),
        not_on=("The council are amending the plan.",)),
    Cue("refuse_amend_b", "appeal", "refuse_amend", 0.8,
        r"\b(?:keep(?:ing)?|maintain(?:ing)?|leave|leaving)\b[^.?!\n]{0,20}\b(?:the )?(?:ehc ?p|"
        r"plan|it)\b[^.?!\n]{0,10}\b(?:the same|as it is|unchanged|without change)",
        purpose='Keeping the plan "the same" or "as it is" after a review.',
        fires_on=("They are keeping the plan the same.",
                  "They are leaving the plan as it is."),
        not_on=("They are rewriting the plan.",)),
    Cue("refuse_amend_c", "appeal", "refuse_amend", 0.75,
        r"\bannual review\b[^.?!\n]{0,120}\b(?:no changes|(?<!still )(?<!yet )not (?:be )?"
        r"(?:amended|changed)|"
        r"unchanged|stay the same|keep it the same|won't (?:amend|change))",
        negatable=False,
        purpose="An annual review that ends with no changes to the plan.",
        fires_on=("After the annual review they said there will be no changes.",
                  "At the annual review they said they won't change it."),
        not_on=("The annual review is next Tuesday.",
                "Annual review in March, the plan still not amended.")),
    Cue("cease_a", "appeal", "cease", 0.95,
        r"\bceas(?:e|ed|es|ing)\b[^.?!\n]{0,30}\b(?:to maintain|maintaining|the (?:ehc ?p|plan)|"
        r"(?:my|our) (?:\w+'s )?(?:ehc ?p|plan)|his (?:ehc ?p|plan)|her (?:ehc ?p|plan)|"
        r"their (?:ehc ?p|plan)|(?:the|his|her) statement)",
        purpose="Ceasing to maintain the plan.",
        fires_on=("They are ceasing her EHC plan.",
                  "They have decided to cease maintaining the plan."),
        not_on=("They told us about the plan at the meeting.",)),
    Cue("cease_b", "appeal", "cease", 0.9,
        r"\b(?:stop(?:ping|ped)?|end(?:ing|ed)?|scrap(?:ping|ped)?|remov(?:e|ing|ed)|tak(?:e|"
        r"ing) away|withdraw(?:ing|n)?|cancel(?:l?ing|l?ed)?|clos(?:e|ing) down)\b\s+(?:the |his |"
        r"her |their |my |our |your |my \w+'s )?(?:ehc ?p|ehc plan|plan|statement)\b",
        purpose="Stopping, ending or taking away the plan.",
        fires_on=("They are going to stop my EHCP.",
                  "The council are ending his plan."),
        not_on=("The council want to end the meeting early.",)),
    Cue("cease_c", "appeal", "cease", 0.9,
        rf"\b{EHCP}\b[^.?!\n]{{0,20}}\b(?:will be|is being|to be|being|was|has been)\s+(?:ceased|"
        r"stopped|ended|scrapped|withdrawn|cancelled|taken away|closed)",
        purpose='The plan "will be ceased", "is being stopped".',
        fires_on=("The EHC plan will be ceased.",
                  "The plan is being withdrawn."),
        not_on=("The plan is being reviewed.",)),
    Cue("cease_d", "appeal", "cease", 0.9,
        r"\bcease to maintain\b",
        purpose='"Cease to maintain", the decision\'s own words.',
        fires_on=("Decision to cease to maintain the EHCP.",),
        not_on=("They continue to maintain the EHCP.",)),
    Cue("draft_plan", "appeal", "draft_plan", 0.55,
        rf"\bdraft {EHCP}\b|\bamendment notice\b|\bproposed amendments\b",
        purpose="A draft plan or amendment notice: comment on it before the final plan.",
        fires_on=("We received the draft EHC plan.",
                  "The amendment notice came today."),
        not_on=("We received the final EHC plan.",)),
    Cue("appeal_word", "appeal", "", 0.55,
        r"\b(?:appeal(?:ing|ed|s)?|tribunal|sendist|send35a?|mediation certificate|"
        r"certificate from (?:the )?mediat\w*|first[- ]tier tribunal|ftt)\b",
        hypothetical=False,
        purpose="An appeal or tribunal named: a weak sign alone.",
        fires_on=("I have the mediation certificate.",
                  "Can we go to tribunal?"),
        not_on=("We have not appealed.",
                "I spoke to the school about it.")),
    Cue("decision_letter", "appeal", "", 0.45,
        r"\b(?:letter (?:from|of) (?:the )?(?:la|local authority|council)|(?:la|council|"
        r"local authority)(?:'s)? (?:decision|letter))\b",
        hypothetical=False,
        purpose="The council's letter or decision named: a weak sign alone.",
        fires_on=("The council's decision arrived today.",
                  "We had a letter from the local authority."),
        not_on=("We had a letter from the school.",)),
    Cue("refuse_assessment_h", "appeal", "refuse_assessment", 0.85,
        rf"{ASSESS}[^.?!\n]{{0,60}}\b(?:and|but) (?:they|the la|the council|it was|was|were|got|"
        rf"had it)\s+(?:\w+ )?{REFUSE}",
        purpose='An assessment asked for, "and they refused".',
        fires_on=("We asked the council for the assessment and they refused.",
                  "I applied for an assessment but it was rejected."),
        not_on=("We asked for the assessment and they agreed.",)),
    # The real train split: a plan refused in everyday words ("the LA has just turned down
    # EHCP", "declined an EHCP", "we have not been successful in getting an EHCP").
    Cue("refuse_plan_f", "appeal", "refuse_plan", 0.85,
        rf"\b{REFUSE}\s+(?:(?:him|her|them|us)\s+)?(?:an? |the |his |her |their )?(?:ehc ?p|"
        r"ehc plan|statement)\b(?! assessment)|\bnot (?:been )?successful in (?:getting|"
        r"securing|obtaining) (?:an? |the )?(?:ehc ?p|ehc plan|statement|plan)\b",
        purpose="A plan turned down, declined or refused in everyday words.",
        fires_on=("The local authority has just turned down EHCP.",
                  "We have not been successful in getting an EHCP for our son."),
        not_on=("They refused an EHCP assessment last year and then agreed.",
                "We were successful in getting an EHCP.")),
    # The real train split: the council refuses the special school or unit the parent wants, or
    # has said mainstream (a Section I dispute, told without the word "section").
    Cue("section_i_f", "appeal", "section_i_only", 0.8,
        rf"\b{REFUSE}\s+(?:(?:him|her|them|us)\s+)?(?:an? |the |his |her |their |our )?(?:place "
        r"(?:at|in) (?:an? |the )?)?(?:special(?:ist)? (?:school|setting|provision|placement|unit|"
        r"college)|placement|preferred school|(?:asd|autism) unit)\b|\b(?:la|lea|council|"
        r"local authority|panel)\s+(?:have |has |had )?(?:already )?(?:said|decided|insist\w*)"
        r"\b[^.?!\n]{0,40}\b(?:mainstream|ms)\b",
        purpose="The council refused the special school asked for, or insists on mainstream.",
        fires_on=("They have denied special school as he is a band 7.",
                  "LA have already said MS.",
                  "LEA insists on mainstream."),
        not_on=("The LA agreed the special school we asked for.",
                "The LA named the mainstream school we wanted.")),
    # Labellers' convention on the real train split (labels.jsonl adjudications, as the team
    # corpus): a draft plan or proposed statement the parent disputes (vague, missing provision,
    # the wrong school) is the appeal route, commented on first (the draft-plan note). A draft
    # the parent only asks about, or that is late, is not.
    Cue("draft_disputed", "appeal", "draft_plan", 0.8,
        r"\b(?:draft (?:of (?:\w+'s |his |her |their |the )?)?(?:ehc ?p|ehc plan|plan|statement)|"
        r"proposed statement|working doc(?:ument)?|draft)\b[^.?!\n]{0,120}?\b(?:vague|missing|"
        r"a mess|messy|not (?:specific|specified|quantified|happy|clear|right|enough)|unhappy|"
        r"specif(?:y|ies) nothing|nothing (?:specifies|about|on)|no mention|(?:doesn't|does not) "
        r"(?:mention|specify|include|say)|ignored|wrong|inaccurate|left out|taken out|removed|"
        r"woolly|wooly|inadequate|rejecting|disagree|don't agree|only \d+ hours|appeal)\b|"
        r"\b(?:no (?:mention of )?(?:an? |any )?(?:ta|teaching assistant|1:1|one[- ]to[- ]one|"
        r"therapy|salt|ot|support|provision)|not happy with|unhappy with|disagree with|"
        r"missing from|left out of)"
        r"\b[^.?!\n]{0,40}\b(?:the |this |his |her |my )?(?:draft|proposed statement)\b",
        negatable=False,
        purpose="A draft plan or proposed statement the parent disputes: the appeal route.",
        fires_on=("Draft EHCP a mess, neurology missing.",
                  "No TA in draft EHCP provision section.",
                  "The proposed statement specifies nothing."),
        not_on=("The draft plan arrived today, what should I look for?",
                "The draft plan came 5 months ago and we've never had the final.")),
)
