"""Browser-test helpers: serve the app with a real uvicorn, sign in, take screenshots."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from tests.integration.web.web_builders import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
WIDTHS = (1280, 390)
PART_HEIGHT = 1400
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def serve(app: FastAPI, port: int) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1:``port`` in a thread; yields the base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(200):  # waiting for start-up (at most 10 s), not timing behaviour
        if server.started:
            break
        ready.wait(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/queue")
    expect(page).to_have_url(f"{base}/login?next=/queue")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page).to_have_url(f"{base}/queue")


def shoot(browser: Browser, base: str, email: str, path: str, name: str) -> None:
    """Full-page screenshots of ``path`` at 1280 and 390 px wide (long pages also in slices)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, email)
        page.goto(base + path)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        if height > PART_HEIGHT:
            for part, top in enumerate(range(0, height, PART_HEIGHT), start=1):
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-part{part}.png"),
                                full_page=True,
                                clip={"x": 0, "y": top, "width": width,
                                      "height": min(PART_HEIGHT, height - top)})
        context.close()
