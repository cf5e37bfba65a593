"""Checks every HTML page a test receives, as GOV.UK Notify's admin app does with its
`client_request`: whatever a test is about, a page it renders must have one h1, a title
that begins with it ("Error: " first when the page shows an error), an error summary
whose links go to fields that exist, forms that post to a page of this service with a
CSRF token, and inline scripts that carry the page's CSP nonce. `tests/conftest.py`
runs these on every response of Django's test client."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from django.urls import Resolver404, resolve

# Pages this service does not render itself: Django's admin site, the API's docs.
NOT_OURS = ("/django-admin/", "/api/")
NONCE = re.compile(r"'nonce-([^']+)'")


class PageProblem(AssertionError):
    pass


def _text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _heading_text(h1) -> str:
    """The h1 as the title repeats it: without a caption inside it."""
    for caption in h1.select("[class*='govuk-caption']"):
        caption.extract()
    return _text(h1)


def check_page(response, path: str = "") -> None:
    """Check a response of Django's test client."""
    if response.status_code in (301, 302, 303, 307, 308) or getattr(response, "streaming", False):
        return
    if not response.get("Content-Type", "").startswith("text/html") or path.startswith(NOT_OURS):
        return
    problems = page_problems(response.content, response.get("Content-Security-Policy", ""))
    if problems:
        raise PageProblem(f"{path or 'page'} ({response.status_code}): " + "; ".join(problems))


def page_problems(content: str | bytes, csp_header: str | None) -> list[str]:
    """What is wrong with a page's HTML; `csp_header` None skips the nonce check (a browser has
    already refused any script without it)."""
    page = BeautifulSoup(content, "html.parser")
    problems: list[str] = []

    headings = page.find_all("h1")
    if len(headings) != 1:
        problems.append(f"has {len(headings)} h1 elements, not one: {[_text(h) for h in headings]}")
    title = _text(page.title)
    summaries = page.select(".govuk-error-summary")
    shows_errors = bool(summaries or page.select(".govuk-error-message"))
    if headings:
        expected = ("Error: " if shows_errors else "") + _heading_text(headings[0])
        if not title.startswith(expected):
            problems.append(f"title {title!r} does not begin with {expected!r}")
    elif title.startswith("Error: ") != shows_errors:
        problems.append(f"title {title!r} does not match whether the page shows errors")
    if len(summaries) > 1:
        problems.append(f"has {len(summaries)} error summaries")
    for link in page.select(".govuk-error-summary a"):
        target = (link.get("href") or "").removeprefix("#")
        if not link.get("href", "").startswith("#") or not page.find(id=target):
            problems.append(f"error summary link {link.get('href')!r} ({_text(link)!r}) goes to nothing on the page")

    for form in page.find_all("form"):
        method = (form.get("method") or "get").lower()
        action = form.get("action") or ""
        if action:
            if not action.startswith("/") or action.startswith("//"):
                problems.append(f"a form posts outside the service: {action!r}")
            else:
                try:
                    resolve(action.split("?")[0].split("#")[0])
                except Resolver404:
                    problems.append(f"a form's action goes to no page: {action!r}")
        if method == "post" and not form.find("input", attrs={"name": "csrfmiddlewaretoken"}):
            problems.append(f"a form posting to {action or 'this page'!r} has no CSRF token")

    if csp_header is not None:
        nonce = NONCE.search(csp_header)
        for script in page.find_all("script"):
            if not script.get("src") and (nonce is None or script.get("nonce") != nonce.group(1)):
                problems.append("an inline script lacks the page's CSP nonce")
    return problems
