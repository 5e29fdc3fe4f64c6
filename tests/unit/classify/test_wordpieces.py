"""What part of a message the fine-tuned encoder reads (training and the shipped head)."""

from classify.wordpieces import CLS_ID, MAX_TOKENS, SEP_ID, TAIL_TOKENS, clip_ids


def test_a_short_message_is_read_whole_between_the_markers() -> None:
    assert clip_ids([5, 6, 7]) == [CLS_ID, 5, 6, 7, SEP_ID]


def test_a_long_message_keeps_its_beginning_and_its_last_pieces() -> None:
    ids = list(range(1000, 2000))
    clipped = clip_ids(ids)
    assert len(clipped) == MAX_TOKENS
    assert clipped[1:4] == [1000, 1001, 1002]
    assert clipped[-TAIL_TOKENS - 1:-1] == ids[-TAIL_TOKENS:]


def test_a_message_of_exactly_the_window_is_not_cut() -> None:
    ids = list(range(MAX_TOKENS - 2))
    assert clip_ids(ids)[1:-1] == ids
