from hypothesis import given
from hypothesis import strategies as st

from cme.rules import names


def test_nicknames_and_transliterations_are_the_same_name():
    assert names.are_given_name_variants("William", "Bill")
    assert names.are_given_name_variants("Mohammed", "Muhammad")
    assert names.are_given_name_variants("Aisha", "AYESHA")
    assert not names.are_given_name_variants("William", "Thomas")
    assert not names.are_given_name_variants("Harriet", "Henry")


def test_surname_spellings():
    assert names.are_surname_variants("Chowdhury", "Choudhury")
    assert names.are_surname_variants("O'Brien", "OBrien")


def test_folding_and_normalising():
    assert names.fold_ascii("Łukasz Wójcik") == "lukasz wojcik"
    assert names.normalise("  Smith-Jones ") == "smith jones"
    assert names.name_parts("Al-Hassan") == ["al", "hassan"]
    assert names.normalise("Ștefan") == "stefan"


@given(st.text(max_size=30))
def test_normalise_is_idempotent(value):
    once = names.normalise(value)
    assert names.normalise(once) == once


@given(st.sampled_from([n for group in names.NICKNAME_GROUPS for n in group]),
       st.sampled_from([n for group in names.NICKNAME_GROUPS for n in group]))
def test_variant_relation_is_symmetric(a, b):
    assert names.are_given_name_variants(a, b) == names.are_given_name_variants(b, a)
