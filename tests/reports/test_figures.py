"""The dashboard's and the quarterly report's figures: the SQL against a naive count one case at a
time over a made-up history (the same plan the demo uses), and the filters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cme.cases import services
from cme.ops import bench_reports, demo_history
from cme.reports import dfe, figures
from cme.reports.figures import ReportFilters
from tests.factories.models import ChildAddressFactory, ChildFactory, user_with_role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def history(la, officer, manager):
    """Two years of cases, opened, closed and reopened, shaped like the national figures."""
    children = demo_history.make_children(la.pk, 260, seed=11, on=TODAY - dt.timedelta(days=365),
                                          schools=["Demoford Academy", "Notton Valley School"])
    cases = demo_history.plan(children, officers=[officer.pk, manager.pk], today=TODAY, months=24, per_month=9,
                              seed=5)
    services.earlier_cases_record(local_authority_id=la.pk, cases=cases)
    return cases


@pytest.mark.parametrize(("first", "last"), [
    (dt.date(2026, 11, 1), TODAY), (dt.date(2026, 7, 1), dt.date(2026, 9, 30)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2024, 12, 1), dt.date(2024, 12, 1))])
def test_the_period_figures_match_a_count_made_one_case_at_a_time(la, history, first, last):
    sql = figures.period_figures(la.pk, first, last)
    naive = bench_reports.naive_period(la.pk, first, last)
    assert (sql.started, sql.ended, sql.open_at_end) == (naive["started"], naive["ended"], naive["open_at_end"])
    assert sql.median_days == naive["median_days"]
    assert {k: v for k, v in sql.by_source.items() if v} == naive["by_source"]
    assert sql.started > 0 or first == last


def test_the_trend_matches_a_count_made_month_by_month(la, history):
    sql = [(m.open_at_end, m.started, m.ended) for m in figures.monthly_trend(la.pk, TODAY, 24)]
    assert sql == bench_reports.naive_trend(la.pk, TODAY, 24)
    assert len(sql) == 24 and max(open_ for open_, _, _ in sql) > 0


def test_the_figures_for_now_match_the_cases_as_they_stand(la, history):
    sql = figures.now_figures(la.pk, TODAY)
    naive = bench_reports.naive_now(la.pk)
    assert sql.open == naive["open"] and sql.whereabouts_unknown == naive["whereabouts_unknown"]
    assert {k: v for k, v in sql.by_state.items() if v} == naive["by_state"]
    assert sql.by_officer == {name: naive["by_officer"][name] for name in sql.by_officer}
    assert sum(sql.duration_bands.values()) == sql.open


@pytest.mark.parametrize("census", [dt.date(2025, 10, 2), dt.date(2026, 1, 15), dt.date(2026, 5, 21),
                                    dt.date(2026, 10, 1)])
def test_the_return_matches_a_count_made_one_case_at_a_time(la, history, census):
    assert dfe.dfe_return(la, census).figures == bench_reports.naive_return(la.pk, census)


def test_filters_narrow_every_figure_to_the_chosen_cases(la, officer, manager, history):
    everyone = figures.now_figures(la.pk, TODAY)
    mine = figures.now_figures(la.pk, TODAY, ReportFilters(TODAY, TODAY, officer=str(officer.pk)))
    theirs = figures.now_figures(la.pk, TODAY, ReportFilters(TODAY, TODAY, officer=str(manager.pk)))
    assert mine.open + theirs.open == everyone.open and 0 < mine.open < everyone.open
    assert set(mine.by_officer) == {officer.full_name}
    school = figures.period_figures(la.pk, dt.date(2025, 1, 1), TODAY, ReportFilters(
        dt.date(2025, 1, 1), TODAY, school="Demoford Academy"))
    whole = figures.period_figures(la.pk, dt.date(2025, 1, 1), TODAY)
    assert 0 < school.started < whole.started


def test_the_area_filter_counts_children_by_their_current_postcode_district(la, officer):
    here, moved = ChildFactory(local_authority=la), ChildFactory(local_authority=la)
    ChildAddressFactory(child=here, postcode="DM1 1AA")
    ChildAddressFactory(child=moved, postcode="DM1 2BB", moved_out=dt.date(2026, 1, 1))
    ChildAddressFactory(child=moved, postcode="DM9 9ZZ")
    services.earlier_cases_record(local_authority_id=la.pk, cases=[
        services.EarlierCase(child_id=child.pk, primary_reason=18, episodes=((dt.date(2026, 11, 2), None),))
        for child in (here, moved)])
    area = ReportFilters(dt.date(2026, 11, 1), TODAY, area="dm1")
    assert figures.now_figures(la.pk, TODAY, area).open == 1
    assert figures.period_figures(la.pk, area.date_from, area.date_to, area).started == 1
    assert figures.filter_choices(la.pk)["areas"] == ["DM1", "DM9"]


def test_another_councils_cases_are_never_counted(la, other_la, history):
    other = user_with_role("cme-officer", other_la)
    child = ChildFactory(local_authority=other_la)
    services.earlier_cases_record(local_authority_id=other_la.pk, cases=[
        services.EarlierCase(child_id=child.pk, primary_reason=18, episodes=((dt.date(2026, 11, 2), None),),
                             allocated_to_id=other.pk)])
    assert figures.now_figures(other_la.pk, TODAY).open == 1
    assert other.full_name not in figures.now_figures(la.pk, TODAY).by_officer


def test_earlier_cases_with_a_mistake_are_refused_whole_naming_the_case(la):
    from django.core.exceptions import ValidationError

    child = ChildFactory(local_authority=la)
    good = services.EarlierCase(child_id=child.pk, primary_reason=18, episodes=((dt.date(2026, 1, 1), None),))
    overlapping = services.EarlierCase(child_id=child.pk, primary_reason=18, episodes=(
        (dt.date(2026, 1, 1), dt.date(2026, 3, 1)), (dt.date(2026, 2, 1), None)))
    with pytest.raises(ValidationError, match=r"Case 2 .* overlap"):
        services.earlier_cases_record(local_authority_id=la.pk, cases=[good, overlapping])
    assert not la.children.get(pk=child.pk).cases.exists()


def test_every_outcome_has_a_short_name_on_the_dashboard():
    from cme.rules.case_lifecycle import Outcome

    assert set(figures.OUTCOME_LABELS) == {outcome.value for outcome in Outcome}


def test_the_made_up_history_never_puts_a_child_with_a_protection_plan_below_high_risk(la, history):
    from cme.cases.models import Case

    flagged = Case.objects.filter(local_authority=la, child__child_protection_plan=True)
    assert flagged.exists()  # the plan has such children at all (5% of them)
    assert set(flagged.values_list("risk_level", flat=True)) == {"high"}
    assert all("Subject of a child protection plan" in case.risk_reasons for case in flagged)
    in_care_only = Case.objects.filter(local_authority=la, child__looked_after=True, child__child_protection_plan=False)
    assert set(in_care_only.values_list("risk_level", flat=True)) <= {"high"}
