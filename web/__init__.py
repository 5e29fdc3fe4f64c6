"""The web app: adviser queue and case pages, manager dashboard, JSON API, authentication."""
