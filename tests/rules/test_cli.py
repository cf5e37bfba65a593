"""The `cme rules` command line: other tools rely on these exact shapes. Run in this
process (the command needs neither Django nor the database); one test runs the real
`cme` executable, as a user would, and times it."""

import io
import json
import resource
import subprocess
import time
from dataclasses import dataclass

import pytest

from cme.ops import rules_cli
from tests.conftest import CME


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    status = rules_cli.main(list(args), out, err)
    return Result(status, out.getvalue(), err.getvalue())


def test_the_cme_command_answers_without_starting_django_in_well_under_a_second():
    # The processor time the command used (about 0.05 s; setting Django up alone takes most of a
    # second), not the clock, which other work on the machine stretches.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([CME, "rules", "upn", "B801200005001"], capture_output=True, text=True, timeout=30,
                            check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0 and json.loads(result.stdout)["valid"] is True
    assert (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime) < 0.5


def test_school_age_without_a_date():
    result = run("school-age", "--dob", "2019-02-10")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"dob": "2019-02-10", "starts": "2024-03-31", "ends": "2035-06-29"}


def test_school_age_on_a_date():
    result = run("school-age", "--dob", "2015-06-15", "--on", "2026-11-22")
    assert json.loads(result.stdout) == {"dob": "2015-06-15", "starts": "2020-08-31", "ends": "2031-06-27",
                                         "of_compulsory_school_age": True, "year_group": "Year 7"}


def test_school_age_before_it_starts():
    data = json.loads(run("school-age", "--dob", "2022-01-05", "--on", "2026-11-22").stdout)
    assert data["of_compulsory_school_age"] is False and data["year_group"] == "Reception"


@pytest.mark.parametrize(("args", "value"), [
    (["--dob", "2010-02-30"], "2010-02-30"),
    (["--dob", "31/01/2010"], "31/01/2010"),
    (["--dob", "2015-06-15", "--on", "2026-13-01"], "2026-13-01"),
])
def test_bad_dates_exit_2_with_one_line_naming_the_value(args, value):
    result = run("school-age", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and value in lines[0]


def test_valid_upn():
    result = run("upn", "B801200005001")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"upn": "B801200005001", "valid": True, "kind": "permanent", "error": None}


def test_invalid_upn_exits_1_with_the_reason():
    result = run("upn", "Q207000016049")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["kind"] == "permanent" and "check letter" in data["error"]


def test_deletion_grounds_by_date():
    data = json.loads(run("deletion-grounds", "--on", "2024-08-18").stdout)
    assert data["regulations"] == "2006" and len(data["grounds"]) == 14


def test_school_days(tmp_path):
    terms = tmp_path / "terms.json"
    terms.write_text(json.dumps({"terms": [["2026-04-13", "2026-05-22"]], "closures": ["2026-04-13"]}))
    data = json.loads(run("school-days", "--from", "2026-04-13", "--to", "2026-04-24", "--terms", str(terms)).stdout)
    assert data["school_days"] == 9


def test_demo_code_is_the_code_django_allauth_accepts(settings):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from cme.ops.demo_accounts import demo_totp_code, demo_totp_secret

    email = "officer@demoshire.example"
    expected = format_hotp_value(hotp_value(demo_totp_secret(email), int(time.time()) // 30))
    result = subprocess.run([CME, "demo", "code", email], capture_output=True, text=True, timeout=30, check=False)
    assert result.stdout.strip() in (expected, demo_totp_code(email))
