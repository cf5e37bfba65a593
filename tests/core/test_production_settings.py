"""Settings as a production deployment reads them (in a child process, as `make lint`'s deployment
check does): links in emails never point at the server's own address, and a bad risk policy stops it starting."""

import os
import subprocess
import sys

import pytest

READ = "from django.conf import settings; print(settings.CME_SERVICE_URL)"


@pytest.mark.parametrize(("extra", "expected"), [
    ({}, "https://cme.example.gov.uk"),
    ({"CME_SERVICE_URL": "https://cme.council.gov.uk"}, "https://cme.council.gov.uk"),
])
def test_links_in_emails_point_at_the_services_public_address(extra, expected):
    env = {key: value for key, value in os.environ.items() if key != "CME_SERVICE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "cme.config.settings", "CME_ENVIRONMENT": "production",
        "CME_SECRET_KEY": "test-only-" + "x" * 60, "CME_ALLOWED_HOSTS": "cme.example.gov.uk,other.example.gov.uk"}
    done = subprocess.run([sys.executable, "-c", READ], env=env | extra, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


@pytest.mark.parametrize(("value", "problem"), [
    ("child_protection_plan=high,looked_after=none", None),
    ("child_protection_plan=urgent", "CME_RISK_FROM_FLAGS"),
    ("child_protection_plan", "CME_RISK_FROM_FLAGS"),
    ("young_carer=high", "CME_RISK_FROM_FLAGS"),
])
def test_a_bad_risk_policy_for_safeguarding_flags_stops_the_service_starting(value, problem):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "cme.config.settings", "CME_RISK_FROM_FLAGS": value}
    done = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.CME_RISK_FROM_FLAGS)"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    if problem is None:
        assert done.returncode == 0 and "'looked_after': 'none'" in done.stdout, done.stderr
    else:
        assert done.returncode != 0 and problem in done.stderr
