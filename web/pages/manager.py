"""The manager's pages: dashboard with charts, CSV exports and user management."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from storage.dashboard import SERIES_KEYS, compute_dashboard
from storage.enums import Role
from storage.export import iter_aggregates_csv, iter_cases_csv
from storage.models import User
from storage.users import (
    UserError,
    create_user,
    deactivate_user,
    list_users,
    reactivate_user,
    set_role,
)
from web.charts import horizontal_bar_chart, stacked_bar_chart
from web.deps import DB, ManagerUser, dashboard_for, manager_user, now_for
from web.security import require_csrf
from web.templating import flash, page, redirect

router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(manager_user), Depends(require_csrf)])


@router.get("/manager", response_class=HTMLResponse)
def dashboard(request: Request, user: ManagerUser, db: DB, period: str = "day") -> HTMLResponse:
    period = "week" if period == "week" else "day"
    data = dashboard_for(request, db)
    volume = data.volume_weekly if period == "week" else data.volume_daily
    series = {k: volume.by_category[k] for k in SERIES_KEYS}
    return page(request, "dashboard.html", {
        "d": data,
        "period": period,
        "volume": volume,
        "series_keys": [k for k in SERIES_KEYS if any(series[k])] or list(SERIES_KEYS),
        "volume_chart": stacked_bar_chart(
            volume.starts, series, period=period, css_class="chart-wide",
            title=f"New cases per {period} by category"),
        "volume_chart_narrow": stacked_bar_chart(
            volume.starts, series, period=period, css_class="chart-narrow",
            width=360, height=250, font_size=13, max_labels=4,
            title=f"New cases per {period} by category"),
        "backlog_chart": horizontal_bar_chart(list(data.backlog),
                                              title="Open cases by age"),
        "now": now_for(request),
    })


def _csv_response(chunks: Iterator[str], filename: str) -> StreamingResponse:
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


@router.get("/manager/export/cases.csv")
def export_cases(request: Request, user: ManagerUser) -> StreamingResponse:
    factory: sessionmaker[Session] = request.app.state.get_session_factory()

    def stream() -> Iterator[str]:
        # The session lives as long as the download: rows come from a server-side cursor.
        with factory() as session:
            yield "\ufeff"  # a BOM so spreadsheet programs read the UTF-8 correctly
            yield from iter_cases_csv(session)

    return _csv_response(stream(), f"cases-{_stamp(now_for(request))}.csv")


@router.get("/manager/export/aggregates.csv")
def export_aggregates(request: Request, user: ManagerUser, db: DB) -> StreamingResponse:
    data = compute_dashboard(db, now_for(request))
    return _csv_response(iter_aggregates_csv(data), f"aggregates-{_stamp(now_for(request))}.csv")


@router.get("/manager/users", response_class=HTMLResponse)
def users(request: Request, user: ManagerUser, db: DB) -> HTMLResponse:
    return page(request, "users.html", {"users": list_users(db), "roles": list(Role)})


@router.post("/manager/users")
def add_user(
    *,
    request: Request, user: ManagerUser, db: DB,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()] = "adviser",
    name: Annotated[str, Form()] = "",
) -> RedirectResponse:
    if role not in {r.value for r in Role}:
        flash(request, "Unknown role.", "error")
        return redirect("/manager/users")
    try:
        created = create_user(db, email=email, password=password, role=Role(role),
                              name=name[:200], actor=user.email)
    except UserError as exc:
        db.rollback()
        flash(request, str(exc).capitalize() + ".", "error")
        return redirect("/manager/users")
    db.commit()
    flash(request, f"Created {created.email} ({created.role.value}).", "success")
    return redirect("/manager/users")


def _change_user(
    request: Request, db: Session, change: Callable[[], User], done: Callable[[User], str]
) -> RedirectResponse:
    """Apply one user change: commit and say what happened, or show why it was refused."""
    try:
        changed = change()
    except UserError as exc:
        flash(request, str(exc).capitalize() + ".", "error")
        return redirect("/manager/users")
    db.commit()
    flash(request, done(changed), "success")
    return redirect("/manager/users")


@router.post("/manager/users/{user_id}/role")
def change_role(
    request: Request, user_id: int, user: ManagerUser, db: DB,
    role: Annotated[str, Form()],
) -> RedirectResponse:
    if role not in {r.value for r in Role}:
        flash(request, "Unknown role.", "error")
        return redirect("/manager/users")
    if user_id == user.id and role != Role.MANAGER:
        flash(request, "You cannot remove your own manager role.", "error")
        return redirect("/manager/users")
    return _change_user(request, db, lambda: set_role(db, user_id, Role(role), actor=user.email),
                        lambda u: f"{u.email} is now {u.role.value}.")


@router.post("/manager/users/{user_id}/deactivate")
def deactivate(request: Request, user_id: int, user: ManagerUser, db: DB) -> RedirectResponse:
    if user_id == user.id:
        flash(request, "You cannot deactivate yourself.", "error")
        return redirect("/manager/users")
    return _change_user(request, db, lambda: deactivate_user(db, user_id, actor=user.email),
                        lambda u: f"{u.email} can no longer sign in or use API tokens.")


@router.post("/manager/users/{user_id}/reactivate")
def reactivate(request: Request, user_id: int, user: ManagerUser, db: DB) -> RedirectResponse:
    return _change_user(request, db, lambda: reactivate_user(db, user_id, actor=user.email),
                        lambda u: f"{u.email} can sign in again.")
