"""An officer's and a manager's home page read the database a fixed number of times, however
many cases, tasks and officers the council has."""

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from tests.factories.models import open_case, user_with_role
from tests.queries import queries_to_open, show

pytestmark = pytest.mark.django_db

HOME_QUERIES = 10  # session, user with council, counts of cases, counts of tasks, tasks, log, referrals, returns,
# enquiries from other councils, their own referrals not sent
MANAGER_HOME_QUERIES = 13  # and each officer's caseload, overdue work and the officers


@pytest.mark.parametrize(("role", "most"), [(Role.CME_OFFICER, HOME_QUERIES), (Role.CME_MANAGER, MANAGER_HOME_QUERIES)])
def test_the_home_page_takes_the_same_queries_for_2_cases_as_for_10(client, la, officer, signed_in, role, most):
    person = officer if role is Role.CME_OFFICER else user_with_role(role, la)
    signed_in(person)
    for _ in range(2):
        open_case(officer=officer)
    few = queries_to_open(client, reverse("home"))
    for n in range(8):
        open_case(officer=officer if n % 2 else user_with_role(Role.CME_OFFICER, la), allocate=n % 3 != 0)
    many = queries_to_open(client, reverse("home"))
    assert len(many) == len(few) <= most, show(many)


def test_the_home_page_still_logs_the_children_of_the_tasks_it_shows(client, la, officer, signed_in):
    from cme.cases import selectors

    for _ in range(3):
        open_case(officer=officer)
    open_case(officer=officer, allocate=False)
    listed = {task.child_id for task in selectors.workload(user=officer).tasks}
    signed_in(officer)
    assert client.get(reverse("home")).status_code == 200
    logged = AccessEvent.objects.filter(record_type="case-list", purpose="Viewed own workload").latest("pk")
    assert logged.user == officer and set(logged.child_ids) == listed
