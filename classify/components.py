"""spaCy components of the triage pipeline: SEND term patterns, and the cues and dates.

Importing this module registers the factories, so ``spacy.load`` can rebuild a saved pipeline.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc

from classify.dates import find_dates
from classify.rules import find_cues, split_sentences

SENT_DAY_KEY: Final = "sendtriage.sent_day"
# The text a doc was made from, when the maker kept it: the same string as ``doc.text``
# (spaCy's tokenizer loses nothing), without rebuilding it from every token.
TEXT_KEY: Final = "sendtriage.text"

if not Doc.has_extension("sentence_starts"):
    Doc.set_extension("sentence_starts", default=())
if not Doc.has_extension("cue_hits"):
    Doc.set_extension("cue_hits", default=())
if not Doc.has_extension("date_mentions"):
    Doc.set_extension("date_mentions", default=())


class CueAnnotator:
    """Runs the rule cues and the date finder once over the text; results on ``doc._``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        kept = doc.user_data.get(TEXT_KEY)
        text = kept if isinstance(kept, str) else doc.text  # doc.text is rebuilt from tokens
        starts = split_sentences(text)
        doc._.sentence_starts = tuple(starts)
        doc._.cue_hits = tuple(find_cues(text, starts))
        sent_day = doc.user_data.get(SENT_DAY_KEY)
        doc._.date_mentions = tuple(
            find_dates(text, sent_day if isinstance(sent_day, date) else None)
        )
        return doc


@Language.factory("send_cues")
def make_cue_annotator(nlp: Language, name: str) -> CueAnnotator:
    return CueAnnotator(name)


def _terms(label: str, *phrases: str) -> list[dict[str, str]]:
    return [{"label": label, "pattern": phrase} for phrase in phrases]


# Phrase patterns (matched on the lower-cased text) for the words advisers scan for first.
SEND_TERM_PATTERNS: Final = (
    _terms("PLAN", "ehcp", "ehc plan", "ehc", "education health and care plan",
           "education, health and care plan", "statement", "draft plan", "final plan",
           "amended plan", "draft ehcp", "final ehcp", "amended ehcp", "section b", "section f",
           "section i", "amendment notice")
    + _terms("ASSESSMENT", "ehcna", "ehc needs assessment", "needs assessment",
             "statutory assessment", "reassessment", "re-assessment", "annual review",
             "phase transfer", "ehc assessment")
    + _terms("APPEAL", "appeal", "tribunal", "sendist", "send tribunal", "first-tier tribunal",
             "mediation", "mediation certificate", "send35", "send35a", "decision letter")
    + _terms("EXCLUSION", "exclusion", "excluded", "permanent exclusion", "permanently excluded",
             "suspension", "suspended", "fixed term exclusion", "fixed-term exclusion", "px",
             "expelled", "managed move", "reduced timetable", "part-time timetable",
             "part time timetable", "off-rolling", "off rolled", "governors", "irp",
             "independent review panel", "reinstatement", "sent home", "cooling off")
    + _terms("DISCRIMINATION", "discrimination", "discriminated", "discriminating",
             "reasonable adjustments", "reasonable adjustment", "equality act", "send4")
    + _terms("COMPLAINT", "complaint", "formal complaint", "complaints procedure",
             "ombudsman", "lgsco", "lgo", "phso", "judicial review", "pre-action letter",
             "stage 1", "stage 2")
    + _terms("ROLE_SCHOOL", "senco", "sendco", "senco's", "head teacher", "headteacher", "head",
             "class teacher", "teacher", "ta", "teaching assistant", "head of year",
             "deputy head", "school", "academy", "trust", "governing body", "nursery", "college")
    + _terms("ROLE_LA", "la", "local authority", "council", "ehcco", "caseworker",
             "case worker", "case officer", "sen officer", "sen team", "send team", "panel",
             "ehc coordinator", "social worker", "inclusion team")
    + _terms("ROLE_HEALTH", "camhs", "nhs", "icb", "ccg", "gp", "paediatrician", "hospital",
             "health visitor", "speech therapist", "occupational therapist", "salt", "ot",
             "physio", "physiotherapist", "cdc")
    + _terms("CONDITION", "autism", "autistic", "asd", "asc", "adhd", "dyslexia", "dyspraxia",
             "pda", "epilepsy", "down syndrome", "cerebral palsy", "sensory processing disorder",
             "semh", "anxiety", "selective mutism", "learning disability", "tourette's",
             "global developmental delay", "diabetes", "hearing impairment",
             "visual impairment", "sen", "send", "special educational needs", "disability")
)
