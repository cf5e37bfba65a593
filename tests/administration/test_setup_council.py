"""`cme setup_council`: the council and its first administrator on a new deployment."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command

from cme.accounts.models import Council, LocalAuthority, User
from cme.accounts.roles import Role

pytestmark = pytest.mark.django_db


def cme_in_process(*args: str) -> subprocess.CompletedProcess:
    """`cme setup_council ARGS` in this process, through call_command (which, unlike the console
    entry point, leaves the test's database connection open)."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as problem:
        return subprocess.CompletedProcess(args, 1, out.getvalue(), str(problem))
    return subprocess.CompletedProcess(args, 0, out.getvalue(), "")


def test_the_first_administrator_is_made_once_and_given_a_link_until_they_choose_a_password(client):
    Council.objects.update_or_create(code="994", defaults={"name": "Testborough Council", "is_fictional": True})
    first = cme_in_process("setup_council", "--code", "994", "--admin-email", "It.Admin@council.example",
                           "--admin-name", "Ada Admin")
    assert first.returncode == 0, first.stderr
    assert "Made Testborough Council (994)." in first.stdout and "Made the administrator Ada Admin" in first.stdout
    la = LocalAuthority.objects.get(code="994")
    admin = User.objects.get(email="it.admin@council.example")
    assert (admin.role, admin.local_authority, admin.has_usable_password()) == (Role.ADMINISTRATOR, la, False)
    assert Council.objects.get(code="994").local_authority == la
    path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", first.stdout).group(1)
    assert client.get(path, follow=True).status_code == 200
    again = cme_in_process("setup_council", "--code", "994", "--admin-email", "it.admin@council.example")
    assert "Found Testborough Council" in again.stdout and "/account/password/reset/key/" in again.stdout
    assert LocalAuthority.objects.filter(code="994").count() == 1 and User.objects.filter(role="administrator",
                                                                                         local_authority=la).count() == 1
    admin.set_password("a-chosen-password-1")
    admin.save()
    assert "chosen a password already" in cme_in_process("setup_council", "--code", "994", "--admin-email",
                                                         "it.admin@council.example").stdout


@pytest.mark.parametrize(("args", "problem"), [
    (["--code", "12"], "A DfE local authority number has 3 digits"),
    (["--code", "993"], "No council with the number 993 is in the directory: give its name with --name"),
    (["--code", "993", "--name", "Somewhere Council"], "Give the administrator's name with --admin-name"),
])
def test_a_missing_or_wrong_detail_is_refused_with_what_to_give(args, problem):
    Council.objects.filter(code="993").delete()
    done = cme_in_process("setup_council", *args, "--admin-email", "someone@council.example")
    assert done.returncode == 1 and problem in done.stderr
    assert not User.objects.filter(email="someone@council.example").exists()


def test_the_command_runs_as_a_person_would_run_it(cme_command):
    # The child process's database is not this test's, so the smoke test stops at a refusal that
    # needs no table: the command is found, parses its options and exits 1 with the reason.
    done = cme_command("setup_council", "--code", "99", "--admin-email", "admin@smoketown.example")
    assert done.returncode == 1 and "A DfE local authority number has 3 digits" in done.stderr
