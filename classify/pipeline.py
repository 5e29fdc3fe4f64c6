"""The classifier: prepare the text, run the spaCy pipeline, then route, date and explain."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their spaCy factories for ``spacy.load``.
from classify import components, step_head  # noqa: F401
from classify.clockstart import ClockStart, choose_clock_start
from classify.dates import sent_day
from classify.deadlines import compute_deadline
from classify.facts import extract_facts, find_decision_type
from classify.preprocess import PreparedText, prepare_text
from classify.routing import (
    choose_next_step,
    detect_complaint_stage,
    follow_learned_step,
    is_unsupported_route,
    stated_stage,
)
from classify.rules import CueHit, sentence_index, split_sentences
from classify.scoring import (
    HEAD_LOGIT_CLIP,
    HEAD_TEMPERATURE,
    MODEL_LOGIT_CLIP,
    MODEL_TEMPERATURE,
    THRESHOLD,
    combine_scores,
    find_safeguarding,
    is_resolution_note,
    overall_confidence,
    settled_sentences,
)
from classify.stance import no_live_issue
from classify.types import CATEGORIES, Category, EmailText, Triage
from classify.version import rules_version
from core.errors import PermanentError
from core.labels import DATED_STEPS, DecisionType, NextStep, Respondent

MODEL_DIR: Final = Path(__file__).with_name("model")
DEFAULT_NEEDS_HUMAN_THRESHOLD: Final = 0.6
MAX_EVIDENCE: Final = 3
BATCH_SIZE: Final = 64
# Far beyond any parent's email (~15,000 words), far below spaCy's 1,000,000-character limit,
# and read in about half a second: longer text is read up to here (issue 10, item 5).
MAX_READ_CHARS: Final = 100_000
MAX_SUBJECT_CHARS: Final = 1_000
LONG_EMAIL_NOTE: Final = (
    f"This email is very long: only its first {MAX_READ_CHARS:,} characters were read; a person "
    "should read the rest."
)
UNSUPPORTED_ROUTE_NOTE: Final = (
    "The next step was read by the learned model without the matching category: check the "
    "route and its deadline before approving the draft."
)
DRAFT_PLAN_NOTE: Final = (
    "Draft plan or amendment notice: the parent can comment and ask for a school within 15 "
    "days of it being served (D8); the right of appeal starts with the final plan."
)


def bound_text(text: EmailText) -> tuple[EmailText, bool]:
    """``text`` cut to what the classifier reads (at a line or word break when there is one
    near the limit), and whether anything was cut. Pure."""
    body, subject = text.body or "", text.subject or ""
    if len(body) <= MAX_READ_CHARS and len(subject) <= MAX_SUBJECT_CHARS:
        return text, False
    return replace(text, body=_cut(body, MAX_READ_CHARS),
                   subject=_cut(subject, MAX_SUBJECT_CHARS)), True


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    # Prefer not to end in the middle of a word; a single 8 MB "word" is cut where it is.
    brk = max(head.rfind("\n"), head.rfind(" "))
    return head[:brk] if brk > limit * 0.9 else head


@dataclass(frozen=True)
class _Sentences:
    """The email's sentences: where each starts, and its text on one line when asked for (only
    a few are ever quoted as evidence)."""

    text: str
    starts: list[int]

    def line(self, index: int) -> str:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return " ".join(self.text[self.starts[index]:end].split())


def _sentences(doc: Doc, text: str) -> _Sentences:
    return _Sentences(text, list(doc._.sentence_starts) or split_sentences(text))


def _evidence_sentences(hits: Sequence[CueHit], category: Category) -> list[int]:
    """The sentences (indices, in text order) with the strongest cues for ``category``."""
    seen: list[int] = []
    ranked = sorted(
        (hit for hit in hits if hit.kind == category and not hit.negated),
        key=lambda hit: -hit.weight,
    )
    for hit in ranked:
        if hit.sentence not in seen:
            seen.append(hit.sentence)
        if len(seen) == MAX_EVIDENCE:
            break
    return sorted(seen)


ROLE_LABELS: Final = {
    "ROLE_SCHOOL": Respondent.SCHOOL, "ROLE_LA": Respondent.COUNCIL,
    "ROLE_HEALTH": Respondent.HEALTH,
}


def _role_counts(
    doc: Doc, starts: Sequence[int], sentences: Collection[int]
) -> dict[Respondent, int]:
    """School, council and health roles the ``send_terms`` patterns found in ``sentences``
    (in the whole email when there are none)."""
    counts: dict[Respondent, int] = {}
    for span in doc.spans.get("send_terms", ()):
        role = ROLE_LABELS.get(span.label_)
        if role and (not sentences or sentence_index(starts, span.start_char) in sentences):
            counts[role] = counts.get(role, 0) + 1
    return counts


class Classifier:
    """A loaded pipeline plus the rules around it. Load once per process; thread-compatible."""

    def __init__(
        self,
        nlp: Language,
        *,
        model_version: str | None = None,
        needs_human_threshold: float = DEFAULT_NEEDS_HUMAN_THRESHOLD,
    ) -> None:
        self.nlp = nlp
        meta = nlp.meta
        self.model_version = model_version or (
            f"{meta.get('name', 'pipeline')}-{meta.get('version', '0')}+rules.{rules_version()}"
        )
        self.needs_human_threshold = needs_human_threshold

    def triage(self, text: EmailText) -> Triage:
        """The triage of one email. Pure apart from the model; safe to call repeatedly."""
        return self.triage_many([text])[0]

    def triage_many(self, texts: Sequence[EmailText]) -> list[Triage]:
        """The triage of many emails, batched through ``nlp.pipe`` (faster than one by one).

        An email longer than ``MAX_READ_CHARS`` is triaged from its beginning, with a note
        saying so: the same text always gives the same result, so a long email is never a
        failure to retry.
        """
        bounded = [bound_text(text) for text in texts]
        prepared = [prepare_text(text) for text, _ in bounded]
        docs = [self.make_doc(item) for item in prepared]
        # thinc's bag-of-words layer fails on a doc with no tokens, taking its whole batch with
        # it: an email with no words at all is read without the model.
        worded = iter(self.nlp.pipe((d for d in docs if len(d)), batch_size=BATCH_SIZE))
        triages = [
            self._read(item, next(worded)) if len(doc) else self._read_empty(item)
            for item, doc in zip(prepared, docs, strict=True)
        ]
        return [replace(triage, notes=(*triage.notes, LONG_EMAIL_NOTE)) if cut else triage
                for triage, (_, cut) in zip(triages, bounded, strict=True)]

    def make_doc(self, prepared: PreparedText) -> Doc:
        """The tokens of ``prepared`` with what the rule components read beside them (the
        day it was sent, the text), before any component has run."""
        doc = self.nlp.make_doc(prepared.text)
        doc.user_data[components.SENT_DAY_KEY] = sent_day(prepared.sent)
        doc.user_data[components.TEXT_KEY] = prepared.text
        return doc

    def _read_empty(self, prepared: PreparedText) -> Triage:
        return Triage(
            categories=(),
            scores=dict.fromkeys(CATEGORIES, 0.0),
            next_step=NextStep.GENERAL_ADVICE,
            decision_date=None,
            deadline=None,
            safeguarding=False,
            confidence=0.0,
            model_version=self.model_version,
            needs_human=True,
            notes=("The email has no text to read (empty body and subject): a person should "
                   "look at it.",),
        )

    def _read(self, prepared: PreparedText, doc: Doc) -> Triage:
        # ``text`` is rebuilt from the tokens on every access; the doc was made from this.
        text = prepared.text
        hits: tuple[CueHit, ...] = doc._.cue_hits
        # In a reply the subject (sentence 0) names the thread's first topic, not today's.
        settled = settled_sentences(hits, (0,) if prepared.reply and prepared.subject else ())
        # The head's category layer, when the pipeline has one, reads real parents' writing
        # better than the bag of words (real dev macro-F1 0.629 vs 0.598, training/README.md),
        # and is trusted further by the rule layer (0.625 -> 0.657 on the 382-row dev).
        head_probs = doc._.category_probs
        scores = combine_scores(
            head_probs or doc.cats, hits,
            resolved=is_resolution_note(text, hits, settled), settled=settled,
            no_live=no_live_issue(text),
            temperature=HEAD_TEMPERATURE if head_probs else MODEL_TEMPERATURE,
            clip=HEAD_LOGIT_CLIP if head_probs else MODEL_LOGIT_CLIP,
        )
        categories = tuple(c for c in CATEGORIES if scores[c] >= THRESHOLD)
        stage = detect_complaint_stage(hits)
        next_step = follow_learned_step(choose_next_step(categories, stage), doc._.step_probs,
                                        stated_stage(hits))
        sentences = _sentences(doc, text)
        today = doc.user_data.get(components.SENT_DAY_KEY)
        clock = choose_clock_start(
            text, doc._.date_mentions, next_step, sentences.starts, today
        )
        if (next_step == NextStep.APPEAL
                and find_decision_type(hits, text) == DecisionType.DRAFT_PLAN):
            clock = ClockStart(None, clock.certificate_date, notes=(DRAFT_PLAN_NOTE,))
        deadline = compute_deadline(
            next_step, clock.decision_date, clock.certificate_date,
            governors_decision=clock.governors_decision,
        )
        safeguarding, safeguarding_hits = find_safeguarding(
            text, hits, subject_end=len(prepared.subject) if prepared.subject else 0
        )
        supporting = {c: _evidence_sentences(hits, c) for c in categories}
        evidence: dict[str, tuple[str, ...]] = {
            c: tuple(line for line in map(sentences.line, indices) if line)
            for c, indices in supporting.items()
        }
        if safeguarding:
            evidence["safeguarding"] = tuple(dict.fromkeys(
                sentences.line(hit.sentence) for hit in safeguarding_hits
            ))[:MAX_EVIDENCE]
        if clock.evidence:
            evidence["decision_date"] = (clock.evidence,)
        role_counts = _role_counts(
            doc, sentences.starts, {i for indices in supporting.values() for i in indices}
        )
        facts = extract_facts(
            text, body=prepared.body, sign_off=prepared.sign_off,
            sender_name=prepared.sender_name, hits=hits,
            categories=categories, role_counts=role_counts, complaint_stage=stage,
        )
        confidence = overall_confidence(scores)
        notes = list(clock.notes) + list(deadline.notes)
        needs_human = confidence < self.needs_human_threshold
        if needs_human:
            notes.insert(0, "Low confidence: a person should triage this email first.")
        if is_unsupported_route(next_step, categories):
            needs_human = True
            notes.insert(0, UNSUPPORTED_ROUTE_NOTE)
        if safeguarding:
            notes.insert(0, "Possible safeguarding concern: read this email first.")
        if not prepared.body.strip():
            notes.append("The email has no text of its own to classify.")
        return Triage(
            categories=categories,
            scores={c: round(scores[c], 4) for c in CATEGORIES},
            next_step=next_step,
            decision_date=clock.decision_date if next_step in DATED_STEPS else None,
            deadline=deadline.deadline,
            safeguarding=safeguarding,
            confidence=confidence,
            model_version=self.model_version,
            needs_human=needs_human,
            certificate_date=clock.certificate_date,
            evidence=evidence,
            facts=facts,
            notes=tuple(dict.fromkeys(notes)),
        )



def load_classifier(
    path: Path | None = None, *, needs_human_threshold: float = DEFAULT_NEEDS_HUMAN_THRESHOLD
) -> Classifier:
    """Load the trained pipeline (default: the one shipped in ``classify/model``).

    Never downloads anything. Raises ``PermanentError`` if the folder holds no pipeline (retrying
    will not help: train one with ``sendtriage train`` or point at the right folder). Loading
    takes a moment: load once per process and reuse the classifier.
    """
    model_path = path or MODEL_DIR
    try:
        nlp = spacy.load(model_path)
    except OSError as error:
        raise PermanentError(f"no trained triage pipeline at {model_path}: {error}") from error
    return Classifier(nlp, needs_human_threshold=needs_human_threshold)
