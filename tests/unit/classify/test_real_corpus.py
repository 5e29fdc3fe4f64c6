"""The real-parents corpus (training/assets/real): sources allowed, splits by thread, labels."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import EVAL_DIR
from training.real import (
    RealRow,
    agreement,
    collected_rows,
    labeller_figures,
    load_rows,
    refuse_test_rescoring,
    split_of,
    thread_key,
    with_deadline,
)

BLIND = Path(__file__).resolve().parents[2] / "data"


def _heldout() -> ModuleType:
    spec = importlib.util.spec_from_file_location("heldout", EVAL_DIR / "heldout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_has_rows_each_with_a_public_source() -> None:
    rows = collected_rows()
    assert rows
    assert all(str(row["source"]).startswith(("http://", "https://")) for row in rows)
    assert all(str(row["text"]).strip() for row in rows)


def test_row_ids_are_unique() -> None:
    ids = [row["id"] for row in collected_rows()]
    assert len(ids) == len(set(ids))


def test_no_source_in_the_corpus_is_held_out() -> None:
    heldout = _heldout()
    held = [row["source"] for row in collected_rows() if heldout.is_held_out(row["source"])]
    assert held == []


def test_no_source_is_held_out_under_another_spelling_of_its_thread_id() -> None:
    # Mumsnet links one thread both as /a1654644-title and /1654644-title; the shared key
    # reads only the bare number, so a held-out thread could come in by its other spelling.
    heldout = _heldout()
    respelt = [re.sub(r"/[a-z](\d{3,})(?=-|/|$)", r"/\1", str(row["source"]))
               for row in collected_rows()]
    assert [url for url in respelt if heldout.is_held_out(url)] == []


def test_threads_are_keyed_as_the_held_out_check_keys_sources() -> None:
    heldout = _heldout()
    assert all(thread_key(row["source"]) == heldout.source_key(row["source"])
               for row in collected_rows())


def test_rewritten_rows_are_at_most_a_third() -> None:
    rows = collected_rows()
    assert sum(bool(row.get("rewritten")) for row in rows) <= len(rows) / 3


def test_no_evaluation_email_text_is_in_the_corpus() -> None:
    bodies = [p.read_text(errors="replace") for folder in (EVAL_DIR, BLIND / "blind",
                                                          BLIND / "blind2")
              for p in folder.glob("*.eml")]
    for row in collected_rows():
        opening = " ".join(str(row["text"]).split())[:80]
        assert not any(opening in " ".join(body.split()) for body in bodies), row["id"]


def test_every_message_of_a_thread_is_in_the_same_split() -> None:
    by_thread: dict[str, set[str]] = {}
    for row in load_rows():
        by_thread.setdefault(row.thread, set()).add(row.split)
    assert all(len(splits) == 1 for splits in by_thread.values())


@pytest.mark.parametrize(("url", "key"), [
    ("https://www.mumsnet.com/talk/special_educational_needs/4711234-ehcp-refused?page=2",
     "mumsnet.com#4711234"),
    ("https://community.example.org/viewtopic.php?t=98765", "community.example.org#98765"),
    ("https://blog.example.net/2024/03/our-story", "blog.example.net/2024/03/our-story"),
])
def test_a_thread_is_the_host_and_the_thread_id(url: str, key: str) -> None:
    assert thread_key(url) == key


def test_the_split_depends_only_on_the_thread() -> None:
    assert split_of("mumsnet.com#4711234") == split_of("mumsnet.com#4711234")
    assert {split_of(f"forum.example#{n}") for n in range(200)} == {"train", "dev", "test"}


def test_an_appeal_deadline_is_computed_from_the_decision_letter() -> None:
    label = {"next_step": "appeal", "decision_date": "2026-03-10", "certificate_date": None}
    assert with_deadline(label)["deadline"] == "2026-05-11"


def test_an_exclusion_dated_only_by_the_exclusion_itself_has_no_deadline() -> None:
    label = {"next_step": "challenge_exclusion", "decision_date": "2026-03-10",
             "governors_decision": False}
    assert with_deadline(label)["deadline"] is None


def test_a_complaint_step_has_no_deadline() -> None:
    assert with_deadline({"next_step": "raise_informally",
                          "decision_date": date(2026, 3, 10).isoformat()})["deadline"] is None


def test_agreement_counts_same_fields_and_kappa() -> None:
    first = [{"id": "1", "categories": ["appeal"], "next_step": "appeal"},
             {"id": "2", "categories": ["delay"], "next_step": "raise_informally"}]
    second = [{"id": "1", "categories": ["appeal"], "next_step": "appeal"},
              {"id": "2", "categories": [], "next_step": "general_advice"}]
    result = agreement(first, second)
    assert (result["messages"], result["categories"], result["next_step"]) == (2.0, 0.5, 0.5)
    assert result["next_step_kappa"] == pytest.approx(1 / 3, abs=0.001)  # (0.5 - 0.25) / 0.75


def _adjudicated(row_id: str, next_step: str, categories: list[str]) -> RealRow:
    label = {"id": row_id, "categories": categories, "next_step": next_step,
             "decision_date": None, "safeguarding": False}
    return RealRow(row_id, "https://example.org/t/1", "forum", False, None, "", "text", label)


def test_a_labeller_is_scored_against_the_adjudicated_labels_on_the_rows_they_labelled() -> None:
    rows = [_adjudicated("1", "appeal", ["appeal"]),
            _adjudicated("2", "formal_complaint", ["delay"]),
            _adjudicated("3", "general_advice", [])]
    own = [{"id": "1", "categories": ["appeal"], "next_step": "appeal",
            "decision_date": None, "safeguarding": False},
           {"id": "2", "categories": ["delay"], "next_step": "raise_informally",
            "decision_date": None, "safeguarding": False}]
    figures = labeller_figures(rows, own)
    assert (figures["cases"], figures["next_step"]) == (2, 0.5)


def test_no_message_is_in_the_corpus_twice() -> None:
    # The same post can be found under two addresses (a list page and the post itself), which
    # would put one message in two splits.
    openings = [" ".join(str(row["text"]).lower().split())[:150] for row in collected_rows()]
    assert len(openings) == len(set(openings))


# Reddit posts are read through mirrors (redlib, libreddit) under many host names.
REDDIT_POST = re.compile(r"/r/[^/]+/comments/([a-z0-9]+)")
REDDIT_HOSTS = ("reddit.com", "www.reddit.com", "old.reddit.com", "redlib.privacytools.click",
                "redlib.astronima.party", "redlib.copyriot.xyz", "libreddit.swurl.xyz",
                "reddit.tnl.social", "axebps-redlib.hf.space")


def _loose_key(source: str) -> str | None:
    """One key per thread whatever the address: a Reddit post's id on any mirror, a Mumsnet
    thread's number with or without the archive's "a" (".../a1852160-title")."""
    lowered = source.lower()
    post = REDDIT_POST.search(lowered)
    if post:
        return f"reddit#{post.group(1)}"
    number = re.search(r"/[a-z]?(\d{3,})(?:-|$|/)", lowered)
    if number and not re.search(r"/(?:19|20)\d\d/\d{1,2}/", source):
        return lowered.split("/")[2].removeprefix("www.") + "#" + number.group(1)
    return None


def test_no_thread_is_in_the_corpus_under_two_addresses() -> None:
    # Two addresses of one thread are two thread keys, so possibly two splits (found while
    # collecting round 9).
    keys: dict[str, set[str]] = {}
    for row in collected_rows():
        loose = _loose_key(str(row["source"]))
        if loose:
            keys.setdefault(loose, set()).add(thread_key(str(row["source"])))
    assert all(len(found) == 1 for found in keys.values())


SUPPORTSENDKIDS_HOSTS = ("supportsendkids.org", "www.supportsendkids.org",
                         "supportsendkids.staging.senatesense.com",
                         "supportsendkids.sandbox.senatesense.com")


def test_no_source_is_held_out_under_another_mirror() -> None:
    # The shared check keys a post by host and path. A Reddit post: each mirror with the post's
    # own path, and with only its title segment (without a comment id after it); a
    # supportsendkids question: the site's staging and sandbox copies (a collector found a
    # held-out question under the staging address).
    heldout = _heldout()
    other_mirrors: list[str] = []
    for row in collected_rows():
        source = str(row["source"]).lower().split("?")[0]
        path = "/" + source.split("/", 3)[3] if source.count("/") >= 3 else "/"
        if REDDIT_POST.search(source):
            for variant in {path, "/".join(path.split("/")[:6])}:
                other_mirrors += [f"https://{host}{variant}" for host in REDDIT_HOSTS]
        elif "supportsendkids" in source:
            other_mirrors += [f"https://{host}{path}" for host in SUPPORTSENDKIDS_HOSTS]
    assert other_mirrors
    assert [url for url in other_mirrors if heldout.is_held_out(url)] == []


def test_every_collected_row_has_an_adjudicated_label() -> None:
    rows = load_rows()
    assert all(row.label is not None for row in rows)
    assert all(row.label["agreed"] or row.label["adjudication"] for row in rows if row.label)


def test_the_test_split_is_not_scored_a_second_time_unasked(tmp_path: Path) -> None:
    log = tmp_path / "scores.jsonl"
    log.write_text('{"at": "2026-12-06T21:25:23+00:00", "split": "test", "why": "final"}\n')
    with pytest.raises(SystemExit, match="1 logged scoring"):
        refuse_test_rescoring(["dev", "test"], log=log)


def test_the_test_split_is_scored_again_when_the_caller_allows_it(tmp_path: Path) -> None:
    log = tmp_path / "scores.jsonl"
    log.write_text('{"at": "2026-12-06T21:25:23+00:00", "split": "test", "why": "final"}\n')
    refuse_test_rescoring(["test"], allowed=True, log=log)


def test_an_unscored_test_split_and_the_dev_split_are_scored_freely(tmp_path: Path) -> None:
    log = tmp_path / "scores.jsonl"
    log.write_text('{"at": "2026-12-06T21:25:23+00:00", "split": "dev", "why": "round"}\n')
    refuse_test_rescoring(["test"], log=log)
    log.write_text('{"at": "2026-12-06T21:25:23+00:00", "split": "test", "why": "final"}\n')
    refuse_test_rescoring(["dev"], log=log)
