import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules import upn

# domain.md §7.1 test vectors (Arbor's "267 -> Q" example is wrong; P is right).
VALID = [
    ("B801200005001", "permanent"),
    ("P207000016049", "permanent"),
    ("M80120000500A", "temporary"),
    ("B938461420001", "permanent"),
]


@pytest.mark.parametrize(("value", "kind"), VALID)
def test_documented_valid_upns(value, kind):
    result = upn.validate(value)
    assert result.valid, result.error
    assert result.kind.value == kind
    assert result.error is None


def test_arbor_worked_example_is_rejected():
    result = upn.validate("Q207000016049")
    assert not result.valid
    assert "starts with P, not Q" in result.error


@pytest.mark.parametrize(("value", "message"), [
    ("", "empty"),
    ("B80120000500", "13 characters; this has 12"),
    ("B8012000050011", "13 characters; this has 14"),
    ("1801200005001", "first character must be the check letter"),
    ("I801200005001", "cannot be I"),
    ("O801200005001", "cannot be O"),
    ("S801200005001", "cannot be S"),
    ("B8012000X5001", "Characters 2 to 12 must all be digits"),
    ("B80120000500I", "cannot be I"),
    ("B80120000500-", "last character must be a digit"),
    ("A20112345678²", "last character must be a digit"),  # a superscript is a digit to str.isdigit()
    ("A000200005001", "(000) are not a DfE local authority number"),
    ("A999200005001", "(999) are not a DfE local authority number"),
])
def test_each_failure_has_its_own_reason(value, message):
    result = upn.validate(value)
    assert not result.valid
    assert message in result.error


def test_spaces_and_lower_case_are_forgiven():
    result = upn.validate(" b801 2000 05001 ")
    assert result.valid and result.upn == "B801200005001"


def test_post_2019_codes_can_be_switched_off():
    value = upn.make_upn("940", "2001", 2024, 5)
    assert upn.validate(value).valid
    assert not upn.validate(value, la_codes=upn.CENSUS_LA_CODES).valid


la_codes = st.sampled_from(sorted(upn.DEFAULT_LA_CODES))
digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
serials = st.integers(min_value=0, max_value=999)


@given(la_codes, digits, st.integers(min_value=2000, max_value=2099), serials)
def test_made_upns_validate(la_code, establishment, year, serial):
    value = upn.make_upn(la_code, establishment, year, serial)
    assert upn.validate(value).valid


@given(la_codes, digits, serials, st.integers(min_value=1, max_value=12), st.sampled_from("0123456789"))
def test_changing_any_one_digit_breaks_the_check_letter(la_code, establishment, serial, position, digit):
    value = upn.make_upn(la_code, establishment, 2024, serial)
    changed = value[:position] + digit + value[position + 1:]
    # Weights 2..13 and digit changes 1..9 are all below the prime 23, so every
    # single-digit change alters the remainder.
    assert changed == value or not upn.validate(changed).valid


@given(la_codes, digits, st.sampled_from(list(upn.CHECK_LETTERS)))
def test_temporary_upns_use_the_letter_value(la_code, establishment, letter):
    value = upn.make_upn(la_code, establishment, 2024, f"12{letter}")
    result = upn.validate(value)
    assert result.valid and result.kind is upn.UpnKind.TEMPORARY


def test_check_letter_table_leaves_out_i_o_s():
    assert len(upn.CHECK_LETTERS) == 23
    assert not set("IOS") & set(upn.CHECK_LETTERS)


@pytest.mark.parametrize(("value", "suggestion"), [
    ("Q207000016049", "starts with P, not Q (P207000016049)"),  # the wrong letter
    ("207000016049", "If the rest is right, the check letter is P: P207000016049"),  # the letter left off
    ("1207000016049", "If the rest is right, the check letter is P: P207000016049"),  # a digit for a letter
    ("I801200005001", "If the rest is right, the check letter is B: B801200005001"),  # a letter never used
    ("A80120000500A", "starts with M, not A (M80120000500A)"),  # a temporary UPN
])
def test_a_check_letter_error_says_which_letter_would_pass(value, suggestion):
    result = upn.validate(value)
    assert not result.valid and suggestion in result.error
    fixed = suggestion.rsplit(" ", 1)[-1].strip("()")
    assert upn.validate(fixed).valid


@pytest.mark.parametrize("value", ["B80120000500", "A000200005001", "1000200005001", "B8012000X5001"])
def test_no_letter_is_suggested_when_more_than_the_letter_is_wrong(value):
    assert "check letter is" not in upn.validate(value).error
