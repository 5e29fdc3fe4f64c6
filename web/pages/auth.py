"""Signing in and out, and the account page (password change, personal API tokens)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from core.settings import Settings
from storage.enums import EventAction
from storage.events import record_event
from storage.users import (
    UserError,
    authenticate,
    create_api_token,
    list_api_tokens,
    normalise_email,
    revoke_api_token,
    set_password,
)
from web.deps import DB, PageUser, now_for, page_user, session_user
from web.security import require_csrf
from web.sessions import end_session, purge_expired_sessions, start_session
from web.templating import flash, page, redirect
from web.throttle import (
    KNOWN_BROWSER_COOKIE,
    KNOWN_BROWSER_DAYS,
    Attempt,
    LoginThrottle,
    client_key,
    retry_after_seconds,
)

public = APIRouter(include_in_schema=False)
router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(page_user), Depends(require_csrf)])


def safe_next(value: str | None) -> str:
    """Only a local path may be the post-login destination (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/queue"
    return value


@public.get("/login", response_class=HTMLResponse)
def login_form(request: Request, db: DB, next: str = "/queue") -> HTMLResponse:
    if session_user(request, db) is not None:
        return redirect(safe_next(next))  # type: ignore[return-value]
    return page(request, "login.html", {"next": safe_next(next), "email": ""})


@public.post("/login", dependencies=[Depends(require_csrf)], response_model=None)
def login(
    request: Request,
    db: DB,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/queue",
) -> HTMLResponse | RedirectResponse:
    throttle: LoginThrottle = request.app.state.login_throttle
    now = now_for(request)
    ip = request.client.host if request.client else None
    account = normalise_email(email)
    attempt = Attempt(account=account, client=client_key(ip),
                      known_browser=throttle.is_known_browser(
                          account, request.cookies.get(KNOWN_BROWSER_COOKIE)))
    wait = throttle.wait(attempt, now)
    if wait:
        # The password is not even checked: a guesser learns nothing until the delay is over.
        seconds = retry_after_seconds(wait)
        record_event(db, EventAction.AUTH_LOGIN_THROTTLED, actor="anonymous", detail={"ip": ip},
                     at=now)
        db.commit()
        response = page(request, "login.html",
                        {"next": safe_next(next), "email": email,
                         "error": f"Too many failed sign-ins. Try again in {seconds} seconds."},
                        status_code=429)
        response.headers["Retry-After"] = str(seconds)
        return response
    user = authenticate(db, email, password)
    if user is None:
        throttle.record_failure(attempt, now)
        record_event(db, EventAction.AUTH_LOGIN_FAILED, actor="anonymous", detail={"ip": ip},
                     at=now)
        db.commit()
        return page(request, "login.html",
                    {"next": safe_next(next), "email": email,
                     "error": "That e-mail and password do not match an active account."},
                    status_code=400)
    throttle.record_success(attempt)
    start_session(request, db, user.id, now=now)
    purge_expired_sessions(request, db, now=now)  # sign-ins are frequent enough to keep it tidy
    record_event(db, EventAction.AUTH_LOGIN, actor=user.email, detail={"ip": ip}, at=now)
    db.commit()
    signed_in = redirect(safe_next(next))
    settings: Settings = request.app.state.settings
    signed_in.set_cookie(KNOWN_BROWSER_COOKIE, throttle.known_browser_token(account),
                         max_age=KNOWN_BROWSER_DAYS * 86400, httponly=True, samesite="lax",
                         secure=settings.secure_cookies)
    return signed_in


@router.post("/logout")
def logout(request: Request, user: PageUser, db: DB) -> RedirectResponse:
    record_event(db, EventAction.AUTH_LOGOUT, actor=user.email)
    end_session(request, db)
    db.commit()
    return redirect("/login")


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: PageUser, db: DB) -> HTMLResponse:
    new_token = request.session.pop("new_token", None)
    return page(request, "account.html",
                {"tokens": list_api_tokens(db, user), "new_token": new_token})


@router.post("/account/tokens")
def add_token(
    request: Request, user: PageUser, db: DB, name: Annotated[str, Form()] = ""
) -> RedirectResponse:
    token = create_api_token(db, user, name or "API token")
    db.commit()
    # Shown once on the next page, then gone: only its hash is stored.
    request.session["new_token"] = token
    return redirect("/account")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, user: PageUser, db: DB) -> RedirectResponse:
    if revoke_api_token(db, token_id, user=user, now=now_for(request)):
        db.commit()
        flash(request, "Token revoked.", "success")
    else:
        flash(request, "That token is not yours or is already revoked.", "error")
    return redirect("/account")


@router.post("/account/password", response_model=None)
def change_password(
    *,
    request: Request,
    user: PageUser,
    db: DB,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> RedirectResponse:
    if authenticate(db, user.email, current) is None:
        flash(request, "The current password is wrong.", "error")
        return redirect("/account")
    if new != confirm:
        flash(request, "The new passwords differ.", "error")
        return redirect("/account")
    try:
        set_password(db, user.id, new, actor=user.email)  # ends every session of the user ...
    except UserError as exc:
        flash(request, str(exc), "error")
        return redirect("/account")
    start_session(request, db, user.id, now=now_for(request))  # ... but this browser's
    db.commit()
    flash(request, "Password changed. Other sessions have been signed out.", "success")
    return redirect("/account")
