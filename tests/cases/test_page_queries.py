"""The case list and the case page read the database a fixed number of times, however many
cases, children, officers, tasks and entries there are (no query per row), and still log
every child they show."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.cases import services
from tests.conftest import html, text_of
from tests.factories.models import open_case, user_with_role
from tests.queries import queries_to_open, show

pytestmark = pytest.mark.django_db

CASE_LIST_QUERIES = 7  # session, user with council, count, the page's cases, them with child and officer, officers, log
# Session, user with council, the case (with whether it has referrals, answers, indicators and documents),
# the access log, enquiries, provision, facts, open tasks, chronology; one more with needs recorded, one
# more with provision started, and one more for each of referrals, answers, indicators and documents it has.
CASE_PAGE_QUERIES = 9


def _cases(officer, how_many, **child_fields):
    others = [user_with_role(Role.CME_OFFICER, officer.local_authority) for _ in range(2)]
    made = []
    for n in range(how_many):
        case = open_case(officer=others[n % 2] if n % 3 else officer, looked_after=n % 2 == 0, **child_fields)
        made.append(case)
    return made


@pytest.mark.parametrize("query", ["", "?officer=me&sort=risk", "?risk=none&sort=name", "?whereabouts=unknown&sort=-start"])
def test_the_case_list_takes_the_same_queries_for_2_cases_as_for_12(client, officer, signed_in, query):
    signed_in(officer)
    _cases(officer, 2)
    few = queries_to_open(client, reverse("cases:list") + query)
    _cases(officer, 10)
    many = queries_to_open(client, reverse("cases:list") + query)
    assert len(many) == len(few) <= CASE_LIST_QUERIES, show(many)


def test_the_case_list_still_shows_and_logs_every_child_on_it(client, officer, signed_in):
    cases = _cases(officer, 5)
    signed_in(officer)
    page = html(client.get(reverse("cases:list")))
    shown = text_of(page.select_one("[data-testid=cases]"))
    for case in cases:
        assert case.child.full_name in shown and case.reference in shown
    assert "In care" in shown  # the children's safeguarding flags, from the same query
    logged = AccessEvent.objects.filter(record_type="case-list").latest("pk")
    assert sorted(logged.child_ids) == sorted(case.child_id for case in cases)


def test_the_case_page_takes_the_same_queries_however_much_the_case_holds(client, officer, signed_in):
    plain, busy = _cases(officer, 2)
    signed_in(officer)
    few = queries_to_open(client, reverse("cases:detail", args=[plain.pk]))
    for n in range(6):
        services.note_add(case=busy, officer=officer, text=f"Note {n} (fictional)")
        services.task_add(case=busy, officer=officer, title=f"Task {n}", due_on=dt.date(2026, 12, 1 + n))
    many = queries_to_open(client, reverse("cases:detail", args=[busy.pk]))
    assert len(many) == len(few) <= CASE_PAGE_QUERIES, show(many)
    page = text_of(html(client.get(reverse("cases:detail", args=[busy.pk]))))
    assert "Note 5 (fictional)" in page and "Task 5" in page


def test_a_case_page_still_checks_permission_and_logs_the_read(client, officer, signed_in, other_la):
    case = _cases(officer, 1)[0]
    outsider = user_with_role(Role.CME_OFFICER, other_la)
    signed_in(outsider)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    signed_in(officer)
    queries_to_open(client, reverse("cases:detail", args=[case.pk]))
    assert AccessEvent.objects.filter(record_type="case", record_id=case.pk, granted=True, user=officer).count() == 2


def test_a_case_page_with_a_home_visit_and_needs_shows_them(client, officer, signed_in):
    from cme.core import clock

    case = _cases(officer, 1)[0]
    services.visit_record(case=case, officer=officer, visited_at=clock.now() - dt.timedelta(hours=1),
                          visitors="Vi Sitor (fictional)", address="1 Imaginary Road", seen="Nobody", occupied="yes",
                          neighbours="", notes="")
    services.needs_record(case=case, officer=officer, version=None, sen="Speech support (fictional)", health="",
                          first_language="English", interpreter_needed=False, safeguarding="", other="",
                          child_flags={})
    signed_in(officer)
    queries = queries_to_open(client, reverse("cases:detail", args=[case.pk]))
    assert len(queries) <= CASE_PAGE_QUERIES + 1, show(queries)
    page = text_of(html(client.get(reverse("cases:detail", args=[case.pk]))))
    assert "Vi Sitor (fictional)" in page and "Speech support (fictional)" in page


def test_a_case_page_reads_and_shows_referrals_answers_indicators_and_documents_only_when_the_case_has_them(
        client, officer, signed_in):
    from cme.cases.models import CaseDocument
    from cme.core import clock
    from cme.rules import escalation

    plain, answered, referred = _cases(officer, 3)
    police = next(q for q in escalation.QUESTIONS if q.agency is escalation.Agency.POLICE and not q.prompt_only)
    for case in (answered, referred):
        services.escalation_answers_save(case=case, officer=officer, answers={police.key: True}, version=None)
        services.indicators_save(case=case, officer=officer, answers={10: ("yes", "current")}, version=None)
    services.escalation_record(case=referred, officer=officer, agency="police", made_on=clock.today(),
                               reference="PR-1 (fictional)", reason="Worried about the family (fictional)")
    CaseDocument.objects.create(case=referred, file="cases/letter.pdf", original_name="Letter (fictional).pdf",
                                content_type="application/pdf", size=10, uploaded_by=officer)
    signed_in(officer)
    assert len(queries_to_open(client, reverse("cases:detail", args=[plain.pk]))) == CASE_PAGE_QUERIES
    assert len(queries_to_open(client, reverse("cases:detail", args=[answered.pk]))) == CASE_PAGE_QUERIES + 2
    assert len(queries_to_open(client, reverse("cases:detail", args=[referred.pk]))) == CASE_PAGE_QUERIES + 4
    plain_page = text_of(html(client.get(reverse("cases:detail", args=[plain.pk]))))
    assert "Referrals to the police and social care None made." in " ".join(plain_page.split())
    answered_page = html(client.get(reverse("cases:detail", args=[answered.pk])))
    advice = escalation.recommend({police.key: True}, services_indicators(answered))
    shown = " ".join(text_of(answered_page).split())
    assert any("indicator 10" in reason for reason in advice[0].reasons)
    assert f"{advice[0].text}: {'; '.join(advice[0].reasons)}" in shown  # the advice, from answers and indicators
    referred_page = text_of(html(client.get(reverse("cases:detail", args=[referred.pk]))))
    assert "Worried about the family (fictional)" in referred_page and "Letter (fictional).pdf" in referred_page
    assert advice[0].text not in referred_page  # a referral made: no advice to make one


def services_indicators(case):
    from cme.rules.risk_indicators import Answer, IndicatorAnswer, Timing

    return [IndicatorAnswer(row.number, Answer(row.answer), Timing(row.timing) if row.timing else None)
            for row in case.indicators.all()]
