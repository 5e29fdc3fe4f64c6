"""The queue's search (storage.search through list_queue), on real PostgreSQL and SQLite.

The matching is a case-insensitive substring of the parent's address or name, the subject, or
a message's sender or text, answered from the search document that triggers keep current.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import CaseStatus, EventAction
from storage.events import record_event
from storage.models import Case, Draft, Message, Triage
from storage.queue import QueueFilter, case_history, list_queue
from tests.factories import CaseFactory, MessageFactory, case_with_thread

pytestmark = pytest.mark.integration

ALL = tuple(CaseStatus)


def _found(factory: sessionmaker[Session], term: str) -> list[int]:
    with factory() as session:
        return sorted(c.id for c in list_queue(session, QueueFilter(search=term,
                                                                    statuses=ALL)).cases)


@pytest.fixture
def jo(factory_session: Session) -> int:
    return int(case_with_thread(
        parent_address="jo.bloggs@example.org", parent_name="Jo Bloggs",
        subject="Exclusion from Oakfield", body="She was excluded after a meltdown in class.",
    ).id)


@pytest.mark.parametrize("term", ["bloggs@exam", "Jo Blo", "from oakfield", "a meltdown in"])
def test_a_term_is_found_in_the_address_name_subject_or_message_text(
    jo: int, session_factory: sessionmaker[Session], term: str
) -> None:
    assert _found(session_factory, term) == [jo]


def test_the_sender_of_a_later_message_is_found(
    jo: int, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case = factory_session.get_one(Case, jo)
    MessageFactory(case=case, from_address="grandma.bloggs@example.net", new_text="Any news?")
    assert _found(session_factory, "grandma.bloggs") == [jo]


def test_search_ignores_case(jo: int, session_factory: sessionmaker[Session]) -> None:
    assert _found(session_factory, "MELTDOWN") == [jo]
    assert _found(session_factory, "oAkFiElD") == [jo]


def test_a_term_shorter_than_a_trigram_still_matches_inside_words(
    jo: int, session_factory: sessionmaker[Session]
) -> None:
    assert _found(session_factory, "oa") == [jo]
    assert _found(session_factory, "zq") == []


def test_percent_underscore_and_quotes_are_plain_characters(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    sale = case_with_thread(body='We were told "100% inclusion" at the_school.').id
    case_with_thread(body="A different letter about 1000 days.")
    assert _found(session_factory, "100%") == [sale]
    assert _found(session_factory, "the_school") == [sale]
    assert _found(session_factory, '"100% inc') == [sale]
    assert _found(session_factory, "1_0") == []


def test_a_term_never_matches_across_two_fields(
    jo: int, session_factory: sessionmaker[Session]
) -> None:
    # The name ends "Bloggs" and the subject starts "Exclusion": together they are not text.
    assert _found(session_factory, "bloggsexclusion") == []
    assert _found(session_factory, "bloggs exclusion") == []


def test_a_changed_subject_is_found_and_the_old_one_no_longer(
    jo: int, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        session.execute(update(Case).where(Case.id == jo).values(subject="Tribunal hearing"))
    assert _found(session_factory, "tribunal hear") == [jo]
    assert _found(session_factory, "from oakfield") == []


def test_a_message_moved_to_another_case_is_searched_there(
    jo: int, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    other = CaseFactory(parent_address="sam@example.net", subject="Annual review").id
    with session_factory.begin() as session:
        session.execute(update(Message).where(Message.case_id == jo).values(case_id=other))
    assert _found(session_factory, "a meltdown in") == [other]


def test_a_deleted_message_is_no_longer_found(
    jo: int, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        session.execute(delete(Draft).where(Draft.case_id == jo))
        session.execute(delete(Triage).where(Triage.case_id == jo))
        session.execute(delete(Message).where(Message.case_id == jo))
    assert _found(session_factory, "meltdown") == []
    assert _found(session_factory, "bloggs") == [jo]


def test_the_open_queue_searches_open_cases_only(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    open_case = case_with_thread(body="A meltdown at lunch.").id
    case_with_thread(body="A meltdown at break.", status=CaseStatus.CLOSED)
    with session_factory() as session:
        page = list_queue(session, QueueFilter(search="meltdown"))
    assert [c.id for c in page.cases] == [open_case]
    assert page.total == 1


def test_a_page_past_the_last_still_tells_the_total(
    jo: int, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        page = list_queue(session, QueueFilter(search="bloggs", statuses=ALL), page=3)
    assert page.cases == []
    assert page.total == 1


def test_history_lists_events_recorded_by_draft_or_message_only(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case, other = case_with_thread(), case_with_thread()
    draft = factory_session.scalars(select(Draft).where(Draft.case_id == case.id)).one()
    message = factory_session.scalars(select(Message).where(Message.case_id == case.id)).one()
    with session_factory.begin() as session:
        record_event(session, EventAction.MESSAGE_RECEIVED, message_id=message.id)
        record_event(session, EventAction.DRAFT_EDITED, draft_id=draft.id)
        record_event(session, EventAction.CASE_CLAIMED, case_id=case.id)
        record_event(session, EventAction.CASE_CLAIMED, case_id=other.id)
    with session_factory() as session:
        actions = [e.action for e in case_history(session, case.id)]
    assert sorted(actions) == sorted([EventAction.MESSAGE_RECEIVED, EventAction.DRAFT_EDITED,
                                      EventAction.CASE_CLAIMED])


def _capped(factory: sessionmaker[Session], term: str,
            safeguarding_only: bool = False) -> tuple[list[int], int, bool]:
    """The cases a search lists with a cap of 3, its total, and whether it was capped."""
    with factory() as session:
        page = list_queue(session, QueueFilter(search=term, statuses=ALL,
                                               safeguarding_only=safeguarding_only),
                          search_cap=3)
    return sorted(c.id for c in page.cases), page.total, page.capped


def test_a_search_finding_more_than_the_cap_lists_the_newest_and_says_there_are_more(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    ids = [case_with_thread(body=f"A meltdown, number {i}.").id for i in range(5)]
    assert _capped(session_factory, "meltdown") == (sorted(ids[-3:]), 3, True)


def test_a_search_finding_exactly_the_cap_is_not_capped(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    ids = [case_with_thread(body="A meltdown at lunch.").id for _ in range(3)]
    case_with_thread(body="Nothing of the sort.")
    assert _capped(session_factory, "meltdown") == (sorted(ids), 3, False)


def test_the_cap_counts_only_cases_that_meet_the_other_filters(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    wanted = [case_with_thread(body="A meltdown.", safeguarding=True).id for _ in range(2)]
    for _ in range(4):
        case_with_thread(body="A meltdown.")
    assert _capped(session_factory, "meltdown", safeguarding_only=True) == (wanted, 2, False)


def test_a_capped_search_lists_its_cases_in_urgency_order(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_with_thread(body="A meltdown.", safeguarding=True)  # the oldest: beyond the cap
    plain = case_with_thread(body="A meltdown.").id
    urgent = case_with_thread(body="A meltdown.", safeguarding=True).id
    later = case_with_thread(body="A meltdown.").id
    with session_factory() as session:
        page = list_queue(session, QueueFilter(search="meltdown", statuses=ALL), search_cap=3)
    assert [c.id for c in page.cases] == [urgent, plain, later]
