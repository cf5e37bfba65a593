"""Turning a referral's answers into what pages show: the task list, the check-answers
summary, and the warnings an officer or referrer should see."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cme.core import clock
from cme.core.rules_config import leaving_rule
from cme.core.templating import govuk_date
from cme.rules import school_age
from cme.rules.risk_indicators import BY_NUMBER

from .forms import ACTIONS, PROFESSIONAL_SECTIONS, SEN_CHOICES, SEX_CHOICES
from .models import Kind, Referral
from .validation import FieldError

CHOICE_LABELS = {
    "sex": dict(SEX_CHOICES),
    "sen": dict(SEN_CHOICES),
    "yes_no": {"yes": "Yes", "no": "No", "not-known": "Not known", "not-applicable": "Not applicable", "": "Not answered"},
}


def _date(value) -> str:
    if not value:
        return "Not given"
    try:
        return govuk_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _text(value) -> str:
    return value if value not in (None, "") else "Not given"


def section_url(referral: Referral, section: str) -> str:
    if referral.kind == Kind.PUBLIC:
        return reverse("public:question", args=[section])
    return reverse("referrals:section", args=[referral.reference, section])


def task_list(referral: Referral) -> list[dict]:
    raw = referral.answers.get("_raw") or {}
    tasks = []
    for form_class in PROFESSIONAL_SECTIONS:
        key = form_class.section
        if key in referral.sections_done:
            status = "Completed"
        elif key in raw or referral.answers.get(key):
            status = "In progress"
        else:
            status = "Not yet started"
        if key == "siblings" and status == "Not yet started":
            status = "Optional"
        tasks.append({"title": form_class.title, "href": section_url(referral, key), "status": status, "key": key})
    return tasks


def _rows(pairs: list[tuple[str, str]]) -> list[dict]:
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in pairs]


def check_answers(referral: Referral) -> list[dict]:
    return _public_summary(referral) if referral.kind == Kind.PUBLIC else _professional_summary(referral)


def _professional_summary(referral: Referral) -> list[dict]:
    a = referral.answers
    child, address, school = a.get("child") or {}, a.get("address") or {}, a.get("school") or {}
    sections = [
        ("child", "About the child", [
            ("Name", " ".join(x for x in (child.get("first_name"), child.get("middle_names"), child.get("last_name")) if x)
             or "Not given"),
            ("Other names", _text(child.get("other_names"))),
            ("Date of birth", _date(child.get("date_of_birth"))),
            ("Sex", CHOICE_LABELS["sex"].get(child.get("sex", ""), "Not given")),
            ("Ethnicity", _text(child.get("ethnicity"))),
            ("Special educational needs", CHOICE_LABELS["sen"].get(child.get("sen", ""), "Not given")
             + (f": {child['sen_details']}" if child.get("sen_details") else "")),
            ("In care", CHOICE_LABELS["yes_no"].get(child.get("child_in_care", ""), "Not given")),
            ("UPN", _text(child.get("upn"))),
        ]),
        ("address", "Where the child lives", [
            ("Last known address", ", ".join(x for x in (address.get("line_1"), address.get("line_2"), address.get("town"),
                                                          address.get("postcode")) if x) or "Not given"),
            ("Other addresses", _text(address.get("additional_addresses"))),
        ]),
        ("carers", "Parents and carers", [
            (carer.get("name") or f"Carer {i}", ", ".join(x for x in (carer.get("relationship"), carer.get("phone"),
                                                                      carer.get("email"), carer.get("address")) if x)
             or "No contact details")
            for i, carer in enumerate(a.get("carers") or [], start=1)] or [("Parents and carers", "None given")]),
        ("siblings", "Brothers and sisters", [
            (sibling.get("name") or f"Sibling {i}", ", ".join(
                x for x in (_date(sibling.get("date_of_birth")) if sibling.get("date_of_birth") else "", sibling.get("school"))
                if x) or "No details")
            for i, sibling in enumerate(a.get("siblings") or [], start=1)] or [("Brothers and sisters", "None given")]),
        ("school", "School and attendance", [
            ("School or college", _school_name(referral, school)),
            ("Date last attended", _date(school.get("date_last_attended"))),
        ]),
        ("actions", "What you have done", [
            (label, ((_date(action["date"]) + ": ") if (action := (a.get("actions") or {}).get(key, {})).get("date") else "")
             + _text(action.get("outcome")))
            for key, label in ACTIONS]),
        ("indicators", "Risk indicators", _indicator_rows(a.get("indicators") or {})),
        ("safeguarding", "Safeguarding", [
            ("Referral to social care considered",
             CHOICE_LABELS["yes_no"].get((a.get("safeguarding") or {}).get("social_care_referral_considered", ""), "Not given")),
            ("Parents' consent", CHOICE_LABELS["yes_no"].get((a.get("safeguarding") or {}).get("parental_consent", ""),
                                                             "Not given")),
            ("Outcome of any referral", _text((a.get("safeguarding") or {}).get("social_care_outcome"))),
        ]),
        ("assessment", "Your assessment", [
            ("Working well", _text((a.get("assessment") or {}).get("working_well"))),
            ("Worried about", _text((a.get("assessment") or {}).get("worried_about"))),
            ("Next steps", _text((a.get("assessment") or {}).get("next_steps"))),
        ]),
        ("referrer", "Referrer", [
            ("Name", _text((a.get("referrer") or {}).get("name"))),
            ("Position", _text((a.get("referrer") or {}).get("position"))),
            ("Organisation", _text((a.get("referrer") or {}).get("organisation"))),
            ("Phone", _text((a.get("referrer") or {}).get("phone"))),
            ("Email", _text((a.get("referrer") or {}).get("email"))),
        ]),
    ]
    return [{"key": key, "title": title, "rows": _rows(rows), "href": section_url(referral, key)}
            for key, title, rows in sections]


def _school_name(referral: Referral, school: dict) -> str:
    if school.get("school_id"):
        from cme.schools.models import School

        found = School.objects.filter(pk=school["school_id"], local_authority_id=referral.local_authority_id).first()
        if found:
            return found.name
    return _text(school.get("other_school"))


def _indicator_rows(indicators: dict) -> list[tuple[str, str]]:
    yes = [(int(n), v) for n, v in indicators.items() if v.get("answer") == "yes"]
    if not indicators:
        return [("Indicators", "Not answered")]
    if not yes:
        return [("Indicators", "No to all 20")]
    return [(f"{n}. {BY_NUMBER[n].short}", "Yes – " + (v.get("status") or "not said if current or historic"))
            for n, v in sorted(yes)]


def _public_summary(referral: Referral) -> list[dict]:
    a = referral.answers
    child, age, address = a.get("child") or {}, a.get("age") or {}, a.get("address") or {}
    concern, you = a.get("concern") or {}, a.get("referrer") or {}
    age_text = _date(age.get("date_of_birth")) if age.get("date_of_birth") else (
        f"About {age['approximate_age']}" if age.get("approximate_age") else "Not given")
    sections = [
        ("child", "Child's name", [("Name", " ".join(x for x in (child.get("first_name"), child.get("last_name")) if x)
                                     or "Not given"), ("Other names", _text(child.get("other_names")))]),
        ("age", "Age", [("Date of birth or age", age_text)]),
        ("address", "Where they live", [("Address", ", ".join(
            x for x in (address.get("line_1"), address.get("town"), address.get("postcode")) if x) or "Not given")]),
        ("concern", "Your concern", [("Why you think they are not in education", _text(concern.get("why"))),
                                     ("Last school", _text(concern.get("school")))]),
        ("referrer", "You", [("Contact details", "Anonymous" if you.get("anonymous") == "yes" else ", ".join(
            x for x in (you.get("name"), you.get("email"), you.get("phone")) if x) or "Not given"),
            ("How you know the child", _text(you.get("relationship")))]),
    ]
    return [{"key": key, "title": title, "rows": _rows(rows), "href": section_url(referral, key)}
            for key, title, rows in sections]


def error_links(referral: Referral, errors: list[FieldError]) -> list[dict]:
    """Error summary items that link to the section on the check page where each answer is
    missing; its Change link goes to the page that asks."""
    items, seen = [], set()
    for error in errors:
        section = error.field.split(".")[0].split("[")[0]
        if (section, error.message) in seen:
            continue
        seen.add((section, error.message))
        items.append({"text": error.message, "href": f"#section-{section}"})
    return items


def warnings(referral: Referral) -> list[str]:
    """Things to check that do not stop a referral being sent."""
    result = []
    dob = referral.child_dob
    if dob:
        age = school_age.school_age(dob, leaving_rule())
        today = clock.today()
        if today < age.starts:
            result.append(f"The date of birth means the child is not yet of compulsory school age (from "
                          f"{govuk_date(age.starts)}). Check it is right: such a child is not missing education.")
        elif today > age.ends:
            result.append(f"The date of birth means the child was above compulsory school age on "
                          f"{govuk_date(age.ends)}. Check it is right: such a child is not missing education.")
    elif referral.kind == Kind.PUBLIC:
        approximate = (referral.answers.get("age") or {}).get("approximate_age")
        where = school_age.approximate_age_outside_school_age(int(approximate)) if str(approximate or "").isdigit() \
            else None
        if where == "below":
            result.append(f"A child aged {approximate} is not yet of compulsory school age (it starts the term after "
                          "their fifth birthday). Check the age is right. You can still send the referral.")
        elif where == "above":
            result.append(f"A child aged {approximate} is above compulsory school age (it ends in the June after "
                          "their sixteenth birthday). Check the age is right. You can still send the referral.")
    if referral.docx_unread:
        result.append("The Word form did not give: " + ", ".join(referral.docx_unread) + ".")
    return result
