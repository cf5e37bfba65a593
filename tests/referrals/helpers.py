"""Answers for complete referrals, and helpers to walk the journeys as a user would."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cme.core import clock
from tests.conftest import html

CHILD = {"first_name": "Amara", "middle_names": "", "last_name": "Testington", "other_names": "Mara",
         "date_of_birth-day": "14", "date_of_birth-month": "3", "date_of_birth-year": "2014", "sex": "F",
         "ethnicity": "African", "sen": "none", "sen_details": "", "child_in_care": "no", "upn": ""}
ADDRESS = {"line_1": "12 Imaginary Road", "line_2": "", "town": "Demoford", "postcode": "TE1 4AB",
           "additional_addresses": ""}
CARERS = {"rows": "1", "1-name": "Grace Testington", "1-relationship": "Mother", "1-phone": "07700 900982",
          "1-email": "grace@example.com", "1-address": ""}
SIBLINGS = {"rows": "1", "1-name": "", "1-school": ""}
SCHOOL = {"school_id": "", "other_school": "Fictional Academy", "date_last_attended-day": "3",
          "date_last_attended-month": "10", "date_last_attended-year": "2025"}
ACTIONS = {"whereabouts-outcome": "Friends say she moved away", "whereabouts-date-day": "6",
           "whereabouts-date-month": "10", "whereabouts-date-year": "2025",
           "family-outcome": "No answer from the emergency contacts", "visit-outcome": "House looks empty"}
INDICATORS = {f"indicator_{n}": "no" for n in range(1, 21)} | {"indicator_10": "yes-current", "indicator_4": "yes-historic"}
SAFEGUARDING = {"social_care_referral_considered": "yes", "parental_consent": "not-applicable",
                "social_care_outcome": ""}
ASSESSMENT = {"working_well": "Engaged with school until September", "worried_about": "Whereabouts unknown",
              "next_steps": "Trace the family and find a school place"}
REFERRER = {"name": "Sam Referrer", "position": "Attendance officer", "organisation": "Fictional Academy",
            "phone": "01632 960123", "email": "sam.referrer@example.com"}

PAGES = {"child": CHILD, "address": ADDRESS, "carers": CARERS, "siblings": SIBLINGS, "school": SCHOOL,
         "actions": ACTIONS, "indicators": INDICATORS, "safeguarding": SAFEGUARDING, "assessment": ASSESSMENT,
         "referrer": REFERRER}


def api_answers() -> dict:
    """The same referral as JSON, as a partner system sends it."""
    return {
        "child": {"first_name": "Amara", "last_name": "Testington", "other_names": "Mara", "date_of_birth": "2014-03-14",
                  "sex": "F", "ethnicity": "African", "sen": "none", "child_in_care": "no"},
        "address": {"line_1": "12 Imaginary Road", "town": "Demoford", "postcode": "TE1 4AB"},
        "carers": [{"name": "Grace Testington", "relationship": "Mother", "phone": "07700 900982"}],
        "siblings": [],
        "school": {"other_school": "Fictional Academy", "date_last_attended": "2025-10-03"},
        "actions": {"whereabouts": {"outcome": "Friends say she moved away", "date": "2025-10-06"},
                    "family": {"outcome": "No answer"}, "visit": {"outcome": "House looks empty"}},
        "indicators": {str(n): {"answer": "no"} for n in range(1, 21)} | {"10": {"answer": "yes", "status": "current"}},
        "safeguarding": {"social_care_referral_considered": "no", "parental_consent": "not-applicable"},
        "assessment": {"working_well": "Nothing known", "worried_about": "Whereabouts unknown", "next_steps": "Trace"},
        "referrer": {"name": "Partner System", "position": "Caseworker", "organisation": "Test Agency",
                     "phone": "01632 960124", "email": "partner@example.com"},
    }


def start_referral(client) -> str:
    response = client.post(reverse("referrals:start"))
    assert response.status_code == 302
    return response.url.rstrip("/").split("/")[-1]


def fill_all_pages(client, reference: str, pages: dict | None = None) -> None:
    for section, data in (pages or PAGES).items():
        response = client.post(reverse("referrals:section", args=[reference, section]), data)
        assert response.status_code == 302, (section, [e.text for e in html(response).select(".govuk-error-message")])


def days_ago(days: int) -> dt.date:
    return clock.today() - dt.timedelta(days=days)
