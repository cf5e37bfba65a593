import datetime as dt

import pytest

from cme.rules import dfe_return
from cme.rules.dfe_return import DurationBand, DurationPolicy

CENSUS = dt.date(2026, 10, 1)


def test_twenty_primary_reasons_with_codes_1_to_20():
    assert [r.code for r in dfe_return.PRIMARY_REASONS] == list(range(1, 21))
    assert dfe_return.REASONS_BY_CODE[3].label == "School application awaiting outcome"
    assert len(dfe_return.REASONS_BY_SLUG) == 20


def test_eight_duration_bands():
    assert len(dfe_return.DURATION_BANDS) == 8
    assert dfe_return.DURATION_BANDS[-1] is DurationBand.UNKNOWN


@pytest.mark.parametrize(("days", "band"), [
    (0, DurationBand.UNDER_2_WEEKS), (13, DurationBand.UNDER_2_WEEKS), (14, DurationBand.WEEKS_2_TO_4),
    (27, DurationBand.WEEKS_2_TO_4), (28, DurationBand.WEEKS_4_TO_8), (55, DurationBand.WEEKS_4_TO_8),
    (56, DurationBand.WEEKS_8_TO_12), (84, DurationBand.WEEKS_12_TO_26), (181, DurationBand.WEEKS_12_TO_26),
    (182, DurationBand.WEEKS_26_TO_52), (363, DurationBand.WEEKS_26_TO_52), (364, DurationBand.OVER_52_WEEKS),
    (2000, DurationBand.OVER_52_WEEKS),
])
def test_duration_band_boundaries(days, band):
    assert dfe_return.duration_band(CENSUS - dt.timedelta(days=days), CENSUS) is band


def test_no_start_date_or_a_future_one_is_unknown():
    assert dfe_return.duration_band(None, CENSUS) is DurationBand.UNKNOWN
    assert dfe_return.duration_band(CENSUS + dt.timedelta(days=1), CENSUS) is DurationBand.UNKNOWN


def test_boundaries_are_configurable():
    policy = DurationPolicy((15, 29, 57, 85, 183, 365))
    assert dfe_return.duration_band(CENSUS - dt.timedelta(days=14), CENSUS, policy) is DurationBand.UNDER_2_WEEKS


def test_bad_boundaries_are_refused():
    with pytest.raises(ValueError, match="six increasing"):
        DurationPolicy((14, 28, 28, 84, 182, 364))
