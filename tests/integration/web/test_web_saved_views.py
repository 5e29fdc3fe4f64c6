"""Saved views (issue 12): a user keeps the queue's filters under a name, sees them as links on
the queue page, and deletes them; each user sees only their own. Built-in views come first."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import SavedView
from tests.factories import case_with_thread
from tests.integration.web.web_builders import TODAY, csrf_from


def _save(client: TestClient, name: str, **filters: str) -> str:
    token = csrf_from(client.get("/queue").text)
    response = client.post("/queue/views", data={"csrf_token": token, "name": name, **filters})
    assert response.status_code == 303
    return str(response.headers["location"])


def _view_links(html: str) -> dict[str, str]:
    return {name: url.replace("&amp;", "&") for url, name in re.findall(
        r'<li class="saved-view"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)}


def _views(factory: sessionmaker[Session]) -> list[SavedView]:
    with factory() as session:
        return list(session.scalars(select(SavedView).order_by(SavedView.id)))


def test_a_saved_view_keeps_the_filters_and_is_listed_as_a_link_to_them(
    adviser: TestClient, factory_session: Session,
) -> None:
    where = _save(adviser, "My exclusions", category="exclusion", assignee="me", sort="oldest")
    assert where == "/queue?category=exclusion&assignee=me&sort=oldest"
    html = adviser.get("/queue").text
    assert _view_links(html) == {"My exclusions": where}
    assert "Saved view “My exclusions”." in html
    assert 'aria-current="page">My exclusions' in adviser.get(where).text


def test_saving_a_name_again_replaces_its_filters(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    _save(adviser, "Mine", assignee="me")
    _save(adviser, "Mine", assignee="me", category="appeal")
    assert [(v.name, v.filters) for v in _views(session_factory)] == [
        ("Mine", {"category": "appeal", "assignee": "me"})]


def test_only_known_filters_are_kept(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    _save(adviser, "Odd", q="tribunal", page="3", evil="<script>", status="")
    assert [v.filters for v in _views(session_factory)] == [{"q": "tribunal"}]


def test_a_view_without_a_name_is_not_saved(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    _save(adviser, "   ", category="appeal")
    assert _views(session_factory) == []
    assert "a saved view needs a name" in adviser.get("/queue").text


def test_saved_views_are_per_user_and_only_the_owner_can_delete_one(
    adviser: TestClient, other_adviser: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    _save(adviser, "Appeals", category="appeal")
    view_id = _views(session_factory)[0].id
    assert _view_links(other_adviser.get("/queue").text) == {}
    token = csrf_from(other_adviser.get("/queue").text)
    other_adviser.post(f"/queue/views/{view_id}/delete", data={"csrf_token": token})
    assert len(_views(session_factory)) == 1
    token = csrf_from(adviser.get("/queue").text)
    assert adviser.post(f"/queue/views/{view_id}/delete",
                        data={"csrf_token": token}).status_code == 303
    assert _views(session_factory) == []
    assert _view_links(adviser.get("/queue").text) == {}


def test_the_deadline_this_week_view_lists_cases_due_within_seven_days_or_overdue(
    adviser: TestClient, factory_session: Session,
) -> None:
    overdue = case_with_thread(deadline=TODAY - timedelta(days=2)).id
    soon = case_with_thread(deadline=TODAY + timedelta(days=7)).id
    case_with_thread(deadline=TODAY + timedelta(days=8))
    case_with_thread(deadline=None)
    html = adviser.get("/queue").text
    assert '<a href="/queue?due=week">Deadline this week</a>' in html
    found = [int(x) for x in re.findall(r'data-case-id="(\d+)"',
                                        adviser.get("/queue?due=week").text)]
    assert found == [overdue, soon]
