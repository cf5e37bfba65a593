"""The synthetic second view: documented error rates honoured, each kind of error what it says, reproducible."""

import datetime as dt
import math
from dataclasses import replace

import jellyfish
import pytest

from cme.rules import names
from cme.synth.errors import ERROR_KINDS, ErrorRates, make_pair, synthetic_children


@pytest.fixture(scope="module")
def pair():
    return make_pair(8000, 1.0, seed=11)


def only(**rates: float) -> ErrorRates:
    return replace(ErrorRates.none(), **rates)


def by_truth(pair):
    left = {record.id: record for record in pair.left}
    right = {record.id: record for record in pair.right}
    return [(left[left_id], right[right_id]) for left_id, right_id in pair.truth]


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_each_rate_is_honoured_within_sampling_error(pair, kind):
    rate = getattr(ErrorRates(), kind)
    eligible, applied = pair.eligible[kind], pair.applied[kind]
    assert eligible > 50, f"too few records could get {kind} for the check to mean anything"
    tolerance = 4 * math.sqrt(rate * (1 - rate) / eligible) + 0.005
    assert abs(applied / eligible - rate) <= tolerance


def test_the_summary_counts_errors_by_kind(pair):
    summary = pair.summary()
    assert summary["left"] == summary["right"] == summary["true_pairs"] == 8000
    assert set(summary["errors"]) == set(ERROR_KINDS)
    assert sum(summary["errors"].values()) == sum(len(kinds) for kinds in pair.right_errors.values())


def test_the_same_seed_gives_the_same_files_and_another_seed_does_not():
    first, second, other = make_pair(400, 0.5, seed=3), make_pair(400, 0.5, seed=3), make_pair(400, 0.5, seed=4)
    assert first.left == second.left and first.right == second.right and first.truth == second.truth
    assert first.right != other.right


def test_overlap_and_fresh_ids():
    made = make_pair(1000, 0.3, seed=5)
    assert len(made.left) == 1000 and len(made.right) == 1000 and len(made.truth) == 300
    left_ids, right_ids = {r.id for r in made.left}, {r.id for r in made.right}
    assert len(right_ids) == 1000 and not left_ids & right_ids
    assert {left for left, _ in made.truth} <= left_ids and {right for _, right in made.truth} <= right_ids


def test_the_right_file_holds_siblings_and_twins_of_left_children_that_are_not_pairs():
    made = make_pair(6000, 0.5, seed=8)
    assert made.siblings > 500 and made.twins > 10
    paired = {right for _, right in made.truth}
    left_by_household = {(r.last_name, r.address, r.postcode) for r in made.left}
    unpaired_household_mates = [r for r in made.right if r.id not in paired and not made.right_errors[r.id]
                                and (r.last_name, r.address, r.postcode) in left_by_household]
    assert unpaired_household_mates


def test_without_errors_the_second_view_is_the_same_record():
    made = make_pair(500, 1.0, seed=2, rates=ErrorRates.none())
    for left, right in by_truth(made):
        assert replace(right, id=left.id) == left
    assert sum(made.applied.values()) == 0


def test_siblings_have_different_first_names_and_only_twins_share_a_birthday():
    children = synthetic_children(5000, seed=6)
    households: dict[int, list] = {}
    for child in children:
        households.setdefault(child.household, []).append(child)
    for members in households.values():
        assert len({child.first_name for child in members}) == len(members)
        birthdays = [child.dob for child in members if not child.twin]
        assert len(set(birthdays)) == len(birthdays)


def test_a_typo_is_one_edit_in_the_first_or_last_name():
    """Each position keeps its capitalisation, so a transposition at the start reads Lela for Ella."""
    made = make_pair(600, 1.0, seed=9, rates=only(typo=1.0))
    for left, right in by_truth(made):
        first = jellyfish.damerau_levenshtein_distance(left.first_name.lower(), right.first_name.lower())
        last = jellyfish.damerau_levenshtein_distance(left.last_name.lower(), right.last_name.lower())
        assert sorted((first, last)) == [0, 1]


def test_nicknames_and_transliterations_are_known_forms_of_the_name():
    made = make_pair(3000, 1.0, seed=10, rates=only(nickname=1.0, transliteration=1.0))
    changed = 0
    for left, right in by_truth(made):
        assert names.are_given_name_variants(left.first_name, right.first_name)
        assert names.are_surname_variants(left.last_name, right.last_name)
        changed += left.first_name != right.first_name or left.last_name != right.last_name
    assert changed > 300


def test_date_of_birth_swaps_happen_only_where_the_day_could_be_a_month():
    made = make_pair(1500, 1.0, seed=12, rates=only(dob_swap=1.0))
    for left, right in by_truth(made):
        born = dt.date.fromisoformat(left.dob)
        if born.day <= 12 and born.day != born.month:
            assert right.dob == born.replace(month=born.day, day=born.month).isoformat()
        else:
            assert right.dob == left.dob


def test_date_of_birth_one_day_or_one_year_out():
    made = make_pair(800, 1.0, seed=13, rates=only(dob_day=1.0))
    assert all(abs((dt.date.fromisoformat(r.dob) - dt.date.fromisoformat(le.dob)).days) == 1 for le, r in by_truth(made))
    made = make_pair(800, 1.0, seed=13, rates=only(dob_year=1.0))
    assert all(abs(dt.date.fromisoformat(r.dob).year - dt.date.fromisoformat(le.dob).year) == 1 for le, r in by_truth(made))


def test_hyphenation_keeps_a_part_of_a_double_barrelled_surname():
    made = make_pair(8000, 1.0, seed=14, rates=only(hyphenation=1.0))
    changed = [(le, r) for le, r in by_truth(made) if le.last_name != r.last_name]
    assert changed
    for left, right in changed:
        assert "-" in left.last_name
        assert right.last_name in left.last_name.split("-") or right.last_name == left.last_name.replace("-", " ")


def test_diacritics_dropped_and_names_swapped_and_fields_missing():
    made = make_pair(3000, 1.0, seed=15, rates=only(diacritics=1.0, name_swap=1.0, missing_dob=1.0, missing_upn=1.0))
    for left, right in by_truth(made):
        assert right.first_name.isascii() and right.last_name.isascii()
        assert names.normalise(right.first_name) == names.normalise(left.last_name)
        assert right.dob == "" and right.upn == ""


def test_a_move_changes_the_address_and_postcode():
    made = make_pair(300, 1.0, seed=16, rates=only(address_move=1.0))
    moved = sum(le.postcode != r.postcode and le.address != r.address for le, r in by_truth(made))
    assert moved >= 295  # a new address can, rarely, share the old postcode


def test_a_surname_change_gives_another_surname():
    made = make_pair(300, 1.0, seed=17, rates=only(surname_change=1.0))
    assert all(names.normalise(le.last_name) != names.normalise(r.last_name) for le, r in by_truth(made))


def test_rates_must_be_probabilities_and_sizes_sensible():
    with pytest.raises(ValueError, match="overlap"):
        make_pair(10, 1.5, seed=1)
