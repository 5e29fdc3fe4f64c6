"""Server-rendered pages, split by audience: sign-in/account, adviser, manager."""
