"""The fast paths give exactly what the plain regular expressions give.

``PatternSet`` must return each pattern's own ``finditer`` matches, and the sentence splitter
must end sentences exactly where the case-insensitive pattern it replaced did, on any text:
checked on the training corpus and on texts made of the patterns' own words, mid-word pieces,
punctuation, other scripts' digits and spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classify import dates, rules
from classify.matching import (
    PLAN_CACHE,
    PatternSet,
    cached_plans,
    pattern_key,
    plan_for,
    plans_as_json,
)
from classify.train import CORPUS_PATH, load_corpus

# The sentence end as first written (case-insensitive), before it was made faster.
SENTENCE_END_AS_WRITTEN = re.compile(
    r"(?:(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr)(?<!\bst)"
    r"(?<!\bvs)(?<!\bno)(?<!\bapprox)[.!?]+[\"')\]]*[ \t]+|[ \t]*\n[ \t]*\n\s*|"
    r"(?<=[.!?])[\"')\]]*[ \t]*\n\s*)(?=\S)",
    re.IGNORECASE,
)
PATTERN_SETS = {"cues": rules._BRANCHES, "dates": dates._FORM_SET}


Spans = dict[int, list[tuple[int, int]]]


def compiled(pattern_set: PatternSet) -> list[re.Pattern[str]]:
    return [pattern_set.pattern(index) for index in range(len(pattern_set.sources))]


def spans_by_finditer(patterns: Sequence[re.Pattern[str]], text: str) -> Spans:
    found = {i: [m.span() for m in p.finditer(text)] for i, p in enumerate(patterns)}
    return {i: spans for i, spans in found.items() if spans}


def spans_by_set(pattern_set: PatternSet, text: str) -> Spans:
    return {i: [m.span() for m in ms] for i, ms in pattern_set.matches(text).items()}


@cache
def pieces() -> list[str]:
    """Words the patterns look for, cut and whole, with what sits around them in mail."""
    words = {literal for name in PATTERN_SETS for plan in PATTERN_SETS[name].plans
             for literal in (plan.prefixes or set()) | (plan.required or set())}
    chosen = sorted(words)[::7]
    return [*chosen, *(word[1:] for word in chosen[::5]), " ", " ", "  ", "\n", "\n\n", ".",
            "?", "!", ",", "'", '"', ")", "-", "/", "3", "12", "2026", "\u0663", "\u00a0",
            "x", "İ", "ſt", "e.g", "Mrs", "no.", "approx."]


texts = st.lists(st.sampled_from(pieces()), max_size=40).map("".join)


@pytest.mark.parametrize("name", PATTERN_SETS)
@given(text=texts)
@settings(max_examples=400, deadline=None)
def test_cues_and_date_forms_match_as_their_own_finditer_on_any_text(name: str, text: str) -> None:
    lowered = text.lower()
    pattern_set = PATTERN_SETS[name]
    assert spans_by_set(pattern_set, lowered) == spans_by_finditer(compiled(pattern_set), lowered)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_sentences_end_where_the_pattern_as_written_ended_them(text: str) -> None:
    assert ([m.span() for m in rules.SENTENCE_END_RE.finditer(text)]
            == [m.span() for m in SENTENCE_END_AS_WRITTEN.finditer(text)])


def test_on_the_corpus_every_fast_path_agrees_with_the_plain_patterns() -> None:
    for row in load_corpus(CORPUS_PATH):
        lowered = row.text.lower()
        for pattern_set in PATTERN_SETS.values():
            assert spans_by_set(pattern_set, lowered) == spans_by_finditer(
                compiled(pattern_set), lowered), row.id
        assert ([m.span() for m in rules.SENTENCE_END_RE.finditer(row.text)]
                == [m.span() for m in SENTENCE_END_AS_WRITTEN.finditer(row.text)]), row.id


def test_a_digit_of_another_script_is_still_found_where_the_pattern_reads_digits() -> None:
    source = r"\d+ weeks"
    assert plan_for(source).digits
    text = "it took \u0663\u0664 weeks and 12 weeks"
    assert spans_by_set(PatternSet([source]), text) == spans_by_finditer(
        [re.compile(source)], text)


def test_each_pattern_is_only_tried_where_its_words_occur() -> None:
    plan = plan_for(r"(?:refus(?:e|ed)|declined) to assess")
    assert plan.prefixes == frozenset({"refuse to assess", "refused to assess",
                                       "declined to assess"})
    assert plan.required is None
    later = plan_for(r"\w+ (?:was|were) (?:refused|declined)")
    assert later.prefixes is None
    assert later.required == frozenset({" was refused", " was declined", " were refused",
                                        " were declined"})


def test_patterns_it_cannot_bound_are_scanned_whole() -> None:
    for source in (r"\w+", r"(?i:refused)", r"x*", r"[^a]+"):
        plan = plan_for(source)
        assert plan.prefixes is None
        assert plan.required is None
        text = "aa refused xx"
        assert spans_by_set(PatternSet([source]), text) == spans_by_finditer(
            [re.compile(source)], text)
    assert plan_for("refused", re.IGNORECASE).prefixes is None


def test_the_shipped_plan_cache_is_what_the_patterns_read_as_now() -> None:
    patterns = [*rules.cue_patterns(), *dates.form_patterns()]
    assert PLAN_CACHE.read_text(encoding="utf-8") == plans_as_json(patterns), (
        "the plan cache is stale: run .venv/bin/python -m classify.matching")
    assert set(cached_plans()) == {pattern_key(*pattern) for pattern in patterns}
