"""The interactive matcher: accuracy on synthetic children with known truth, and the
properties an officer relies on (the same answer whichever record is "incoming", a
record always matches itself best, agreeing evidence never counts against)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cme.children import candidates
from cme.matching import scoring
from cme.ops import training
from cme.ops.index import incoming_from_record, load_people
from cme.rules.identity import Person
from cme.synth.errors import make_pair

FIELDS = ("first_name", "last_name", "other_names", "dob", "sex", "postcode", "upn")

# Small alphabets so that generated children often share or nearly share values.
NAMES = st.sampled_from(["", "Mohammed", "Muhammad", "William", "Bill", "Aoife", "Zofia", "Zosia", "Smith", "Smyth",
                         "Khan", "Jones-Khan", "O'Brien", "OBRIEN", "Łukasz", "Lukasz", "Ann", "Anne"])
DATES = st.one_of(st.none(), st.sampled_from([dt.date(2014, 3, 7), dt.date(2014, 7, 3), dt.date(2014, 3, 8),
                                              dt.date(2015, 3, 7), dt.date(2016, 11, 30)]))
CHILDREN = st.builds(Person, first_name=NAMES, last_name=NAMES,
                     other_names=st.sampled_from(["", "William", "Ann Marie"]), date_of_birth=DATES,
                     sex=st.sampled_from(["", "F", "M", "U"]),
                     postcode=st.sampled_from(["", "DM1 1AA", "DM1 1AB", "DM1 2ZZ", "dm11aa", "DM9 9QQ"]),
                     upn=st.sampled_from(["", "B801200005001", "A801200005002"]))


def score(a: Person, b: Person) -> float:
    return sum(c.weight for c in scoring.compare(a, first_name=b.first_name, last_name=b.last_name,
                                                   other_names=b.other_names, dob=b.date_of_birth, sex=b.sex, postcode=b.postcode,
                                                   upn=b.upn))


@given(CHILDREN, CHILDREN)
def test_the_score_is_the_same_whichever_record_is_incoming(a, b):
    assert math.isclose(score(a, b), score(b, a), abs_tol=1e-9)


@given(CHILDREN, CHILDREN)
def test_a_record_scores_at_least_as_high_against_itself_as_against_any_other(a, b):
    assert score(a, a) >= score(a, b)


@given(CHILDREN, CHILDREN, st.sampled_from(FIELDS))
def test_filling_in_a_missing_field_with_an_agreeing_value_never_lowers_the_score(a, b, name):
    attribute = "date_of_birth" if name == "dob" else name
    value = getattr(b, attribute)
    assume(value)
    missing = dataclasses.replace(a, **{attribute: None if name == "dob" else ""})
    assert score(dataclasses.replace(missing, **{attribute: value}), b) >= score(missing, b)


def test_every_level_an_officer_is_told_agrees_weighs_for_the_match_and_every_disagreement_against():
    weights = scoring.model()["weights"]
    for name, levels in scoring.LEVELS.items():
        for level, (verdict, _) in levels.items():
            weight = weights[name][level]
            if verdict in (scoring.Verdict.AGREE, scoring.Verdict.CLOSE):
                assert weight >= 0, (name, level)
            elif verdict is scoring.Verdict.DISAGREE:
                assert weight <= 0, (name, level)
            assert weight <= weights[name]["exact"], (name, level)


@pytest.mark.parametrize(("ours", "theirs", "field", "words"), [
    ({"first_name": "Bill"}, {"first_name": "William"}, "first_name", "forms of the same name"),
    ({"first_name": "Muhammad"}, {"first_name": "Mohammed"}, "first_name", "forms of the same name"),
    ({"first_name": "Zara"}, {"first_name": "Ann", "other_names": "Zara Louise"}, "first_name",
     "one of the other names recorded"),
    ({"last_name": "Jones-Khan"}, {"last_name": "Khan"}, "last_name", "share part of a double-barrelled"),
    ({"dob": dt.date(2014, 3, 7)}, {"dob": dt.date(2014, 7, 3)}, "dob", "day and month were swapped"),
    ({"dob": dt.date(2014, 3, 7)}, {"dob": dt.date(2014, 3, 8)}, "dob", "one digit or one day apart"),
    ({"postcode": "dm11aa"}, {"postcode": "DM1 1AA"}, "postcode", "the same"),
    ({"postcode": "DM1 1AB"}, {"postcode": "DM1 1ZZ"}, "postcode", "the same postcode sector"),
    ({"first_name": "Smith", "last_name": "John"}, {"first_name": "John", "last_name": "Smith"}, "first_name",
     "first and last names swapped"),
    ({"first_name": "Łukasz"}, {"first_name": "LUKASZ"}, "first_name", "the same"),
])
def test_each_comparison_is_explained_in_words(ours, theirs, field, words):
    incoming = Person(**{("date_of_birth" if key == "dob" else key): value for key, value in ours.items()})
    comparisons = {c.field: c for c in scoring.compare(incoming, **{
        "first_name": "", "last_name": "", "other_names": "", "dob": None, "sex": "", "postcode": "", "upn": "",
        **theirs})}
    assert words in comparisons[field].words


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2014, 3, 7), dt.date(2014, 7, 3)),
    (dt.date(2014, 3, 13), None),  # no 13th month
    (dt.date(2014, 5, 5), None),  # the same either way
])
def test_day_and_month_swap(day, expected):
    assert scoring.swapped(day) == expected


def test_near_dates_are_a_day_or_a_year_out_or_one_digit_different():
    near = scoring.near_dates(dt.date(2019, 3, 7))
    assert {dt.date(2019, 3, 6), dt.date(2019, 3, 8), dt.date(2019, 3, 17), dt.date(2019, 8, 7),
            dt.date(2018, 3, 7), dt.date(2020, 3, 7), dt.date(2009, 3, 7)} <= set(near)
    assert dt.date(2019, 3, 7) not in near and dt.date(2020, 3, 8) not in near
    assert {scoring.dob_level(dt.date(2019, 3, 7), day) for day in near} == {"near", "year"}


@pytest.mark.parametrize(("ours", "theirs", "level"), [
    (dt.date(2019, 11, 3), dt.date(2020, 11, 3), "year"),  # two digits change: not "near"
    (dt.date(2019, 11, 3), dt.date(2018, 11, 3), "year"),
    (dt.date(2016, 2, 29), dt.date(2017, 2, 28), "year"),  # no 29 February in 2017
    (dt.date(2019, 11, 3), dt.date(2021, 11, 3), "else"),
    (dt.date(2019, 11, 3), dt.date(2020, 11, 4), "else"),
])
def test_a_year_of_birth_one_out(ours, theirs, level):
    assert scoring.dob_level(ours, theirs) == level
    assert (theirs in scoring.near_dates(ours)) is (level == "year")


# -- accuracy on synthetic children with known truth -------------------------------------

@pytest.fixture(scope="module")
def indexed_pair(django_db_setup, django_db_blocker):
    """800 children in the index; 800 queries, half of them second records of indexed children."""
    from cme.accounts.models import LocalAuthority

    with django_db_blocker.unblock():
        la = LocalAuthority.objects.create(code="980", name="Accuracy (fictional)", is_fictional=True)
        pair = make_pair(800, 0.5, seed=424242)
        ids = load_people(pair.left, local_authority_id=la.pk)
        yield la, pair, ids
        from cme.children.models import Child, ChildAddress

        ChildAddress.objects.filter(child__local_authority=la).delete()
        Child.objects.filter(local_authority=la).delete()
        la.delete()


@pytest.mark.django_db
def test_the_true_child_is_ranked_first_for_nearly_every_query_and_strangers_score_low(indexed_pair):
    la, pair, ids = indexed_pair
    truth = {right: left for left, right in pair.truth}
    first = in_ten = strangers_low = strangers = 0
    for record in pair.right:
        found = candidates.find_candidates(incoming_from_record(record), local_authority_id=la.pk, include_referrals=False)
        if record.id in truth:
            ranked = [candidate.record_id for candidate in found]
            first += bool(ranked) and ranked[0] == ids[truth[record.id]]
            in_ten += ids[truth[record.id]] in ranked
        else:
            strangers += 1
            strangers_low += not found or found[0].probability < 0.5
    known = len(truth)
    # Floors a little under what the shipped model achieves on this pair (0.9975 for
    # each: one query in 400 missed), so that a regression of a few queries fails.
    assert first / known >= 0.99, first / known
    assert in_ten / known >= 0.99, in_ten / known
    assert strangers_low / strangers >= 0.99, strangers_low / strangers


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0, max_value=799))
@pytest.mark.django_db
def test_an_indexed_child_asked_about_exactly_comes_back_first(indexed_pair, position):
    la, pair, ids = indexed_pair
    record = pair.left[position]
    found = candidates.find_candidates(incoming_from_record(record), local_authority_id=la.pk, include_referrals=False)
    assert found[0].record_id == ids[record.id]


def test_the_logistic_regression_recovers_known_weights():
    """Counts made from a known model come back as that model (within rounding)."""
    from collections import Counter

    fields = training.FIELDS
    base = dict.fromkeys(fields, "missing")
    examples = Counter()
    # first name exact: odds 16:1 (weight 4); first name else: odds 1:4 (weight -2 against the intercept of 0).
    examples[tuple({**base, "first_name": "exact"}[n] for n in fields), True] = 1600
    examples[tuple({**base, "first_name": "exact"}[n] for n in fields), False] = 100
    examples[tuple({**base, "first_name": "else"}[n] for n in fields), True] = 100
    examples[tuple({**base, "first_name": "else"}[n] for n in fields), False] = 400
    examples[tuple(base[n] for n in fields), True] = 500
    examples[tuple(base[n] for n in fields), False] = 500
    fitted = training.fit(training.Examples(examples, queries=0, true_pairs=0, true_pairs_found=0), l2=1e-6)
    assert fitted["prior_log2_odds"] == pytest.approx(0.0, abs=0.01)
    assert fitted["weights"]["first_name"]["exact"] == pytest.approx(4.0, abs=0.01)
    assert fitted["weights"]["first_name"]["else"] == pytest.approx(-2.0, abs=0.01)
