import pytest

from cme.core.words import counted


@pytest.mark.parametrize(("number", "one", "many", "said"), [
    (0, "open case", "", "0 open cases"),
    (1, "open case", "", "1 open case"),
    (2, "open case", "", "2 open cases"),
    (2000, "row", "", "2,000 rows"),
    (1, "enquiry", "enquiries", "1 enquiry"),
    (3, "enquiry", "enquiries", "3 enquiries"),
])
def test_a_count_is_said_in_words(number, one, many, said):
    assert counted(number, one, many) == said
