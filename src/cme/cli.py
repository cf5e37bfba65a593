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


HELP = """usage: cme COMMAND [ARGUMENTS]

CME Tracker's commands (README.md says more; `cme help COMMAND` for a command's options):

  serve                     set up and serve the service with demo data (what `make run` runs)
  test [PYTEST ARGUMENTS]   the test suite on a throwaway database
  worker                    the background task worker
  demo [sign-ins | code EMAIL]   load the fictional Demoshire; list its sign-ins; make a code
  rules ...                 the domain rules as JSON (school-age, upn, deletion-grounds, school-days)
  referrals import-docx     read an emailed Word referral checklist
  setup-council             a new deployment's council and its first administrator
  import-gias               a council's schools from Get Information about Schools (CSV)
  import-ctf, export-ctf    Common Transfer Files in and out of the child index
  api_token                 bearer tokens for partner systems
  synth, link               synthetic person files; batch linkage of two person files
  train-matcher, bench      retrain the matcher; the benchmarks

Every Django management command works too: `cme help` lists them all.
"""


def _fast(argv: list[str]) -> int | None:
    """Commands that need neither Django nor the database answer without starting either."""
    if argv[:1] == ["rules"]:
        from cme.ops import rules_cli

        return rules_cli.main(argv[1:])
    if argv[:2] == ["demo", "code"]:
        from cme.ops import demo_accounts

        emails = [user.email for user in (*demo_accounts.USERS, *demo_accounts.OTHER_USERS)]
        if len(argv) != 3 or argv[2] not in emails:
            print("cme demo code: give the email address of a demo account: " + ", ".join(emails), file=sys.stderr)
            return 2
        print(demo_accounts.demo_totp_code(argv[2]))
        return 0
    if argv in ([], ["--help"], ["-h"]):
        print(HELP, end="")
        return 0
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    answered = _fast(argv)
    if answered is not None:
        return answered
    if argv and not argv[0].startswith("-"):
        # Commands are written with hyphens (cme import-ctf); Django's modules use underscores.
        argv[0] = argv[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cme.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cme", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
