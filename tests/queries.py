"""How many database queries a page takes, so a page that starts reading each row with a query
of its own (N+1), or grows a query per request, fails its test (issue 13 item 23)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_open(client, url: str) -> list[str]:
    """The SQL of opening `url` a second time (the first visit may write the session once a minute)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def show(queries: list[str]) -> str:
    return "\n".join(query[:160] for query in queries)
