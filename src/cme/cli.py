"""The `cme` console command: every manage.py command plus the project's own.

`cme test` is handled here, before Django starts, because the test runner must choose
its throwaway database before any settings are read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def run_tests(args: list[str]) -> int:
    env = dict(os.environ)
    env["CME_ENVIRONMENT"] = "test"
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # tests make around it are still synchronous.
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    throwaway = None
    if not env.get("DATABASE_URL"):
        throwaway = tempfile.mkdtemp(prefix="cme-test-pg-")
        env["CME_PGDATA"] = str(Path(throwaway) / "pgdata")
        env["CME_PG_THROWAWAY"] = "1"
        env.setdefault("CME_VAR_DIR", str(Path(throwaway) / "var"))
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=PROJECT_DIR, env=env, check=False)
    finally:
        if throwaway:
            shutil.rmtree(throwaway, ignore_errors=True)
    if result.returncode == 5:
        print("cme test: no tests were collected, so nothing was checked", file=sys.stderr)
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    if argv and not argv[0].startswith("-"):
        # Commands are written with hyphens (cme import-ctf); Django's modules use underscores.
        argv[0] = argv[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cme.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cme", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
