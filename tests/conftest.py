"""Shared test set-up: a throwaway embedded PostgreSQL (unless DATABASE_URL is set), a
real SMTP sink, factories and helpers for reading pages as a user would."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Choose the database before Django reads its settings. `cme test` does this too;
# this keeps a bare `pytest` run from touching the development database under var/.
if not os.environ.get("DATABASE_URL") and not os.environ.get("CME_PG_THROWAWAY"):
    _throwaway = tempfile.mkdtemp(prefix="cme-test-pg-")
    os.environ["CME_PGDATA"] = str(Path(_throwaway) / "pgdata")
    os.environ["CME_PG_THROWAWAY"] = "1"
    os.environ.setdefault("CME_VAR_DIR", str(Path(_throwaway) / "var"))
    import atexit

    atexit.register(shutil.rmtree, _throwaway, True)
os.environ["CME_ENVIRONMENT"] = "test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from bs4 import BeautifulSoup

from cme.ops.mailsink import MailSink

pytest_plugins = ["tests.factories.fixtures"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mail_sink():
    sink = MailSink("127.0.0.1", free_port()).start()
    yield sink
    sink.stop()


@pytest.fixture
def mailbox(mail_sink, settings):
    """A real SMTP server for this test: the service sends to it over SMTP."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": mail_sink.port, "timeout": 5}}}
    mail_sink.clear()
    return mail_sink


@pytest.fixture(autouse=True)
def _every_page_is_checked(monkeypatch):
    """Every HTML page any test receives passes the page checks (tests/pages.py)."""
    from django.test import Client

    from tests.pages import check_page

    original = Client.request

    def request(self, **environ):
        response = original(self, **environ)
        check_page(response, environ.get("PATH_INFO", ""))
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    immediate = "django.tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": immediate}}  # the same queues


CME = str(Path(sys.executable).parent / "cme")


def cme_in_process(*args: str) -> subprocess.CompletedProcess:
    """Runs `cme ARGS` in this process, as `cme.cli.main` would from a shell, and returns
    what a child process would have: the exit status and everything printed. Much faster
    than a child process; each command keeps one subprocess smoke test beside these."""
    import contextlib
    import io

    from cme import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as leaving:
            status = leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 1)
            if isinstance(leaving.code, str):
                print(leaving.code, file=sys.stderr)
    return subprocess.CompletedProcess(["cme", *args], status, out.getvalue(), err.getvalue())


@pytest.fixture
def cme_command(django_db_setup):
    """Runs the `cme` console command in a child process, as a user would, on this run's test database.

    With DATABASE_URL the child is pointed at the test database pytest made (the
    database DATABASE_URL names need not exist: CI's does not); on the embedded server
    the child shares the throwaway cluster the tests run on.
    """
    from django.db import connection

    env = dict(os.environ)
    if env.get("DATABASE_URL"):
        parts = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))

    def run(*args: str, timeout: int = 120, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([CME, *args], capture_output=True, text=True, timeout=timeout, check=False,
                              env={**env, **(extra_env or {})})

    return run


def html(response) -> BeautifulSoup:
    content = response.content if hasattr(response, "content") else response
    return BeautifulSoup(content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""
