"""The Jinja2 environment shared by every page, its filters, flash messages and redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from web import charts, render
from web.security import CSRF_FIELD, csrf_token

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"
STATIC_DIR: Final = Path(__file__).parent / "static"
FLASH_KEY: Final = "flash"


def _page_context(request: Request) -> dict[str, Any]:
    return {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "flashes": request.session.pop(FLASH_KEY, []),
        "path": request.url.path,
    }


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[_page_context])
    env = templates.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(
        local_time=render.local_time,
        long_date=render.long_date,
        duration=render.duration,
        days_left=render.days_left_label,
        deadline_level=render.deadline_level,
        size=render.size_label,
        label=render.label,
    )
    env.globals.update(label=render.label, swatch=charts.swatch, colour_for=charts.colour_for,
                       describe_event=render.describe_event, actor_label=render.actor_label)
    return templates


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)


def flash(request: Request, text: str, level: str = "info") -> None:
    """Show ``text`` once on the next page (levels: info, success, warning, error)."""
    messages = list(request.session.get(FLASH_KEY, []))
    messages.append([level, text])
    request.session[FLASH_KEY] = messages


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a form POST the browser GETs the page (no resubmission on reload)."""
    return RedirectResponse(url, status_code=303)
