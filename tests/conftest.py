"""Shared test set-up: a throwaway embedded PostgreSQL (unless DATABASE_URL is set), a
real SMTP sink, factories and helpers for reading pages as a user would."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

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

from cme.core.mailsink import MailSink

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
def _tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def html(response) -> BeautifulSoup:
    content = response.content if hasattr(response, "content") else response
    return BeautifulSoup(content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""
