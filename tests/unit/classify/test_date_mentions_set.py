"""The labelled date mentions of the real train split: on train rows only, spans as written."""

from __future__ import annotations

from datetime import date

from training.date_mentions import FORMS, load_mentions, measure
from training.real import load_rows


def test_every_mention_is_a_span_of_a_train_row_with_a_known_form_and_a_real_day() -> None:
    rows = {row.id: row for row in load_rows()}
    mentions = load_mentions()
    assert len(mentions) >= 300
    for mention in mentions:
        row = rows[mention["id"]]
        assert row.split == "train", mention["id"]
        assert row.text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["form"] in FORMS
        assert mention["role"] in {"decision", "exclusion", "meeting", "event", "other"}
        if mention["resolved"] is not None:
            date.fromisoformat(mention["resolved"])
            # A relative day can only be known from when the parent wrote.
            assert row.sent is not None or mention["form"] in {"numeric", "day-month"}


def test_the_extractor_finds_most_mentions_and_reads_the_days_it_finds() -> None:
    rows = [row for row in load_rows() if row.split == "train"]
    figures = measure(rows, load_mentions())
    found = sum(figures[form]["found"] for form in FORMS)
    judged = sum(figures[form]["judged"] for form in FORMS)
    right = sum(figures[form]["right"] for form in FORMS)
    assert found >= 0.9 * sum(figures[form]["n"] for form in FORMS)
    assert right >= 0.97 * judged
