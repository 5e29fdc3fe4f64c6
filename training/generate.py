"""Compose the training corpus from the sentence banks and the hand-written emails.

``assets/handwritten*.jsonl`` hold whole emails written by hand (many voices, lengths and
near-misses; labels per the seed's categories, ``[]`` for none). None are taken from the
evaluation set.

Run ``python -m training.generate`` (from the repository root) to rewrite
``training/corpus/corpus.jsonl``. Deterministic for a given seed. Never reads ``shared/eval``
(the held-out evaluation set).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from training import banks
from training.real import load_rows as load_real_rows
from training.real import training_rows as real_training_rows

PROJECT_DIR: Final = Path(__file__).parent
CORPUS_PATH: Final = PROJECT_DIR / "corpus" / "corpus.jsonl"
ASSETS_DIR: Final = PROJECT_DIR / "assets"
LABELS: Final = ("appeal", "exclusion", "discrimination", "delay")
# The real parents' messages are ~10% of the corpus but the only text written the way parents
# write: each is trained on this many times per epoch. Chosen by 5-fold cross-validation on the
# real train split (folds by thread; training/README.md, round 2): categories macro-F1 0.661
# with each row once, 0.671 three times.
REAL_WEIGHT: Final = 3

SUBJECTS: Final = {
    "appeal": (
        "EHCNA refused", "Refusal to assess", "EHCP decision", "Appeal?", "Final plan problems",
        "Cease to maintain letter", "Help with appeal", "EHC plan", "LA decision",
        "Not happy with the plan", "Tribunal question", "refused ehcp", "Section F",
    ),
    "exclusion": (
        "Exclusion", "My son has been excluded", "Suspension", "Permanent exclusion",
        "Sent home again", "Part time timetable", "Governors meeting", "URGENT - excluded",
        "school keeps sending him home", "IRP", "Managed move",
    ),
    "discrimination": (
        "School trip", "Unfair treatment", "Disability discrimination?", "Prom",
        "Reasonable adjustments", "Not allowed on residential", "Is this discrimination",
        "Treated differently",
    ),
    "delay": (
        "Still waiting", "No reply from the LA", "Delay with EHCP", "Week 20 and no plan",
        "Provision not happening", "Complaint", "Annual review delay", "No speech therapy",
        "Nobody is answering", "Chasing", "No school place",
    ),
    "none": (
        "Question", "Quick question", "Advice please", "Annual review", "Thank you",
        "Information request", "EHCP question", "Hello", "Enquiry", "Out of office",
        "Re: your email", "Query about SEN support", "Thanks!",
    ),
    "any": ("Help", "Help please", "Advice needed", "My son", "My daughter", "", "", "SEN",
            "Urgent", "Please help", "Enquiry from website"),
}

DOUBLES: Final = (
    ("appeal", "delay"), ("appeal", "discrimination"), ("exclusion", "discrimination"),
    ("exclusion", "delay"), ("discrimination", "delay"), ("appeal", "exclusion"),
    ("exclusion", "discrimination"), ("appeal", "delay"),
)
SWAPS: Final = (
    (r"\bEHCP\b", ("EHCP", "EHC plan", "ehcp", "Education, Health and Care Plan", "EHC Plan")),
    (r"\bEHCNA\b", ("EHCNA", "EHC needs assessment", "ehcna", "needs assessment",
                    "EHC assessment")),
    (r"\bSENCo\b", ("SENCo", "SENCO", "senco", "SENDCo", "Senco")),
    (r"\bthe LA\b", ("the LA", "the local authority", "the council", "LA", "the L.A.")),
)
TEXT_SPEAK: Final = (
    (r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bbecause\b", "cos"),
    (r"\bto be honest\b", "tbh"), (r"\bthanks\b", "thx"), (r"\bare\b", "r"),
)


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:] if text and template[:1] == "{" else text


def _slots(rng: random.Random) -> dict[str, str]:
    child = rng.choice(banks.CHILD_NAMES)
    boy = child in banks.BOY_NAMES
    roll = rng.random()
    date_text = (
        rng.choice(banks.EXACT_DATES) if roll < 0.55
        else rng.choice(banks.RELATIVE_DATES) if roll < 0.85
        else rng.choice(banks.VAGUE_DATES)
    )
    council = rng.choice(banks.COUNCILS)
    la = rng.choice((*banks.LA_SHORT, council))
    he, him, his = ("he", "him", "his") if boy else ("she", "her", "her")
    return {
        "child": child, "he": he, "him": him, "his": his, "He": he.capitalize(),
        "His": his.capitalize(), "son": "son" if boy else "daughter",
        "school": rng.choice(banks.SCHOOLS), "council": council,
        "la": la, "date": date_text, "diag": rng.choice(banks.DIAGNOSES),
        "yr": rng.choice(banks.YEARS), "age": str(rng.randint(4, 17)),
        "n": str(rng.randint(2, 9)), "senco": rng.choice(banks.SENCOS),
    }


def _pick(rng: random.Random, bank: Sequence[str], slots: dict[str, str], k: int = 1) -> list[str]:
    chosen = rng.sample(list(bank), min(k, len(bank)))
    return [_fill(sentence, slots) for sentence in chosen if sentence]


def _category_sentences(
    rng: random.Random, category: str, slots: dict[str, str]
) -> tuple[list[str], str]:
    """Core sentences for one category and its stage (for delay)."""
    stage = ""
    if category == "appeal":
        subtype = rng.choices(
            list(banks.APPEAL), weights=[30, 12, 20, 8, 4, 8, 12, 4], k=1
        )[0]
        out = _pick(rng, banks.APPEAL[subtype], slots, rng.choice((1, 1, 2)))
        if rng.random() < 0.55:
            out += _pick(rng, banks.APPEAL_GENERIC, slots)
        return out, stage
    if category == "exclusion":
        subtype = rng.choices(list(banks.EXCLUSION), weights=[18, 10, 26, 18, 14, 10], k=1)[0]
        out = _pick(rng, banks.EXCLUSION[subtype], slots, rng.choice((1, 1, 2)))
        if subtype == "permanent" and rng.random() < 0.5:
            out += _pick(rng, banks.EXCLUSION["governors"], slots)
        return out, stage
    if category == "discrimination":
        return _pick(rng, banks.DISCRIMINATION, slots, rng.choice((1, 1, 2))), stage
    stage = rng.choices(list(banks.STAGE), weights=[35, 35, 10, 20], k=1)[0]
    out = _pick(rng, banks.DELAY, slots, rng.choice((1, 2, 2, 3)))
    out += _pick(rng, banks.STAGE[stage], slots)
    return out, stage


def _typos(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    for index, word in enumerate(words):
        if len(word) > 3 and word.isalpha() and rng.random() < rate:
            pos = rng.randrange(1, len(word) - 1)
            op = rng.random()
            if op < 0.4:
                words[index] = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]
            elif op < 0.7:
                words[index] = word[:pos] + word[pos + 1:]
            else:
                words[index] = word[:pos] + word[pos] + word[pos:]
    return " ".join(words)


def _lower_runon(rng: random.Random, text: str) -> str:
    text = text.lower()
    if rng.random() < 0.6:
        text = re.sub(r"\.\s+", lambda _: rng.choice((" ", ", ", ". ", " and ")), text)
    return text.replace("'", "") if rng.random() < 0.4 else text


def _text_speak(rng: random.Random, text: str) -> str:
    for pattern, replacement in TEXT_SPEAK:
        if rng.random() < 0.7:
            text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _swap_terms(rng: random.Random, text: str) -> str:
    for pattern, options in SWAPS:

        def choose(_match: re.Match[str], opts: tuple[str, ...] = options) -> str:
            return rng.choice(opts)

        text = re.sub(pattern, choose, text)
    return text


def _unchanged(rng: random.Random, text: str) -> str:
    return text


def _few_typos(rng: random.Random, text: str) -> str:
    return _typos(rng, text, 0.05)


STYLES: Final[dict[str, Callable[[random.Random, str], str]]] = {
    "standard": _unchanged,
    "typos": _few_typos,
    "lower": _lower_runon,
    "textspeak": _text_speak,
}


# Kinds of email that carry a problem (and so fillers and, now and then, a safeguarding line).
_PROBLEM_KINDS: Final = ("labelled", "near_miss", "general")


def _compose(rng: random.Random, labels: tuple[str, ...], kind: str) -> dict[str, object]:
    """One templated email. The steps draw from ``rng`` in a fixed order: the corpus depends
    on it (tests/unit/classify/test_corpus.py)."""
    slots = _slots(rng)
    style = rng.choices(["standard", "typos", "lower", "textspeak", "formal", "terse"],
                        weights=[44, 15, 12, 7, 12, 10], k=1)[0]
    parts = _opening(rng, style, slots)
    body, stage = _body(rng, labels, kind, slots)
    safeguarding = _pad_body(rng, body, kind, style, slots)
    parts += body
    parts += _asks(rng, kind, slots)
    text = _finish(rng, parts, kind, style)
    subject_key = labels[0] if labels else "none"
    subject = rng.choice(SUBJECTS[subject_key] if rng.random() < 0.6 else SUBJECTS["any"])
    return {
        "text": text, "subject": subject,
        "cats": {label: float(label in labels) for label in LABELS},
        "safeguarding": safeguarding, "stage": stage, "source": f"template:{kind}:{style}",
    }


def _opening(rng: random.Random, style: str, slots: dict[str, str]) -> list[str]:
    """The greeting and the parent's introduction."""
    parts: list[str] = []
    if style == "formal":
        parts.append(
            rng.choice(("Dear Sir/Madam,", "Dear advice line,", "To whom it may concern,"))
        )
        parts.append("I am writing to seek advice regarding my child.")
    elif style != "terse":
        greeting = rng.choice(banks.GREETINGS)
        if greeting:
            parts.append(greeting)
    if style != "terse" or rng.random() < 0.3:
        parts += _pick(rng, banks.INTROS, slots, rng.choice((0, 1, 1, 2)))
    return parts


def _body(
    rng: random.Random, labels: tuple[str, ...], kind: str, slots: dict[str, str]
) -> tuple[list[str], str]:
    """The sentences about the problem (or the thanks, auto-reply, off-topic note), and the
    complaint stage a delay reached."""
    if kind == "labelled":
        return _labelled_body(rng, labels, slots)
    if kind == "near_miss":
        body = _pick(rng, banks.NEAR_MISS[rng.choice(LABELS)], slots, rng.choice((1, 2)))
        if rng.random() < 0.4:
            body += _pick(rng, banks.GENERAL, slots)
        return body, ""
    if kind == "general":
        return _pick(rng, banks.GENERAL, slots, rng.choice((1, 1, 2))), ""
    bank = {"thanks": banks.THANKS, "automatic": banks.AUTOMATIC}.get(kind, banks.OFF_TOPIC)
    return _pick(rng, bank, slots), ""


def _labelled_body(
    rng: random.Random, labels: tuple[str, ...], slots: dict[str, str]
) -> tuple[list[str], str]:
    body: list[str] = []
    stage = ""
    for category in labels:
        sentences, cat_stage = _category_sentences(rng, category, slots)
        body += sentences
        stage = stage or cat_stage
    # A near-miss of another category makes the model read, not spot words.
    if rng.random() < 0.2:
        other = rng.choice([c for c in LABELS if c not in labels])
        body += _pick(rng, banks.NEAR_MISS[other], slots)
    return body, stage


def _pad_body(
    rng: random.Random, body: list[str], kind: str, style: str, slots: dict[str, str]
) -> bool:
    """Fillers and, now and then, a safeguarding line put in among the problem sentences;
    whether one was."""
    if kind in _PROBLEM_KINDS and style != "terse":
        filler = _pick(rng, banks.FILLERS, slots, rng.choice((0, 1, 1, 2, 3)))
        for sentence in filler:
            body.insert(rng.randrange(len(body) + 1), sentence)
    if rng.random() < 0.09 and kind in _PROBLEM_KINDS:
        body.insert(rng.randrange(len(body) + 1), _pick(rng, banks.SAFEGUARDING, slots)[0])
        return True
    return False


def _asks(rng: random.Random, kind: str, slots: dict[str, str]) -> list[str]:
    """The questions, and now and then a school's safeguarding footer."""
    parts: list[str] = []
    if kind in ("labelled", "near_miss") or rng.random() < 0.3:
        parts += _pick(rng, banks.ASKS, slots, rng.choice((1, 1, 2)))
    if rng.random() < 0.05:
        parts.append(rng.choice(banks.SAFEGUARDING_BOILERPLATE))
    return parts


def _finish(rng: random.Random, parts: list[str], kind: str, style: str) -> str:
    """Paragraphs, the sign-off, then the writing style and the words swapped for synonyms."""
    closing = "Yours faithfully" if style == "formal" else rng.choice(banks.CLOSINGS)
    name = rng.choice(banks.PARENT_NAMES)
    paragraphs = _paragraphs(rng, parts)
    if kind != "automatic":
        paragraphs.append(f"{closing},\n{name}" if closing else name)
    text = "\n\n".join(paragraphs)
    if style in STYLES:
        text = STYLES[style](rng, text)
    return _swap_terms(rng, text)


def _paragraphs(rng: random.Random, parts: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for part in parts:
        current.append(part)
        if part.endswith(",") and len(current) == 1:
            paragraphs.append(part)
            current = []
        elif rng.random() < 0.35:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


@dataclass(frozen=True)
class HandwrittenEmail:
    """One whole email written by hand, with its categories."""

    subject: str
    text: str
    labels: tuple[str, ...]
    safeguarding: bool


def load_handwritten(path: Path | None = None) -> list[HandwrittenEmail]:
    """The hand-written emails: ``path``, or every ``assets/handwritten*.jsonl`` (several writers
    keep a file each), in name then line order."""
    paths = [path] if path is not None else sorted(ASSETS_DIR.glob("handwritten*.jsonl"))
    emails: list[HandwrittenEmail] = []
    for line in (ln for p in paths for ln in p.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            data = json.loads(line)
            emails.append(HandwrittenEmail(
                str(data.get("subject", "")), str(data["text"]),
                tuple(str(label) for label in data["labels"]), bool(data.get("safeguarding")),
            ))
    return emails


def generate_corpus(seed: int = 0, templated: int = 1100) -> list[dict[str, object]]:
    """The templated examples, the hand-written emails and the real corpus's adjudicated train
    split (``assets/real/``), shuffled, each with an id."""
    rng = random.Random(seed)  # noqa: S311 - reproducible corpus, not security
    rows: list[dict[str, object]] = []
    for _ in range(templated):
        roll = rng.random()
        if roll < 0.52:
            row = _compose(rng, (rng.choice(LABELS),), "labelled")
        elif roll < 0.70:
            row = _compose(rng, rng.choice(DOUBLES), "labelled")
        else:
            kind = rng.choices(["general", "near_miss", "thanks", "automatic", "off_topic"],
                               weights=[36, 36, 12, 8, 8], k=1)[0]
            row = _compose(rng, (), kind)
        rows.append(row)
    for example in load_handwritten():
        labels = example.labels
        rows.append({
            "text": example.text, "subject": example.subject,
            "cats": {label: float(label in labels) for label in LABELS},
            "safeguarding": example.safeguarding, "stage": "", "source": "handwritten",
        })
    # Real parents' messages of the real corpus's train split only: dev and test stay unseen.
    for real in real_training_rows(load_real_rows()):
        rows.append({"text": real["text"], "subject": real["subject"], "cats": real["cats"],
                     "safeguarding": real["safeguarding"], "stage": "",
                     "next_step": real["next_step"],
                     "source": f"real:{real['source']}", "weight": REAL_WEIGHT})
    rng.shuffle(rows)
    for index, row in enumerate(rows):
        row["id"] = f"t{index:04d}"
    return rows


def write_corpus(path: Path = CORPUS_PATH, seed: int = 0) -> int:
    """Write the corpus as JSON Lines; returns the number of examples."""
    rows = generate_corpus(seed)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def main(argv: Sequence[str] = ()) -> int:
    count = write_corpus()
    sys.stdout.write(f"wrote {count} examples to {CORPUS_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
