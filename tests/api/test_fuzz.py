"""Schemathesis against the running API: whatever a client sends, the answer is a
documented status with a JSON body that matches the OpenAPI document, never a 500.

Schemathesis's pytest plugin does not yet run under pytest 9, so the test drives its
strategies with Hypothesis directly."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create
from tests.factories.models import LocalAuthorityFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


OPERATIONS = ("POST /api/v1/referrals", "GET /api/v1/referrals/{reference}", "POST /api/v1/returns/deletions",
              "POST /api/v1/returns/new-pupils", "GET /api/v1/reports/figures", "GET /api/v1/reports/dfe-return")


# Each operation and mode is a test of its own, so that the suite's workers share them out.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_api_never_fails_on_any_input(live_server, settings, label, mode):
    settings.CME_API_RATE = "100000/m"
    la = LocalAuthorityFactory(code="993")
    # A school user's token reaches every operation: returns, and referrals from the school.
    user = user_with_role(Role.SCHOOL_USER, la)
    auth = {"Authorization": f"Bearer {token_create(user=user, name='fuzz')[1]}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}
    assert set(operations) == set(OPERATIONS)  # the document names every operation, and no other
    checked: list[int] = []

    @given(case=operations[label].as_strategy(generation_mode=mode))
    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call(base_url=live_server.url, headers=auth)
        case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                                 response_schema_conformance])
        checked.append(response.status_code)

    run()
    assert 500 not in checked and checked
    if label == "GET /api/v1/referrals/{reference}":
        assert 404 in checked  # reached with a valid token: no such referral
    if label.startswith("POST") and mode == GenerationMode.NEGATIVE:
        assert 422 in checked  # reached with a valid token: the body was refused


def test_clients_that_send_too_much_are_slowed_down(client, settings):
    settings.CME_API_RATE = "3/m"
    la = LocalAuthorityFactory(code="994")
    auth = {"Authorization": f"Bearer {token_create(user=user_with_role(Role.AGENCY_USER, la), name='x')[1]}"}
    statuses = [client.get("/api/v1/referrals/AAAA-AAAA", headers=auth).status_code for _ in range(5)]
    assert statuses[:3] == [404, 404, 404] and statuses[3:] == [429, 429]
