"""Code lists of the DfE termly "Elective home education and children missing
education" collection (domain.md §10.3-10.4).

The 20 primary reasons are the autumn 2025 set, labelled verbatim as in DfE's published
2025/26 file (domain.md §10.4, checked against the CSV's mirror on 2026-11-30). The duration bands are
published as labels only: where each band starts and ends is not stated (marked
unconfirmed), so the boundaries are a `DurationPolicy` an LA can change, with the
default reading "2 to 4 weeks" as at least 14 days and under 28.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Reason:
    code: int
    label: str
    slug: str


PRIMARY_REASONS: tuple[Reason, ...] = (
    Reason(1, "Moved in from another local authority", "moved-in-from-another-la"),
    Reason(2, "Moved in from another country", "moved-in-from-another-country"),
    Reason(3, "School application awaiting outcome", "school-application-awaiting-outcome"),
    Reason(4, "Offered school place but not yet accepted", "offered-place-not-yet-accepted"),
    Reason(5, "Waiting school start", "waiting-school-start"),
    Reason(6, "Did not get school preference", "did-not-get-school-preference"),
    Reason(7, "Unsuitable elective home education", "unsuitable-ehe"),
    Reason(8, "Difficulty accessing suitable school place", "difficulty-accessing-suitable-place"),
    Reason(9, "School dissatisfaction general", "school-dissatisfaction-general"),
    Reason(10, "School dissatisfaction SEND", "school-dissatisfaction-send"),
    Reason(11, "Mental health", "mental-health"),
    Reason(12, "Physical health", "physical-health"),
    Reason(13, "Parental decision not to register at school", "parental-decision-not-to-register"),
    Reason(14, "Did not apply for school place at compulsory school age", "did-not-apply-at-csa"),
    Reason(15, "Challenging school attendance order", "challenging-sao"),
    Reason(16, "Believed to have moved to another local authority", "believed-moved-to-another-la"),
    Reason(17, "Believed to have moved to another country", "believed-moved-to-another-country"),
    Reason(18, "Unknown", "unknown"),
    Reason(19, "Not recorded", "not-recorded"),
    Reason(20, "Other", "other"),
)
REASONS_BY_CODE = {reason.code: reason for reason in PRIMARY_REASONS}
REASONS_BY_SLUG = {reason.slug: reason for reason in PRIMARY_REASONS}

# The reasons the system itself gives an enquiry it opens from a school's notice or a CTF.
BELIEVED_MOVED_TO_ANOTHER_LA = REASONS_BY_SLUG["believed-moved-to-another-la"].code
BELIEVED_MOVED_TO_ANOTHER_COUNTRY = REASONS_BY_SLUG["believed-moved-to-another-country"].code
UNKNOWN = REASONS_BY_SLUG["unknown"].code


class DurationBand(StrEnum):
    UNDER_2_WEEKS = "Less than 2 weeks"
    WEEKS_2_TO_4 = "2 to 4 weeks"
    WEEKS_4_TO_8 = "4 to 8 weeks"
    WEEKS_8_TO_12 = "8 to 12 weeks"
    WEEKS_12_TO_26 = "12 to 26 weeks"
    WEEKS_26_TO_52 = "26 to 52 weeks"
    OVER_52_WEEKS = "Over 52 weeks"
    UNKNOWN = "Unknown"


DURATION_BANDS: tuple[DurationBand, ...] = tuple(DurationBand)


@dataclass(frozen=True)
class DurationPolicy:
    """Lower bounds in days of each band after the first; a duration equal to a bound
    falls in the longer band."""

    lower_bounds_days: tuple[int, ...] = (14, 28, 56, 84, 182, 364)

    def __post_init__(self):
        bounds = self.lower_bounds_days
        if len(bounds) != 6 or list(bounds) != sorted(set(bounds)) or bounds[0] <= 0:
            raise ValueError("Duration bands need six increasing, positive day counts")


DEFAULT_DURATION_POLICY = DurationPolicy()


def duration_band(start: dt.date | None, census_date: dt.date,
                  policy: DurationPolicy = DEFAULT_DURATION_POLICY) -> DurationBand:
    if start is None or start > census_date:
        return DurationBand.UNKNOWN
    days = (census_date - start).days
    bands = DURATION_BANDS[:-1]
    for index, bound in enumerate(policy.lower_bounds_days):
        if days < bound:
            return bands[index]
    return DurationBand.OVER_52_WEEKS
