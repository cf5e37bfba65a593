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


def _migrations_digest() -> str:
    """A digest of everything that decides what a freshly migrated database holds."""
    import hashlib

    digest = hashlib.sha256()
    source = Path(__file__).resolve().parent.parent / "src" / "cme"
    for path in sorted([*source.glob("*/migrations/*.py"), *source.glob("*/data/*")]):
        digest.update(path.relative_to(source).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """With pytest-xdist (`-n 2`), the first worker migrates one template database and every
    worker copies it (CREATE DATABASE ... TEMPLATE, about a second) instead of each running
    the migrations (about 50 seconds of CPU each). Without xdist this is pytest-django's own
    set-up. The template's name carries a digest of the migrations and the reference data
    they load, so a template made from other migrations is never used."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        from django.test.utils import setup_databases, teardown_databases

        with django_db_blocker.unblock():
            config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        yield
        with django_db_blocker.unblock():
            try:
                teardown_databases(config, verbosity=0)
            except Exception as exc:  # as pytest-django's own set-up does: a warning, not an error
                request.node.warn(pytest.PytestWarning(f"The test database was not dropped: {exc!r}"))
        return

    import fcntl

    from django.conf import settings
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    template = f"test_{original_name}_template_{_migrations_digest()}"
    lock_path = Path(tempfile.gettempdir()) / f"cme-test-{os.environ.get('CME_PGDATA', '').replace('/', '_')}{template}.lock"
    with django_db_blocker.unblock(), lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            exists = cursor.fetchone() is not None
        if not exists:
            # Built under another name and renamed when whole, so a run stopped halfway
            # leaves nothing a later run could mistake for a finished template.
            building = f"{template}_building"
            connection.settings_dict["TEST"]["NAME"] = building
            connection.creation.create_test_db(verbosity=0, autoclobber=True)
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = template
        connection.close()
        connection.creation.clone_test_db(suffix=worker, verbosity=0, autoclobber=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
    copy = connection.creation.get_test_db_clone_settings(worker)["NAME"]
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = copy
    connection.close()
    yield
    # FORCE: the live server's threads may still hold connections to the copy.
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = original_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only", action="store_true",
        help="run only the tests that use the database (CI's second run, on the machine's PostgreSQL)")


def pytest_collection_modifyitems(config, items):
    """`--database-tests-only` leaves out the tests that never open a database connection:
    the pure rules, the file-based linkage, the permission table. Their result cannot
    depend on which PostgreSQL server the run uses, so CI runs them once, in `make test`,
    and its second run, on the machine's PostgreSQL 15, only the tests that use it.
    A test uses the database if it asks pytest-django for it: the `django_db` mark or any
    fixture built on `django_db_setup` (db, transactional_db, live_server, a module's own)."""
    if not config.getoption("database_tests_only"):
        return
    uses = [item for item in items if item.get_closest_marker("django_db")
            or "django_db_setup" in getattr(item, "fixturenames", ())]
    if len(uses) < len(items):
        kept = set(uses)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = uses


def pytest_sessionfinish(session):
    """After an xdist run, the controller drops the template the workers copied."""
    if hasattr(session.config, "workerinput") or not getattr(session.config.option, "numprocesses", None):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    template = f"test_{connection.settings_dict['NAME']}_template_{_migrations_digest()}"
    with session.config.stash[blocking_manager_key].unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


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
