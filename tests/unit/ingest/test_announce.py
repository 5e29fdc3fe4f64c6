"""The queue hand-off after the 250: every committed id is queued, in order, whatever fails."""

from __future__ import annotations

from ingest.announce import Announcer


def _recorder(queued: list[int]) -> Announcer:
    def enqueue(message_id: int) -> bool:
        queued.append(message_id)
        return True

    return Announcer(enqueue)


def test_every_id_handed_off_is_queued_in_order() -> None:
    queued: list[int] = []
    announcer = _recorder(queued)
    announcer.hand_off([1, 2])
    announcer.hand_off([3])
    assert announcer.wait_idle(10)
    assert queued == [1, 2, 3]


def test_a_broker_error_on_one_id_does_not_stop_the_others() -> None:
    queued: list[int] = []

    def enqueue(message_id: int) -> bool:
        if message_id == 2:
            raise ConnectionError("broker down")
        queued.append(message_id)
        return True

    announcer = Announcer(enqueue)
    announcer.hand_off([1, 2, 3])
    assert announcer.wait_idle(10)
    assert queued == [1, 3]


def test_ids_beyond_the_waiting_limit_are_left_to_the_sweeper() -> None:
    queued: list[int] = []
    announcer = _recorder(queued)
    announcer.max_waiting = 2
    announcer.hand_off([1, 2, 3, 4])
    assert announcer.wait_idle(10)
    assert queued == [1, 2]
