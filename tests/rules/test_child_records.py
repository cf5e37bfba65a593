"""The pure rules behind search-before-create and merging records."""

import pytest

from cme.rules.child_records import (
    Name,
    RecordFacts,
    likelihood_in_words,
    merge_refusal,
    names_to_add,
    parse_child_reference,
    unmerge_refusal,
    upns_to_add,
)


@pytest.mark.parametrize(("probability", "words"), [
    (0.999, "Almost certainly the same child (99%)"),
    (0.95, "Almost certainly the same child (95%)"),
    (0.9, "Very likely the same child (90%)"),
    (0.6, "Likely the same child (60%)"),
    (0.3, "Possibly the same child (30%)"),
    (0.05, "Unlikely, but worth checking (5%)"),
    (0.001, "Unlikely, but worth checking (1%)"),
])
def test_likelihood_in_words(probability, words):
    assert likelihood_in_words(probability) == words


@pytest.mark.parametrize(("typed", "record_id"), [
    ("C000123", 123), ("c123", 123), (" C 000123 ", 123), ("123", 123), ("C1234567", 1234567),
    ("", None), ("C", None), ("C000000", None), ("D000123", None), ("C12a", None), ("C-123", None),
])
def test_parse_child_reference(typed, record_id):
    assert parse_child_reference(typed) == record_id


MINE = 1


def facts(record_id, *, la=MINE, merged_into=None, open_cases=()):
    return RecordFacts(record_id=record_id, local_authority_id=la, merged_into_id=merged_into,
                       open_case_references=tuple(open_cases))


def test_two_records_of_my_la_may_be_merged():
    assert merge_refusal(kept=facts(1, open_cases=["CME000001"]), merged=facts(2), local_authority_id=MINE) is None


@pytest.mark.parametrize(("kept", "merged", "message"), [
    (facts(1), facts(2, la=2), "There is no child with the reference C000002"),
    (facts(1, la=2), facts(2), "There is no child with the reference C000001"),
    (facts(1), facts(1), "You cannot merge a record with itself"),
    (facts(1), facts(2, merged_into=7), "C000002 has already been merged into C000007. Merge with C000007 instead"),
    (facts(1, merged_into=7), facts(2), "C000001 has already been merged into C000007"),
    (facts(1, open_cases=["CME000004"]), facts(2, open_cases=["CME000003"]),
     "Both records have an open CME case (CME000003 and CME000004)"),
])
def test_merges_that_are_refused(kept, merged, message):
    assert message in merge_refusal(kept=kept, merged=merged, local_authority_id=MINE)


def test_another_las_record_is_not_found_even_when_it_is_the_same_record():
    # Not found comes before "itself", so a probe learns nothing about other LAs' references.
    assert merge_refusal(kept=facts(5, la=2), merged=facts(5, la=2), local_authority_id=MINE).startswith("There is no")


def test_unmerge_refusals():
    assert unmerge_refusal(undone=False, kept_merged_into_id=None) is None
    assert unmerge_refusal(undone=True, kept_merged_into_id=None) == "This merge has already been undone"
    assert "since been merged into C000009. Undo that merge first" in unmerge_refusal(undone=False,
                                                                                      kept_merged_into_id=9)


def test_names_to_add_ignores_case_spacing_and_names_already_known():
    kept = [Name("Amira", "Testchild"), Name("Mira", "Testchild")]
    merged = [Name("AMIRA ", "testchild"), Name("Amirah", "Test-Child"), Name("Amirah", "Test-Child"), Name("", " ")]
    assert names_to_add(kept_names=kept, merged_names=merged) == [Name("Amirah", "Test-Child")]


def test_upns_to_add_brings_current_and_former_upns_once():
    assert upns_to_add(kept_upn="B801200005001", kept_former=["A801200005002"], merged_upn="p207000016049",
                       merged_former=["B801200005001", "A801200005002", "M80120000500A"]) == [
        "P207000016049", "M80120000500A"]
    assert upns_to_add(kept_upn="", kept_former=[], merged_upn="", merged_former=[]) == []
