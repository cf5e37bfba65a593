"""Grounds for deleting a pupil of compulsory school age from a school's admission register.

Two dated lists (domain.md §3.3):
- the Education (Pupil Registration) (England) Regulations 2006, regulation 8(1)(a)-(n),
  for deletions before 19 August 2024;
- the School Attendance (Pupil Registration) (England) Regulations 2024, regulation
  9(1)(a)-(o), for deletions on or after 19 August 2024.

For each ground: whether the school and the LA must first have made joint reasonable
enquiries, and what the LA does next when the deletion return arrives. `route_deletion`
refines the next step with what the return says about the pupil's destination.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

REGULATIONS_2024_IN_FORCE = dt.date(2024, 8, 19)
REGULATIONS_2006_IN_FORCE = dt.date(2006, 9, 1)


class Regulations(StrEnum):
    R2006 = "2006"
    R2024 = "2024"


class NextStep(StrEnum):
    CME_ENQUIRY = "cme-enquiry"
    EHE_RECORD = "ehe-record"
    AWAIT_NEW_PUPIL_RETURN = "await-new-pupil-return"
    LA_TO_LA_NOTIFICATION = "la-to-la-notification"
    CHECK_PROVISION_BY_SIXTH_DAY = "check-provision-by-sixth-day"
    CONSIDER_SECTION_19_PROVISION = "consider-section-19-provision"
    RECORD_ONLY = "record-only"


NEXT_STEP_TEXT = {
    NextStep.CME_ENQUIRY: "Open a CME enquiry: the pupil's destination is unknown",
    NextStep.EHE_RECORD: "Create an elective home education record for the EHE team",
    NextStep.AWAIT_NEW_PUPIL_RETURN: "Wait for the destination school's new-pupil return; raise a task if it does not arrive",
    NextStep.LA_TO_LA_NOTIFICATION: "Notify the CME contact of the local authority the pupil has moved to",
    NextStep.CHECK_PROVISION_BY_SIXTH_DAY: "Check that full-time provision starts by the sixth school day of the exclusion",
    NextStep.CONSIDER_SECTION_19_PROVISION: "Consider the LA's section 19 duty to arrange suitable education",
    NextStep.RECORD_ONLY: "Record the deletion; no CME action is needed",
}


@dataclass(frozen=True)
class DeletionGround:
    regulations: Regulations
    paragraph: str  # "a".."o"
    title: str
    summary: str
    joint_enquiries_required: bool
    next_step: NextStep
    # Whether a known destination (school or new address in another LA) changes the next step.
    destination_decides: bool = False
    equivalent_2024: str | None = None  # for 2006 grounds: the 2024 paragraph(s) it maps to

    @property
    def code(self) -> str:
        regulation = "9(1)" if self.regulations is Regulations.R2024 else "8(1)"
        return f"{self.regulations.value}-{regulation}({self.paragraph})"

    @property
    def reference(self) -> str:
        regulation = "9(1)" if self.regulations is Regulations.R2024 else "8(1)"
        return f"Regulation {regulation}({self.paragraph}) of the {self.regulations.value} regulations"

    @property
    def label(self) -> str:
        regulation = "9(1)" if self.regulations is Regulations.R2024 else "8(1)"
        return f"{regulation}({self.paragraph}) {self.title}"


_R24 = Regulations.R2024
_R06 = Regulations.R2006

GROUNDS_2024: tuple[DeletionGround, ...] = (
    DeletionGround(_R24, "a", "Registered at another school",
                   "The pupil has been registered at another school (not dual registration, an SAO naming this "
                   "school, or a mobile child's main school)", False, NextStep.AWAIT_NEW_PUPIL_RETURN),
    DeletionGround(_R24, "b", "Not continuing after nursery",
                   "Admitted for nursery education and there are no reasonable grounds to believe the pupil "
                   "will attend again", False, NextStep.RECORD_ONLY, destination_decides=True),
    DeletionGround(_R24, "c", "Dual registration ended",
                   "Dual registered, no reasonable grounds to believe the pupil will attend again, and each "
                   "other school has consented", False, NextStep.RECORD_ONLY),
    DeletionGround(_R24, "d", "School attendance order amended",
                   "The LA amended the school attendance order to name another school", False,
                   NextStep.AWAIT_NEW_PUPIL_RETURN),
    DeletionGround(_R24, "e", "School attendance order revoked",
                   "The LA revoked the school attendance order because suitable education otherwise than at "
                   "school has been arranged", False, NextStep.EHE_RECORD),
    DeletionGround(_R24, "f", "Elective home education",
                   "The parent has told the school in writing that the pupil will be educated otherwise than "
                   "at school", False, NextStep.EHE_RECORD),
    DeletionGround(_R24, "g", "Moved away",
                   "The pupil has ceased to attend and no longer ordinarily lives within a reasonable distance "
                   "of the school", False, NextStep.CME_ENQUIRY, destination_decides=True),
    DeletionGround(_R24, "h", "Did not return after leave of absence",
                   "Not back within 10 school days after leave of absence ended, no reasonable grounds to "
                   "believe sickness or an unavoidable cause, and the school and LA have failed, after jointly "
                   "making reasonable enquiries, to find the pupil", True, NextStep.CME_ENQUIRY),
    DeletionGround(_R24, "i", "Continuous absence of 20 school days",
                   "Absent for at least 20 consecutive school days, every session recorded G, N or O, and the "
                   "school and LA have failed, after jointly making reasonable enquiries, to find the pupil",
                   True, NextStep.CME_ENQUIRY),
    DeletionGround(_R24, "j", "Detained",
                   "Detained under a final court order and no reasonable grounds to believe the pupil will "
                   "return at the end of it", False, NextStep.RECORD_ONLY),
    DeletionGround(_R24, "k", "Died", "The pupil has died", False, NextStep.RECORD_ONLY),
    DeletionGround(_R24, "l", "Ceasing compulsory school age",
                   "Will cease to be of compulsory school age before the school next meets and will not "
                   "continue into the sixth form", False, NextStep.RECORD_ONLY),
    DeletionGround(_R24, "m", "Boarding fees unpaid",
                   "A boarder at a maintained school or academy whose boarding fees are unpaid", False,
                   NextStep.CME_ENQUIRY, destination_decides=True),
    DeletionGround(_R24, "n", "Left an independent or non-maintained special school",
                   "The pupil has ceased to be a pupil of an independent school or non-maintained special "
                   "school", False, NextStep.CME_ENQUIRY, destination_decides=True),
    DeletionGround(_R24, "o", "Permanently excluded",
                   "Permanently excluded from the school", False, NextStep.CHECK_PROVISION_BY_SIXTH_DAY),
)

GROUNDS_2006: tuple[DeletionGround, ...] = (
    DeletionGround(_R06, "a", "School attendance order amended or revoked",
                   "A school attendance order named another school, or was revoked because suitable education "
                   "otherwise was arranged", False, NextStep.AWAIT_NEW_PUPIL_RETURN, equivalent_2024="d/e"),
    DeletionGround(_R06, "b", "Registered at another school",
                   "Registered at another school (not dual registration)", False,
                   NextStep.AWAIT_NEW_PUPIL_RETURN, equivalent_2024="a"),
    DeletionGround(_R06, "c", "Dual registration ended",
                   "Dual registered, ceased to attend, and the other school consents", False,
                   NextStep.RECORD_ONLY, equivalent_2024="c"),
    DeletionGround(_R06, "d", "Elective home education",
                   "Ceased to attend and the parent has notified the school in writing of education otherwise "
                   "than at school", False, NextStep.EHE_RECORD, equivalent_2024="f"),
    DeletionGround(_R06, "e", "Moved away",
                   "Ceased to attend and no longer resides within a reasonable distance of the school", False,
                   NextStep.CME_ENQUIRY, destination_decides=True, equivalent_2024="g"),
    DeletionGround(_R06, "f", "Did not return after leave of absence",
                   "Failed to return within 10 school days after leave of absence, and the school and LA have "
                   "jointly made reasonable enquiries without finding the pupil", True, NextStep.CME_ENQUIRY,
                   equivalent_2024="h"),
    DeletionGround(_R06, "g", "Medically unfit",
                   "Certified by the school medical officer as unlikely to be fit to attend before ceasing to be "
                   "of compulsory school age", False, NextStep.CONSIDER_SECTION_19_PROVISION),
    DeletionGround(_R06, "h", "Continuous absence of 20 school days",
                   "Continuously absent for at least 20 school days, none authorised, and the school and LA have "
                   "jointly made reasonable enquiries without finding the pupil", True, NextStep.CME_ENQUIRY,
                   equivalent_2024="i"),
    DeletionGround(_R06, "i", "Detained",
                   "Detained under a final court order of at least four months and not expected to return",
                   False, NextStep.RECORD_ONLY, equivalent_2024="j"),
    DeletionGround(_R06, "j", "Died", "The pupil has died", False, NextStep.RECORD_ONLY, equivalent_2024="k"),
    DeletionGround(_R06, "k", "Ceasing compulsory school age",
                   "Will cease to be of compulsory school age before the school next meets and will not "
                   "continue into the sixth form", False, NextStep.RECORD_ONLY, equivalent_2024="l"),
    DeletionGround(_R06, "l", "Permanently excluded", "Permanently excluded from the school", False,
                   NextStep.CHECK_PROVISION_BY_SIXTH_DAY, equivalent_2024="o"),
    DeletionGround(_R06, "m", "Not continuing after nursery",
                   "Admitted for nursery education and not transferring to reception", False,
                   NextStep.RECORD_ONLY, destination_decides=True, equivalent_2024="b"),
    DeletionGround(_R06, "n", "Boarding fees unpaid", "A boarder whose boarding fees are unpaid", False,
                   NextStep.CME_ENQUIRY, destination_decides=True, equivalent_2024="m"),
)

ALL_GROUNDS = {ground.code: ground for ground in GROUNDS_2006 + GROUNDS_2024}


class NoGroundsError(ValueError):
    pass


def regulations_in_force(on: dt.date) -> Regulations:
    if on < REGULATIONS_2006_IN_FORCE:
        raise NoGroundsError(f"No deletion grounds are held for {on}: the 2006 regulations began on 1 September 2006")
    return Regulations.R2024 if on >= REGULATIONS_2024_IN_FORCE else Regulations.R2006


# How far ahead a school may tell the LA of a deletion it has decided on.
DAYS_AHEAD_ALLOWED = 60
TOO_FAR_AHEAD = f"The deletion date must be within the next {DAYS_AHEAD_ALLOWED} days"


def too_far_ahead(day: dt.date, today: dt.date) -> bool:
    return day > today + dt.timedelta(days=DAYS_AHEAD_ALLOWED)


def grounds_in_force(on: dt.date) -> tuple[DeletionGround, ...]:
    return GROUNDS_2024 if regulations_in_force(on) is Regulations.R2024 else GROUNDS_2006


def ground(code: str) -> DeletionGround:
    try:
        return ALL_GROUNDS[code]
    except KeyError:
        raise KeyError(f"Unknown deletion ground {code!r}") from None


def ground_for_date(paragraph: str, on: dt.date) -> DeletionGround:
    """The ground with this paragraph letter in the list in force on `on`."""
    for candidate in grounds_in_force(on):
        if candidate.paragraph == paragraph.lower():
            return candidate
    raise KeyError(f"There is no ground ({paragraph}) in the {regulations_in_force(on).value} regulations")


@dataclass(frozen=True)
class DeletionFacts:
    """What a deletion return says about where the pupil has gone."""

    destination_school_known: bool = False
    new_la_code: str | None = None  # DfE code of the LA the pupil has moved to, if known
    home_la_code: str | None = None  # the LA receiving the return
    joint_enquiries_recorded: bool = False


@dataclass(frozen=True)
class Route:
    step: NextStep
    reason: str
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return NEXT_STEP_TEXT[self.step]


def route_deletion(deletion_ground: DeletionGround, facts: DeletionFacts = DeletionFacts()) -> Route:
    """What the LA does next with a deletion return on this ground."""
    warnings: list[str] = []
    if deletion_ground.joint_enquiries_required and not facts.joint_enquiries_recorded:
        warnings.append(f"{deletion_ground.reference} needs joint reasonable enquiries by the school and the LA "
                        "before deletion; none are recorded on this return")
    step = deletion_ground.next_step
    reason = f"{deletion_ground.reference}: {deletion_ground.title.lower()}"
    if deletion_ground.destination_decides:
        moved_out = facts.new_la_code and facts.new_la_code != facts.home_la_code
        if facts.destination_school_known:
            step = NextStep.AWAIT_NEW_PUPIL_RETURN
            reason += "; the destination school is known"
        elif moved_out:
            step = NextStep.LA_TO_LA_NOTIFICATION
            reason += f"; the pupil has moved to local authority {facts.new_la_code}"
        elif step is NextStep.CME_ENQUIRY:
            reason += "; no destination school or new local authority is known"
    return Route(step=step, reason=reason, warnings=tuple(warnings))
