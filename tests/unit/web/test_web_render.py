"""Safe rendering of email HTML, evidence highlighting and the small formats on pages."""

from __future__ import annotations

from datetime import UTC, datetime

from web.render import (
    days_left_label,
    deadline_level,
    describe_event,
    duration,
    evidence_spans,
    highlight_evidence,
    label,
    local_time,
    sanitise_email_html,
)


def test_script_and_style_are_removed_with_their_content() -> None:
    out = sanitise_email_html('<p>hi</p><script>alert(1)</script><style>p{}</style>').html
    assert out == "<p>hi</p>"


def test_event_handlers_are_stripped() -> None:
    out = sanitise_email_html('<div onclick="alert(1)" onmouseover="x()">text</div>').html
    assert out == "<div>text</div>"


def test_javascript_links_lose_their_href_and_others_get_noopener() -> None:
    out = str(sanitise_email_html(
        '<a href="javascript:alert(1)">a</a><a href="https://gov.uk/x">b</a>').html)
    assert "javascript" not in out
    assert '<a href="https://gov.uk/x" rel="noopener noreferrer nofollow">b</a>' in out


def test_remote_images_keep_their_alt_text_but_never_a_source() -> None:
    result = sanitise_email_html(
        '<img src="https://tracker.example/p.gif" alt="logo">'
        '<IMG SRC="cid:part1" width=1><img srcset="https://x.example/a.png 2x">')
    assert "src" not in str(result.html)
    assert 'alt="logo"' in str(result.html)
    assert result.blocked_images == 3


def test_forms_frames_and_objects_do_not_survive() -> None:
    out = str(sanitise_email_html(
        '<form action="https://evil.example"><input name="p"></form>'
        '<iframe src="https://evil.example"></iframe><object data="x"></object>'
        '<svg><script>alert(1)</script></svg><math><mi>x</mi></math>').html)
    for tag in ("<form", "<input", "<iframe", "<object", "<svg", "<script", "<math"):
        assert tag not in out


def test_inline_styles_and_classes_are_dropped() -> None:
    out = sanitise_email_html('<p style="position:fixed" class="x" id="y">t</p>').html
    assert out == "<p>t</p>"


def test_evidence_sentences_are_marked_and_the_rest_escaped() -> None:
    text = "Hello <b>.\nThey refused   the\nassessment. Thanks"
    out = str(highlight_evidence(text, {"appeal": ["They refused the assessment."]}))
    assert out.startswith("Hello &lt;b&gt;.\n<mark class=\"evidence ev-appeal\"")
    assert "They refused   the\nassessment.</mark> Thanks" in out


def test_evidence_text_is_escaped_inside_the_mark() -> None:
    out = str(highlight_evidence("a <script>x</script> b", {"appeal": ["<script>x</script>"]}))
    assert "<script>" not in out
    assert "&lt;script&gt;x&lt;/script&gt;</mark>" in out


def test_overlapping_evidence_from_two_categories_is_one_mark() -> None:
    spans = evidence_spans("The school excluded him because he is autistic.", {
        "exclusion": ["The school excluded him"],
        "discrimination": ["excluded him because he is autistic."],
    })
    assert spans == [(0, 47, "exclusion discrimination")]


def test_evidence_not_in_the_text_marks_nothing() -> None:
    assert str(highlight_evidence("plain", {"appeal": ["missing sentence", ""]})) == "plain"


def test_days_left_and_the_colour_of_a_deadline() -> None:
    assert (days_left_label(-1), days_left_label(0), days_left_label(1), days_left_label(30)) == (
        "1 day overdue", "due today", "1 day left", "30 days left")
    assert [deadline_level(d) for d in (None, -2, 0, 7, 8, 14, 15)] == [
        "none", "overdue", "close", "close", "soon", "soon", "ok"]


def test_durations_read_naturally() -> None:
    assert [duration(s) for s in (None, 20, 45 * 60, 3 * 3600 + 20 * 60, 2 * 86400 + 4 * 3600,
                                  86400)] == [
        "–", "under a minute", "45 min", "3 h 20 min", "2 d 4 h", "1 d"]


def test_times_are_shown_in_london_time() -> None:
    assert local_time(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "01 Jul 2026 09:30"
    assert local_time(datetime(2026, 12, 1, 8, 30, tzinfo=UTC)) == "01 Dec 2026 08:30"


def test_labels_for_codes() -> None:
    assert label("challenge_exclusion") == "Challenge exclusion"
    assert label(None) == "–"
    assert label("something_new") == "Something new"


def test_history_lines_say_what_changed() -> None:
    line = describe_event("case.reclassified", {
        "from": {"categories": ["appeal"], "next_step": "appeal"},
        "to": {"categories": ["exclusion"], "next_step": "challenge_exclusion"},
        "note": "wrong"})
    assert line == ("reclassified the case: Appeal / Appeal → Exclusion / Challenge exclusion"
                    " — “wrong”")
    assert describe_event("case.assigned", {"to": None}) == "assigned the case to nobody"
    assert describe_event("message.processed", {}) == "message processed"
