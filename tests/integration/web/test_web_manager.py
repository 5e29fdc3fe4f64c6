"""The manager's dashboard, CSV exports and user management over a real database."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from storage.dashboard import compute_dashboard, percentile
from storage.enums import CaseStatus, DraftStatus, MessageStatus, Role
from storage.models import Case, User
from storage.users import authenticate
from tests.factories import CorrectionFactory, case_with_thread
from tests.integration.web.web_builders import NOW, PASSWORD, TODAY, csrf_from


def _seed_dashboard(session: Session, users: dict[str, int]) -> dict[str, int]:
    """Six cases of different ages and states; ``session`` is the factories' session."""
    approved = {"approved_by": session.get_one(User, users["adviser"]),
                "approved_at": NOW - timedelta(days=2)}
    ids = {
        "fresh": case_with_thread(created_at=NOW - timedelta(hours=2),
                                  deadline=TODAY + timedelta(days=3)).id,
        "two_days": case_with_thread(categories=["exclusion"], next_step="challenge_exclusion",
                                     created_at=NOW - timedelta(days=2),
                                     deadline=TODAY - timedelta(days=1)).id,
        "five_days": case_with_thread(categories=["delay"], next_step="raise_informally",
                                      created_at=NOW - timedelta(days=5), deadline=None,
                                      draft_body=None, status=CaseStatus.NEEDS_TRIAGE).id,
        "old": case_with_thread(categories=[], next_step="general_advice",
                                created_at=NOW - timedelta(days=20), deadline=None,
                                message_fields={"status": MessageStatus.QUARANTINED,
                                                "last_error": "ParseError: broken MIME"}).id,
        "replied_fast": case_with_thread(
            created_at=NOW - timedelta(days=3), status=CaseStatus.REPLIED,
            first_response_at=NOW - timedelta(days=3) + timedelta(hours=1),
            draft_status=DraftStatus.SENT, draft_fields=approved).id,
        "replied_slow": case_with_thread(
            created_at=NOW - timedelta(days=4), status=CaseStatus.REPLIED,
            first_response_at=NOW - timedelta(days=1), draft_status=DraftStatus.SENDING,
            draft_fields=approved).id,
    }
    # An adviser overrode the exclusion case: it was predicted "appeal".
    CorrectionFactory(case_id=ids["two_days"], user_id=users["adviser"],
                      old_categories=["appeal"], new_categories=["exclusion"],
                      old_next_step="appeal", new_next_step="challenge_exclusion",
                      created_at=NOW - timedelta(days=1))
    assert session.get_one(Case, ids["two_days"]).categories == ["exclusion"]
    return ids


def test_dashboard_figures(
    factory_session: Session, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    ids = _seed_dashboard(factory_session, users)
    with session_factory() as session:
        d = compute_dashboard(session, NOW)
    assert dict(d.backlog) == {"0–1 d": 1, "1–3 d": 1, "3–7 d": 1, "> 7 d": 1}
    assert d.open_cases == 4
    assert d.first_response.count == 2
    assert d.first_response.median_secs == (3600 + 3 * 86400) / 2
    assert d.first_response.p90_secs == 3 * 86400
    assert [c.id for c in d.deadlines_soon] == [ids["fresh"]]
    assert [c.id for c in d.deadlines_missed] == [ids["two_days"]]
    assert d.deadlines_missed[0].days_left == -1
    assert d.drafts_awaiting_count == 3
    assert d.quarantined_count == 1
    assert d.quarantined[0].last_error == "ParseError: broken MIME"
    assert [s.case_id for s in d.stuck_sending] == [ids["replied_slow"]]
    adam = next(t for t in d.throughput if t.user_id == users["adviser"])
    assert (adam.approved_7d, adam.approved_30d, adam.sent_30d, adam.reclassified_30d) == (
        2, 2, 1, 1)
    rates = {o.category: o for o in d.overrides}
    assert (rates["appeal"].predicted, rates["appeal"].removed) == (4, 1)
    assert rates["appeal"].rate == 0.25
    assert (rates["exclusion"].added, rates["exclusion"].rate) == (1, 1.0)
    assert rates["discrimination"].rate is None
    assert d.next_step_overrides == 1
    today = d.volume_daily.starts.index(NOW.date())
    assert d.volume_daily.by_category["appeal"][today] == 1
    assert sum(d.volume_daily.totals) == 6
    assert sum(d.volume_weekly.totals) == 6
    assert d.volume_daily.by_category["none"][d.volume_daily.starts.index(
        (NOW - timedelta(days=20)).date())] == 1
    assert d.as_dict()["messages"]["by_status"]["quarantined"] == 1  # type: ignore[index]


def test_p90_is_the_nearest_rank_value() -> None:
    assert percentile([], 90) is None
    assert percentile([5.0], 90) == 5.0
    assert percentile([float(v) for v in range(1, 11)], 90) == 9.0
    assert percentile([float(v) for v in range(1, 12)], 90) == 10.0


def test_dashboard_page_draws_the_charts_and_lists_what_needs_attention(
    manager: TestClient, factory_session: Session, users: dict[str, int]
) -> None:
    ids = _seed_dashboard(factory_session, users)
    html = manager.get("/manager").text
    assert html.count('<svg class="chart') == 3  # volume (wide and phone) and backlog
    assert 'aria-label="New cases per day by category"' in html
    assert html.count('class="bar"') >= 5
    assert f'href="/cases/{ids["two_days"]}"' in html  # missed deadline
    assert "1 day overdue" in html
    assert "ParseError: broken MIME" in html
    assert "Replies stuck in" in html
    assert "Adam Adviser" in html
    weekly = manager.get("/manager?period=week").text
    assert 'aria-label="New cases per week by category"' in weekly


def test_dashboard_with_no_data_says_so(manager: TestClient) -> None:
    html = manager.get("/manager").text
    assert "No cases in this period" in html


def test_cases_csv_has_one_row_per_case_with_utc_times_and_seconds(
    manager: TestClient, factory_session: Session, users: dict[str, int]
) -> None:
    ids = _seed_dashboard(factory_session, users)
    case_with_thread(subject="=HYPERLINK(\"http://evil\")", parent_address="zoë@example.org",
                     categories=["appeal", "delay"])
    response = manager.get("/manager/export/cases.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="cases-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid,created_at,parent,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 7
    fast = next(r for r in rows if r["id"] == str(ids["replied_fast"]))
    assert fast["created_at"] == "2026-11-25T09:00:00+00:00"
    assert fast["first_response_at"] == "2026-11-25T10:00:00+00:00"
    assert fast["first_response_secs"] == "3600"
    assert fast["status"] == "replied"
    assert fast["safeguarding"] == "false"
    last = rows[-1]
    assert last["parent"] == "zoë@example.org"
    assert last["categories"] == "appeal;delay"
    assert last["subject"].startswith("'=HYPERLINK")  # no formula in a spreadsheet
    overridden = next(r for r in rows if r["id"] == str(ids["two_days"]))
    assert overridden["corrections"] == "1"


def test_aggregates_csv_matches_the_charts(
    manager: TestClient, factory_session: Session, users: dict[str, int]
) -> None:
    _seed_dashboard(factory_session, users)
    text = manager.get("/manager/export/aggregates.csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    backlog = {r["key"]: r["value"] for r in rows if r["metric"] == "backlog"}
    assert backlog == {"0–1 d": "1", "1–3 d": "1", "3–7 d": "1", "> 7 d": "1"}
    today = [r for r in rows if r["metric"] == "volume_day" and r["period_start"] == "2026-11-28"]
    assert {r["key"]: r["value"] for r in today}["appeal"] == "1"
    assert {r["key"] for r in rows if r["metric"] == "first_response_secs"} == {
        "count", "median", "p90"}


def test_a_manager_creates_a_user_who_can_then_sign_in(
    manager: TestClient, session_factory: sessionmaker[Session]
) -> None:
    token = csrf_from(manager.get("/manager/users").text)
    response = manager.post("/manager/users", data={
        "csrf_token": token, "email": "New.Adviser@Advice-Line.example", "name": "Nia",
        "password": "a long enough password", "role": "adviser"})
    assert response.status_code == 303
    with session_factory() as session:
        user = authenticate(session, "new.adviser@advice-line.example", "a long enough password")
    assert user is not None and user.role == Role.ADVISER
    assert "Created new.adviser@advice-line.example" in manager.get("/manager/users").text


def test_a_duplicate_or_weak_user_is_refused_with_a_message(
    manager: TestClient, session_factory: sessionmaker[Session]
) -> None:
    token = csrf_from(manager.get("/manager/users").text)
    manager.post("/manager/users", data={"csrf_token": token, "email": "x@advice-line.example",
                                         "password": "short", "role": "adviser"})
    assert "at least 10 characters" in manager.get("/manager/users").text
    manager.post("/manager/users", data={
        "csrf_token": token, "email": "adam.adviser@advice-line.example",
        "password": "long enough password", "role": "adviser"})
    assert "already exists" in manager.get("/manager/users").text


def test_a_manager_changes_a_role_and_deactivates_a_user(
    manager: TestClient, adviser: TestClient, session_factory: sessionmaker[Session],
    users: dict[str, int],
) -> None:
    token = csrf_from(manager.get("/manager/users").text)
    manager.post(f"/manager/users/{users['other']}/role",
                 data={"csrf_token": token, "role": "manager"})
    manager.post(f"/manager/users/{users['adviser']}/deactivate", data={"csrf_token": token})
    with session_factory() as session:
        assert session.get(User, users["other"]).role == Role.MANAGER  # type: ignore[union-attr]
        assert session.get(User, users["adviser"]).active is False  # type: ignore[union-attr]
        assert authenticate(session, "adam.adviser@advice-line.example", PASSWORD) is None
    assert adviser.get("/queue").status_code == 303


def test_a_manager_cannot_deactivate_or_demote_themselves(
    manager: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    token = csrf_from(manager.get("/manager/users").text)
    manager.post(f"/manager/users/{users['manager']}/deactivate", data={"csrf_token": token})
    manager.post(f"/manager/users/{users['manager']}/role",
                 data={"csrf_token": token, "role": "adviser"})
    with session_factory() as session:
        me = session.get(User, users["manager"])
    assert me is not None and me.active and me.role == Role.MANAGER
