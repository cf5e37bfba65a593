"""A CME case from the first report until the child is safely in education: its states,
the moves between them, the outcomes it may close with and what each needs, the
reasonable enquiries it should make, and the key processes an officer works through.

The key processes are the Leicestershire policy's (seed 003, section 3, after the 2007
DfE guidance): receive information, check whether a place of education is already
known, log the details, locate and contact the family, visit, determine the child's
needs, identify and access provision, monitor attendance, and track the child until
they are safely in education. The enquiries are those of DfE's "making reasonable
enquiries" as councils' procedures list them (domain.md §2.3). The closure outcomes
follow domain.md §12.2: "believed moved..." is a reason while a case is open, never a
way to close it.

Pure: the casework services give the facts; nothing here reads the database or the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from . import dfe_return

# -- states -------------------------------------------------------------------------------


class State(StrEnum):
    RECEIVED = "received"
    MAKING_ENQUIRIES = "making-enquiries"
    LOCATED = "located"
    ARRANGING_PLACEMENT = "arranging-placement"
    MONITORING = "monitoring"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.RECEIVED: "Received",
    State.MAKING_ENQUIRIES: "Making enquiries",
    State.LOCATED: "Located",
    State.ARRANGING_PLACEMENT: "Placement being arranged",
    State.MONITORING: "Placed and monitoring",
    State.CLOSED: "Closed",
}
OPEN_STATES = tuple(state for state in State if state is not State.CLOSED)

# Where a case may go next. A child can be lost again (back to enquiries) and a placement
# can break down (back to arranging one); a closed case is reopened, with a reason, only
# through `reopen_refusal`.
MOVES: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.MAKING_ENQUIRIES, State.LOCATED, State.CLOSED}),
    State.MAKING_ENQUIRIES: frozenset({State.LOCATED, State.CLOSED}),
    State.LOCATED: frozenset({State.MAKING_ENQUIRIES, State.ARRANGING_PLACEMENT, State.CLOSED}),
    State.ARRANGING_PLACEMENT: frozenset({State.MAKING_ENQUIRIES, State.LOCATED, State.MONITORING, State.CLOSED}),
    State.MONITORING: frozenset({State.MAKING_ENQUIRIES, State.ARRANGING_PLACEMENT, State.CLOSED}),
    State.CLOSED: frozenset(),
}


# -- reasonable enquiries -----------------------------------------------------------------------


class EnquiryKind(StrEnum):
    SCHOOL_RECORDS = "school-records"
    CONTACT_NUMBER = "contact-number"
    SIBLINGS = "siblings"
    FRIENDS_AND_RELATIVES = "friends-and-relatives"
    LETTER = "letter"
    HOME_VISIT = "home-visit"
    SOCIAL_CARE = "social-care"
    HEALTH = "health"
    HOUSING = "housing"
    POLICE = "police"
    YOUTH_JUSTICE = "youth-justice"
    BORDER_FORCE = "border-force"
    OTHER_LA = "other-la"
    LOST_PUPIL_DATABASE = "lost-pupil-database"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ENQUIRY_LABELS[self]


ENQUIRY_LABELS = {
    EnquiryKind.SCHOOL_RECORDS: "School records and staff who know the child",
    EnquiryKind.CONTACT_NUMBER: "Contact and emergency number",
    EnquiryKind.SIBLINGS: "Brothers and sisters, and their schools",
    EnquiryKind.FRIENDS_AND_RELATIVES: "Friends and relatives",
    EnquiryKind.LETTER: "Letter to the last known address",
    EnquiryKind.HOME_VISIT: "Home visit to the last known address",
    EnquiryKind.SOCIAL_CARE: "Children's social care",
    EnquiryKind.HEALTH: "Health: GP, school nurse or health visitor",
    EnquiryKind.HOUSING: "Housing (social landlord, temporary accommodation)",
    EnquiryKind.POLICE: "Police",
    EnquiryKind.YOUTH_JUSTICE: "Youth justice service",
    EnquiryKind.BORDER_FORCE: "Border Force or the Home Office (a move abroad is suspected)",
    EnquiryKind.OTHER_LA: "The CME officer of the council the child may have moved to",
    EnquiryKind.LOST_PUPIL_DATABASE: "The Lost Pupil Database (School to School)",
    EnquiryKind.OTHER: "Other enquiry",
}
# Checking these tells the team whether the child already has a place of education.
PLACE_OF_EDUCATION_CHECKS = frozenset({EnquiryKind.SCHOOL_RECORDS, EnquiryKind.LOST_PUPIL_DATABASE})


@dataclass(frozen=True)
class Circumstances:
    """What the team knows when it draws up a case's enquiries."""

    primary_reason: int
    contact_numbers: tuple[str, ...] = ()  # "Mother: 07700 900123", one per number
    siblings_known: bool = False
    last_known_address: bool = True
    youth_justice_involved: bool = False


@dataclass(frozen=True)
class EnquiryItem:
    kind: EnquiryKind
    about: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind.label}: {self.about}" if self.about else self.kind.label


def enquiries_for(circumstances: Circumstances) -> list[EnquiryItem]:
    """The reasonable enquiries a case with these circumstances should make, in the order an
    officer usually makes them."""
    items = [EnquiryItem(EnquiryKind.SCHOOL_RECORDS)]
    items += [EnquiryItem(EnquiryKind.CONTACT_NUMBER, number) for number in circumstances.contact_numbers]
    if not circumstances.contact_numbers:
        items.append(EnquiryItem(EnquiryKind.CONTACT_NUMBER, "none known yet: ask the school for emergency contacts"))
    if circumstances.siblings_known:
        items.append(EnquiryItem(EnquiryKind.SIBLINGS))
    items.append(EnquiryItem(EnquiryKind.FRIENDS_AND_RELATIVES))
    if circumstances.last_known_address:
        items += [EnquiryItem(EnquiryKind.LETTER), EnquiryItem(EnquiryKind.HOME_VISIT)]
    items += [EnquiryItem(EnquiryKind.SOCIAL_CARE), EnquiryItem(EnquiryKind.HEALTH), EnquiryItem(EnquiryKind.HOUSING),
              EnquiryItem(EnquiryKind.POLICE)]
    if circumstances.youth_justice_involved:
        items.append(EnquiryItem(EnquiryKind.YOUTH_JUSTICE))
    if circumstances.primary_reason == dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY:
        items.append(EnquiryItem(EnquiryKind.BORDER_FORCE))
    if circumstances.primary_reason == dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA:
        items.append(EnquiryItem(EnquiryKind.OTHER_LA))
    items.append(EnquiryItem(EnquiryKind.LOST_PUPIL_DATABASE))
    return items


# -- closing ---------------------------------------------------------------------------------


class Outcome(StrEnum):
    ON_ROLL_ATTENDING = "on-roll-attending"
    SUITABLE_EHE = "suitable-ehe"
    ALTERNATIVE_PROVISION = "alternative-provision"
    MOVED_TO_ANOTHER_LA = "moved-to-another-la"
    MOVED_ABROAD = "moved-abroad"
    CEASED_COMPULSORY_SCHOOL_AGE = "ceased-compulsory-school-age"
    DIED = "died"
    WHEREABOUTS_UNKNOWN = "whereabouts-unknown"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ON_ROLL_ATTENDING: "On a school roll and attending, confirmed by the school after monitoring",
    Outcome.SUITABLE_EHE: "Suitable elective home education confirmed",
    Outcome.ALTERNATIVE_PROVISION: "Alternative provision arranged and attended",
    Outcome.MOVED_TO_ANOTHER_LA: "Moved to another local authority, which has accepted the child",
    Outcome.MOVED_ABROAD: "Moved abroad, with the evidence",
    Outcome.CEASED_COMPULSORY_SCHOOL_AGE: "Ceased to be of compulsory school age",
    Outcome.DIED: "Died",
    Outcome.WHEREABOUTS_UNKNOWN: "Whereabouts unknown after all enquiries; lost-pupil CTF recorded",
}
# Enquiries that must be done (or recorded as not possible) before a case closes this way.
REQUIRED_ENQUIRIES: dict[Outcome, frozenset[EnquiryKind]] = {
    Outcome.MOVED_ABROAD: frozenset({EnquiryKind.SCHOOL_RECORDS, EnquiryKind.BORDER_FORCE,
                                     EnquiryKind.LOST_PUPIL_DATABASE}),
    Outcome.MOVED_TO_ANOTHER_LA: frozenset({EnquiryKind.OTHER_LA}),
}


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a case. `enquiries_outstanding` are the kinds on its
    checklist not yet done nor recorded as not possible."""

    state: State
    whereabouts_known: bool = False
    placement_arranging: bool = False
    placement_started: bool = False
    alternative_provision_started: bool = False
    attendance_checks: int = 0
    attendance_checks_needed: int = 4
    enquiries_done: frozenset[EnquiryKind] = frozenset()
    enquiries_outstanding: frozenset[EnquiryKind] = frozenset()
    home_visit_recorded: bool = False
    needs_recorded: bool = False
    details_missing: tuple[str, ...] = ()
    contact_attempts: int = 0
    other_la_accepted: bool = False
    lost_pupil_ctf_recorded: bool = False
    compulsory_school_age_ends: dt.date | None = None
    today: dt.date | None = None


def _in_a_sentence(label: str) -> str:
    """A label inside a sentence: its first word in lower case, unless it is a name (Border Force,
    the Lost Pupil Database) or starts with "The"/"A" before one."""
    first = label.split(" ", 1)[0]
    names = ("Border", "Police", "Lost", "CME", "GP")
    if first in names or (first in ("The", "A") and label.split(" ")[1:2] and label.split(" ")[1] in names):
        return label if first in names else first.lower() + label[len(first):]
    return label[0].lower() + label[1:]


def _state_words(state: State) -> str:
    return state.label.lower()


def move_refusal(facts: CaseFacts, to: State) -> str | None:
    """Why the case may not move to `to` now, in words an officer can act on, or None."""
    if to is facts.state:
        return f"The case is already {_state_words(to)}"
    if facts.state is State.CLOSED:
        return "The case is closed: reopen it, with the reason, to work on it again"
    if to is State.CLOSED:
        return "Close the case with an outcome and its evidence"
    if to not in MOVES[facts.state]:
        return f"A case that is {_state_words(facts.state)} cannot become {_state_words(to)}"
    if to in (State.LOCATED, State.ARRANGING_PLACEMENT) and not facts.whereabouts_known:
        return "Record where the child is first: a case is located only when the child's whereabouts are known"
    if to is State.MONITORING and not facts.placement_started:
        return "Record the school place (or other provision) and the day the child started first"
    return None


def close_refusal(facts: CaseFacts, outcome: Outcome, evidence: str) -> str | None:
    """Why the case may not close with this outcome now, or None."""
    if facts.state is State.CLOSED:
        return "The case is already closed"
    if not evidence.strip():
        return "Give the evidence for this outcome: what you saw or were told, by whom and when"
    missing = sorted(REQUIRED_ENQUIRIES.get(outcome, frozenset()) - facts.enquiries_done, key=list(EnquiryKind).index)
    if missing:
        return (f"A case cannot close as “{outcome.label.lower()}” until these enquiries are recorded: "
                + "; ".join(_in_a_sentence(kind.label) for kind in missing))
    if outcome is Outcome.ON_ROLL_ATTENDING:
        if not facts.placement_started:
            return "Record the school place and the day the child started before closing the case as on roll"
        if facts.attendance_checks < facts.attendance_checks_needed:
            return (f"Monitor attendance first: record {facts.attendance_checks_needed} attendance check-ins with the "
                    f"school after the child started ({facts.attendance_checks} so far)")
    if outcome is Outcome.ALTERNATIVE_PROVISION and not facts.alternative_provision_started:
        return "Record the alternative provision and the day the child started it before closing the case this way"
    if outcome is Outcome.MOVED_TO_ANOTHER_LA and not facts.other_la_accepted:
        return ("The case closes as moved to another local authority only when that council accepts the child: "
                "record its CME team's acceptance first")
    if outcome is Outcome.CEASED_COMPULSORY_SCHOOL_AGE:
        ends, today = facts.compulsory_school_age_ends, facts.today
        if ends is None:
            return "The child's date of birth is not known, so the end of compulsory school age is not known"
        if today is not None and today <= ends:
            return f"The child is of compulsory school age until {ends.day} {ends:%B %Y}"
    if outcome is Outcome.WHEREABOUTS_UNKNOWN:
        if facts.whereabouts_known:
            return "The child's whereabouts are known: choose another outcome"
        if facts.enquiries_outstanding:
            left = sorted(facts.enquiries_outstanding, key=list(EnquiryKind).index)
            return ("Make every reasonable enquiry first (or record why one is not possible). Still to do: "
                    + "; ".join(_in_a_sentence(kind.label) for kind in left))
        if not facts.lost_pupil_ctf_recorded:
            return "Record the lost-pupil CTF (the school's upload to the Lost Pupil Database) first"
    return None


def reopen_refusal(facts: CaseFacts, reason: str) -> str | None:
    if facts.state is not State.CLOSED:
        return "Only a closed case can be reopened"
    if not reason.strip():
        return "Give the reason for reopening the case"
    return None


# -- the key processes, as a task list -------------------------------------------------------


class Progress(StrEnum):
    COMPLETED = "Completed"
    IN_PROGRESS = "In progress"
    NOT_STARTED = "Not yet started"
    CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class KeyProcess:
    key: str
    title: str
    progress: Progress
    hint: str = ""


@dataclass(frozen=True)
class _Step:
    key: str
    title: str


STEPS = (
    _Step("receive", "Receive information"),
    _Step("check-place", "Check whether a place of education is already known"),
    _Step("log", "Log the details"),
    _Step("locate", "Locate and contact the family"),
    _Step("visit", "Visit the home"),
    _Step("needs", "Decide the child's needs"),
    _Step("provision", "Identify and access provision"),
    _Step("monitor", "Monitor attendance"),
    _Step("track", "Track until the child is safely in education"),
)


def key_processes(facts: CaseFacts) -> list[KeyProcess]:
    """Each key process with how far the case has got with it."""
    closed = facts.state is State.CLOSED
    checks_done = facts.enquiries_done & PLACE_OF_EDUCATION_CHECKS
    progress: dict[str, tuple[Progress, str]] = {
        "receive": (Progress.COMPLETED, ""),
        "check-place": ((Progress.COMPLETED, "") if checks_done == PLACE_OF_EDUCATION_CHECKS
                        else (Progress.IN_PROGRESS, "") if checks_done
                        else (Progress.NOT_STARTED, "School records and the Lost Pupil Database")),
        "log": ((Progress.IN_PROGRESS, "Missing: " + ", ".join(facts.details_missing)) if facts.details_missing
                else (Progress.COMPLETED, "")),
        "locate": ((Progress.COMPLETED, "") if facts.whereabouts_known
                   else (Progress.IN_PROGRESS, f"{facts.contact_attempts} contact attempts") if facts.contact_attempts
                   else (Progress.NOT_STARTED, "")),
        "visit": (Progress.COMPLETED, "") if facts.home_visit_recorded else (
            (Progress.COMPLETED, "Not needed") if EnquiryKind.HOME_VISIT in facts.enquiries_done
            else (Progress.NOT_STARTED, "")),
        "needs": (Progress.COMPLETED, "") if facts.needs_recorded else (Progress.NOT_STARTED, ""),
        "provision": ((Progress.COMPLETED, "") if facts.placement_started
                      else (Progress.IN_PROGRESS, "") if facts.placement_arranging
                      else (Progress.NOT_STARTED, "") if facts.whereabouts_known
                      else (Progress.CANNOT_START, "When the child is located")),
        "monitor": ((Progress.COMPLETED, f"{facts.attendance_checks} check-ins")
                    if facts.placement_started and facts.attendance_checks >= facts.attendance_checks_needed
                    else (Progress.IN_PROGRESS, f"{facts.attendance_checks} of {facts.attendance_checks_needed} check-ins")
                    if facts.placement_started
                    else (Progress.CANNOT_START, "When the child has started")),
        "track": (Progress.COMPLETED, "") if closed else (Progress.IN_PROGRESS, ""),
    }
    if closed:  # a closed case's unfinished steps are history, not work to do
        progress = {key: (Progress.COMPLETED, hint) if value is Progress.IN_PROGRESS else (value, hint)
                    for key, (value, hint) in progress.items()}
    return [KeyProcess(step.key, step.title, *progress[step.key]) for step in STEPS]


# -- the reason, for the DfE return ----------------------------------------------------------

def reason_refusal(code: int) -> str | None:
    if code not in dfe_return.REASONS_BY_CODE:
        return f"{code} is not a DfE primary reason (1 to {len(dfe_return.PRIMARY_REASONS)})"
    return None
