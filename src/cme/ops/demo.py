"""The fictional demonstration local authority, Demoshire.

Everything here is made up and marked `is_fictional`: the council (LA number 999,
which no council has), its schools (URNs and LAESTABs in ranges nobody uses), its
postcodes (the area "DM" does not exist), its phone numbers (Ofcom's range for
drama, 01632 960xxx) and its children, drawn from the synthetic data generator.

Loading is idempotent: running it again changes nothing. Demo accounts share one
password and have authenticator apps already set up with secrets derived from their
email addresses, so a tester can sign in with `cme demo code EMAIL`. It never runs
in production.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from cme.accounts.models import Agency, AgencyKind, Council, LocalAuthority, User
from cme.cases.models import Case, CaseSource, TimelineEntry
from cme.children.models import AddressKind, Child, ChildAddress, Contact, SenStatus
from cme.core import clock
from cme.linkage.models import PopulationDataset
from cme.referrals.models import Referral
from cme.reports.services import snapshot_take
from cme.rules import statistics
from cme.rules.names import NICKNAME_GROUPS
from cme.schools.models import ClosureDay, DeletionReturn, EstablishmentType, Phase, School, Term
from cme.synth.population import DEMOSHIRE, OTHERSHIRE, Area, PopulationGenerator

from . import demo_history, demo_partners
from .demo_accounts import (  # noqa: F401 - the demo loader and its callers use these
    DEMO_LA_CODE,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    USERS,
    DemoUser,
    demo_totp_code,
    demo_totp_secret,
)

DEMO_SEED = 2026
OTHER_COUNCIL_CHILDREN = 12
DEMO_CHILDREN = 300


SCHOOLS = (
    # name, LAESTAB, URN, phase, type
    ("Demoford Primary School", "9992001", "990001", Phase.PRIMARY, EstablishmentType.COMMUNITY),
    ("St Imaginary's CE Primary School", "9993002", "990002", Phase.PRIMARY, EstablishmentType.VOLUNTARY_AIDED),
    ("Fictonbridge Infant School", "9992003", "990003", Phase.PRIMARY, EstablishmentType.COMMUNITY),
    ("Little Demoby Junior School", "9992004", "990004", Phase.PRIMARY, EstablishmentType.ACADEMY),
    ("Upper Notton Primary Academy", "9992005", "990005", Phase.PRIMARY, EstablishmentType.ACADEMY),
    ("Demoford Academy", "9994001", "990101", Phase.SECONDARY, EstablishmentType.ACADEMY),
    ("Fictonbridge High School", "9994002", "990102", Phase.SECONDARY, EstablishmentType.COMMUNITY),
    ("Notton Valley School", "9994003", "990103", Phase.SECONDARY, EstablishmentType.FREE_SCHOOL),
    ("Demoshire Grammar School (independent)", "9996001", "990201", Phase.ALL_THROUGH, EstablishmentType.INDEPENDENT),
    ("Brookside Special School", "9997001", "990301", Phase.SPECIAL, EstablishmentType.SPECIAL),
    ("Demoshire Pupil Referral Unit", "9991101", "990401", Phase.ALTERNATIVE_PROVISION,
     EstablishmentType.PUPIL_REFERRAL_UNIT),
)

AGENCIES = (
    ("Demoshire Children's Social Care", AgencyKind.SOCIAL_CARE),
    ("Demoshire Police (fictional force)", AgencyKind.POLICE),
    ("Demoshire Community Health Trust", AgencyKind.HEALTH),
    ("Demoshire Housing Options", AgencyKind.HOUSING),
    ("Demoshire Youth Justice Service", AgencyKind.YOUTH_JUSTICE),
    ("Border Force (Demoport)", AgencyKind.BORDER_FORCE),
)

TERMS = (
    ("Autumn 2024", dt.date(2024, 9, 3), dt.date(2024, 10, 25)),
    ("Autumn 2024 (second half)", dt.date(2024, 11, 4), dt.date(2024, 12, 20)),
    ("Spring 2025", dt.date(2025, 1, 6), dt.date(2025, 2, 14)),
    ("Spring 2025 (second half)", dt.date(2025, 2, 24), dt.date(2025, 4, 4)),
    ("Summer 2025", dt.date(2025, 4, 22), dt.date(2025, 5, 23)),
    ("Summer 2025 (second half)", dt.date(2025, 6, 2), dt.date(2025, 7, 22)),
    ("Autumn 2025", dt.date(2025, 9, 3), dt.date(2025, 10, 24)),
    ("Autumn 2025 (second half)", dt.date(2025, 11, 3), dt.date(2025, 12, 19)),
    ("Spring 2026", dt.date(2026, 1, 5), dt.date(2026, 2, 13)),
    ("Spring 2026 (second half)", dt.date(2026, 2, 23), dt.date(2026, 3, 27)),
    ("Summer 2026", dt.date(2026, 4, 13), dt.date(2026, 5, 22)),
    ("Summer 2026 (second half)", dt.date(2026, 6, 1), dt.date(2026, 7, 21)),
    ("Autumn 2026", dt.date(2026, 9, 3), dt.date(2026, 10, 23)),
    ("Autumn 2026 (second half)", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
    ("Spring 2027", dt.date(2027, 1, 4), dt.date(2027, 2, 12)),
    ("Spring 2027 (second half)", dt.date(2027, 2, 22), dt.date(2027, 3, 24)),
    ("Summer 2027", dt.date(2027, 4, 12), dt.date(2027, 5, 28)),
    ("Summer 2027 (second half)", dt.date(2027, 6, 7), dt.date(2027, 7, 21)),
)
INSET_DAYS = (dt.date(2024, 9, 2), dt.date(2025, 1, 6), dt.date(2025, 9, 2), dt.date(2026, 1, 5),
              dt.date(2026, 9, 2), dt.date(2027, 1, 4))


def _refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("The demo data must never be loaded into a production service")


DEMO_SOCIAL_CARE_PHONE = "01632 960123"


@transaction.atomic
def demo_load(*, children: int = DEMO_CHILDREN) -> dict[str, int]:
    """Load Demoshire. Returns how many of each thing were created this time."""
    _refuse_in_production()
    created = {"local_authorities": 0, "schools": 0, "agencies": 0, "users": 0, "children": 0, "terms": 0,
               "referrals": 0, "school_returns": 0, "registrations": 0, "population_lists": 0}
    la, made = LocalAuthority.objects.get_or_create(code=DEMO_LA_CODE, defaults={
        "name": "Demoshire County Council", "ons_code": "E10999999", "is_fictional": True,
        "cme_contact_name": "Demoshire Children Missing Education Team",
        "cme_contact_email": f"cme@{EMAIL_DOMAIN}", "cme_contact_phone": "01632 960001",
        "cme_contact_address": "County Hall, 1 Imaginary Way, Demoford, DM1 1AA",
        "postcode_districts": " ".join(DEMOSHIRE.postcode_districts),
    })
    if not la.social_care_phone:  # a fictional number (Ofcom's range for drama), also for a demo loaded before
        la.social_care_phone = DEMO_SOCIAL_CARE_PHONE
        la.save(update_fields=["social_care_phone"])
    created["local_authorities"] += made
    for name, laestab, urn, phase, kind in SCHOOLS:
        _, made = School.objects.get_or_create(laestab=laestab, defaults={
            "local_authority": la, "name": name, "urn": urn, "phase": phase, "establishment_type": kind,
            "postcode": "DM1 2AB", "email": f"office.{laestab}@{EMAIL_DOMAIN}", "is_fictional": True})
        created["schools"] += made
    for name, kind in AGENCIES:
        _, made = Agency.objects.get_or_create(local_authority=la, name=name, defaults={
            "kind": kind, "email": f"{kind}@{EMAIL_DOMAIN}", "phone": "01632 960100", "is_fictional": True})
        created["agencies"] += made
    for term_name, starts, ends in TERMS:
        _, made = Term.objects.get_or_create(local_authority=la, school=None, name=term_name,
                                             defaults={"starts": starts, "ends": ends})
        created["terms"] += made
    for day in INSET_DAYS:
        ClosureDay.objects.get_or_create(local_authority=la, school=None, date=day)
    for demo_user in USERS:
        created["users"] += _demo_user(la, demo_user)
    for key, count in demo_partners.partners_load(la, terms=TERMS, add_user=_demo_user,
                                                  home_domain=EMAIL_DOMAIN).items():
        created[key] = created.get(key, 0) + count
    # A few children only Othershire holds, so that searching Demoshire's Children list for one
    # of them shows "known to another council" (and Othershire's officers have children too).
    other = LocalAuthority.objects.get(code=demo_partners.OTHER_LA_CODE)
    created["other_council_children"] = 0 if Child.objects.filter(local_authority=other).exists() else _demo_children(
        other, OTHER_COUNCIL_CHILDREN, seed=DEMO_SEED + 11, area=OTHERSHIRE)
    if not Child.objects.filter(local_authority=la, is_fictional=True).exists():
        created["children"] = _demo_children(la, children)
        created["registrations"] = _demo_rolls(la)
    if not Referral.objects.filter(local_authority=la).exists():
        created["referrals"] = _demo_referrals(la)
    if not DeletionReturn.objects.filter(local_authority=la).exists():
        created["school_returns"] = _demo_returns(la)
    created["cases"] = (0 if Case.objects.filter(local_authority=la, source=CaseSource.OFFICER).exists()
                        else _demo_cases(la))
    history_there = TimelineEntry.objects.filter(case__local_authority=la,
                                                 text__startswith=demo_history.HISTORY_NOTE).exists()
    created["earlier_cases"] = 0 if history_there or children < 100 else _demo_history(la)
    if created["children"] and not PopulationDataset.objects.filter(local_authority=la).exists():
        created["population_lists"] = _demo_population_lists(la)
    # Children the demo's referrals and returns added are as made up as the rest.
    Child.objects.filter(local_authority=la, is_fictional=False).update(is_fictional=True)
    return created


def _demo_user(la: LocalAuthority, demo_user: DemoUser) -> int:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if User.objects.filter(email=demo_user.email).exists():
        return 0
    user = User.objects.create_user(
        demo_user.email, DEMO_PASSWORD, full_name=demo_user.full_name, role=demo_user.role, local_authority=la,
        job_title=demo_user.job_title, is_fictional=True,
        school=School.objects.get(laestab=demo_user.school_laestab) if demo_user.school_laestab else None,
        agency=Agency.objects.get(local_authority=la, name=demo_user.agency_name) if demo_user.agency_name else None,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if demo_user.with_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(user.email))
        RecoveryCodes.activate(user)
    return 1


def _demo_children(la: LocalAuthority, count: int, *, seed: int = DEMO_SEED, area: Area = DEMOSHIRE) -> int:
    generator = PopulationGenerator(seed, area, on=dt.date(2026, 9, 1))
    rows = list(generator.children(count))
    sen_cycle = [SenStatus.NONE] * 7 + [SenStatus.SEN_SUPPORT, SenStatus.EHCP, SenStatus.UNKNOWN]
    children = Child.objects.bulk_create([
        Child(local_authority=la, first_name=row.first_name, middle_names=row.middle_names, last_name=row.last_name,
              date_of_birth=row.dob, sex=row.sex, upn=row.upn, ethnicity=row.ethnicity,
              sen_status=sen_cycle[index % len(sen_cycle)], looked_after=index % 37 == 0, is_fictional=True)
        for index, row in enumerate(rows)])
    ChildAddress.objects.bulk_create([
        ChildAddress(child=child, kind=AddressKind.HOME, line_1=row.address_line_1, town=row.town,
                     postcode=row.postcode, moved_in=row.dob)
        for child, row in zip(children, rows, strict=True)])
    return len(children)


UNPLACED_EVERY = 40  # one demo child in forty of school age is on no roll, for the data-matching demo


def _demo_rolls(la: LocalAuthority) -> int:
    """Each child of compulsory school age on the roll of a school for their age, from the
    start of their current school, except one in forty (the data-matching demo finds them)."""
    from cme.rules import school_age
    from cme.schools.models import Registration, RegistrationSource

    today = clock.today()
    primary = list(School.objects.filter(local_authority=la, phase=Phase.PRIMARY).order_by("laestab"))
    secondary = list(School.objects.filter(local_authority=la, phase=Phase.SECONDARY).order_by("laestab"))
    registrations = []
    for index, child in enumerate(Child.objects.filter(local_authority=la).order_by("id")):
        if not child.date_of_birth or not school_age.is_of_compulsory_school_age(child.date_of_birth, today):
            continue
        if index % UNPLACED_EVERY == 0:
            continue
        year = school_age.year_group_number(child.date_of_birth, today)
        schools, first_year = (primary, 0) if year <= 6 else (secondary, 7)
        school = schools[index % len(schools)]
        started = dt.date(school_age.academic_year_start(today) - (year - first_year), 9, 3)
        registrations.append(Registration(child=child, school=school, school_laestab=school.laestab,
                                          school_name=school.name, entry_date=started,
                                          source=RegistrationSource.ROLL_CSV))
    Registration.objects.bulk_create(registrations)
    return len(registrations)


def _demo_population_lists(la: LocalAuthority) -> int:
    """A GP list and a council-tax list of Demoshire's children, recorded with the errors
    real extracts have, plus children the council does not know; and a check of them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cme.linkage import services as linkage
    from cme.linkage.models import SourceKind
    from cme.synth.errors import ErrorMaker
    from cme.synth.lists import population_list_csv
    from cme.synth.population import SyntheticChild

    manager = User.objects.get(email=USERS[2].email)
    known = [SyntheticChild(id=str(child.pk), first_name=child.first_name, middle_names=child.middle_names,
                            last_name=child.last_name, dob=child.date_of_birth, sex=child.sex, upn=child.upn,
                            address_line_1=address.line_1 if address else "", town=address.town if address else "",
                            postcode=address.postcode if address else "", household=0, community="", ethnicity="")
             for child in Child.objects.filter(local_authority=la, date_of_birth__isnull=False)
             .prefetch_related("addresses").order_by("id")
             for address in [child.addresses.first()]]
    strangers = list(PopulationGenerator(DEMO_SEED + 5, DEMOSHIRE, on=dt.date(2026, 9, 1)).children(12))
    maker = ErrorMaker(seed=DEMO_SEED)
    gp = [maker.record(record, f"G{n}") for n, record in enumerate(known[::2] + strangers[:8])]
    council_tax = [maker.record(record, f"T{n}") for n, record in enumerate(known[1::3] + strangers[4:])]
    extract = clock.today() - dt.timedelta(days=7)
    datasets = []
    for name, kind, records, style in (("GP registrations, Demoshire (fictional)", SourceKind.HEALTH, gp, "health"),
                                       ("Council tax, Demoshire (fictional)", SourceKind.COUNCIL_TAX, council_tax,
                                        "council-tax")):
        upload = SimpleUploadedFile(f"{style}-extract.csv", population_list_csv(records, style), "text/csv")
        dataset = linkage.dataset_upload(user=manager, name=name, kind=kind, extract_date=extract, upload=upload)
        linkage.dataset_import(user=manager, dataset=dataset, mapping=dataset.column_mapping,
                               leave_out_problem_rows=True)
        datasets.append(dataset.pk)
    linkage.run_start(user=manager, dataset_ids=datasets, on=clock.today())
    return len(datasets)


def _referral_answers(*, first: str, last: str, dob: dt.date, sex: str, line_1: str, town: str, postcode: str,
                      referrer: DemoUser, school: str, current: tuple[int, ...], worry: str) -> dict:
    return {
        "child": {"first_name": first, "last_name": last, "date_of_birth": dob.isoformat(), "sex": sex,
                  "sen": "not-known", "child_in_care": "no"},
        "address": {"line_1": line_1, "town": town, "postcode": postcode},
        "carers": [{"name": f"Parent {last}", "relationship": "Parent", "phone": "07700 900123"}],
        "school": {"other_school": school, "date_last_attended": "2026-10-09"},
        "actions": {"whereabouts": {"outcome": "Asked friends and staff: nobody knows where the family is"},
                    "family": {"outcome": "Emergency contacts did not answer"},
                    "visit": {"outcome": "Visited: curtains drawn, post piling up"}},
        "indicators": {str(n): ({"answer": "yes", "status": "current"} if n in current else {"answer": "no"})
                       for n in range(1, 21)},
        "safeguarding": {"social_care_referral_considered": "yes" if current else "no",
                         "parental_consent": "not-applicable"},
        "assessment": {"working_well": "Attended well until the autumn half term", "worried_about": worry,
                       "next_steps": "Trace the family and secure a school place"},
        "referrer": {"name": referrer.full_name, "position": referrer.job_title, "organisation": school,
                     "phone": "01632 960200", "email": referrer.email},
    }


def _demo_referrals(la: LocalAuthority) -> int:
    """Referrals waiting in the triage queue, one of them about a child the team already
    knows under a nickname, so the matching can be seen at work."""
    from cme.referrals import services

    nicknames = {group[0]: group[1] for group in NICKNAME_GROUPS}
    known = next((c for c in Child.objects.filter(local_authority=la, is_fictional=True).order_by("pk")
                  if c.first_name.lower() in nicknames and c.addresses.exists()), None)
    generator = PopulationGenerator(DEMO_SEED + 1, DEMOSHIRE, on=dt.date(2026, 9, 1))
    newcomers = [row for row in generator.children(8) if 6 <= (dt.date(2026, 11, 1) - row.dob).days / 365.25 <= 15][:3]
    school_user, agency_user = USERS[3], USERS[5]
    plans = []
    if known is not None:
        address = known.addresses.first()
        plans.append((school_user, {"first": nicknames[known.first_name.lower()].capitalize(), "last": known.last_name,
                                        "dob": known.date_of_birth, "sex": known.sex, "line_1": address.line_1,
                                        "town": address.town, "postcode": address.postcode},
                      (10,), "The family left suddenly; the flat is empty"))
    plans += [
        (agency_user if index % 2 else school_user,
         {"first": row.first_name, "last": row.last_name, "dob": row.dob, "sex": row.sex, "line_1": row.address_line_1,
              "town": row.town, "postcode": row.postcode}, current, worry)
        for index, (row, current, worry) in enumerate(zip(newcomers, [(), (2, 9), (4,)], [
            "Not seen since moving into temporary accommodation", "Goes missing overnight; older associates",
            "Parent says the child is being taught at home but has not told the school in writing"], strict=False))
    ]
    made = 0
    for demo_user, child, current, worry in plans:
        user = User.objects.get(email=demo_user.email)
        organisation = str(user.organisation)
        services.referral_create_from_api(user=user, answers=_referral_answers(
            **child, referrer=demo_user, school=organisation, current=current, worry=worry))
        made += 1
    return made


def _demo_returns(la: LocalAuthority) -> int:
    """Deletion returns as schools send them: one with no known destination (an
    enquiry opens), one registered elsewhere (a task waits for the new school), one EHE
    notice; and a new-pupil return from the destination school."""
    from cme.schools import services

    staff = User.objects.get(email=USERS[3].email)  # Demoford Academy
    primary_staff = User.objects.get(email=USERS[4].email)  # Demoford Primary School
    generator = PopulationGenerator(DEMO_SEED + 2, DEMOSHIRE, on=dt.date(2026, 9, 1))
    rows = [row for row in generator.children(30) if 11 <= (dt.date(2026, 11, 1) - row.dob).days / 365.25 <= 15][:3]
    today = clock.today()
    destination = School.objects.get(laestab="9994002")
    plans = [("2024-9(1)(g)", {}), ("2024-9(1)(a)", {"destination_school_id": destination.pk,
                                                     "destination_start_date": today}),
             ("2024-9(1)(f)", {})]
    made = 0
    for row, (ground, details) in zip(rows, plans, strict=False):
        pupil = services.Pupil(first_name=row.first_name, last_name=row.last_name, date_of_birth=row.dob, sex=row.sex,
                               upn=row.upn, address_line_1=row.address_line_1, town=row.town, postcode=row.postcode,
                               parents=({"name": f"Parent {row.last_name}", "relationship": "Parent",
                                         "phone": "07700 900321"},))
        services.deletion_return_submit(school=staff.school, user=staff, pupil=pupil,
                                        details=services.DeletionDetails(ground_code=ground, deletion_date=today,
                                                                         **details))
        made += 1
    newcomer = next(generator.children(1))
    services.new_pupil_return_submit(
        school=primary_staff.school, user=primary_staff,
        pupil=services.Pupil(first_name=newcomer.first_name, last_name=newcomer.last_name,
                             date_of_birth=dt.date(2020, 3, 1), sex=newcomer.sex, address_line_1=newcomer.address_line_1,
                             town=newcomer.town, postcode=newcomer.postcode,
                             parents=({"name": f"Parent {newcomer.last_name}", "relationship": "Parent",
                                       "phone": "07700 900654"},)),
        entry=services.EntryDetails(entered_on=today - dt.timedelta(days=2), starting_day=today))
    return made + 1


def _demo_cases(la: LocalAuthority) -> int:
    """Cases at every stage, worked on through the casework services as officers would: enquiries
    answered and not, a home visit, needs, a school place being arranged, a child being monitored,
    a referral to the police, cases nobody has taken yet, and cases closed with their evidence."""
    from cme.cases import services
    from cme.cases.models import ActionMethod, ActionOutcome, PlacementKind, PlacementStatus
    from cme.children import services as children
    from cme.partners import services as partners
    from cme.partners.models import SharedField
    from cme.rules import dfe_return, school_age
    from cme.rules.case_lifecycle import EnquiryKind, Outcome

    officer, second, manager = (User.objects.get(email=USERS[i].email) for i in (0, 1, 2))
    today, now = clock.today(), clock.now()
    schools = {school.laestab: school for school in School.objects.filter(local_authority=la)}
    taken = set(Case.objects.filter(local_authority=la).values_list("child_id", flat=True))
    pool = [child for child in Child.objects.filter(local_authority=la, date_of_birth__isnull=False).order_by("id")
            if child.pk not in taken and school_age.is_of_compulsory_school_age(child.date_of_birth, today)]
    if len(pool) < 12:  # a demo loaded with very few children has no room for the casework examples
        return 0
    children_for = iter(pool[5::max(1, (len(pool) - 5) // 12)])

    def days_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def at(days: int, hour: int = 10) -> dt.datetime:
        return (now - dt.timedelta(days=days)).replace(hour=hour, minute=15, second=0, microsecond=0)

    def case(by, reason=dfe_return.UNKNOWN, started=30, allocate=True):
        child = next(children_for)
        if not child.contacts.exists():
            Contact.objects.create(child=child, first_name="Parent", last_name=child.last_name, relationship="Parent",
                                   phones=["07700 900" + f"{child.pk % 1000:03d}"])
        return services.case_open(child=child, opened_by=by, primary_reason=reason, start_date=days_ago(started),
                                  allocate_to_id=by.pk if allocate else None,
                                  summary="Opened after a call from the child's last school (demonstration)")

    def ask(case, by, kind, *, whom, outcome, answer="", days=3, method=ActionMethod.PHONE):
        enquiry = case.enquiries.filter(kind=kind).first()
        services.action_record(case=case, officer=by, enquiry=enquiry, occurred_at=at(days), method=method, whom=whom,
                               outcome=outcome, answer=answer)

    made = 0
    # Making enquiries, high risk, referred to the police, work overdue.
    worrying = case(officer, started=45)
    ask(worrying, officer, EnquiryKind.SCHOOL_RECORDS, whom="Head of year, Demoford Academy", days=40,
        outcome=ActionOutcome.SPOKE_TO_SOMEONE_ELSE, answer="Last attended 9 October; friends say they stay out late")
    ask(worrying, officer, EnquiryKind.CONTACT_NUMBER, whom="Parent, mobile", days=38, outcome=ActionOutcome.NO_ANSWER)
    services.indicators_save(case=worrying, officer=officer, answers={9: ("yes", "current"), 2: ("yes", "current")},
                             version=None)
    services.escalation_answers_save(case=worrying, officer=officer,
                                     answers={"police-older-associates": True}, version=None)
    services.escalation_record(case=worrying, officer=officer, agency="police", made_on=days_ago(37),
                               reference="DEMO/0042", reason="Associating with older adults; missing overnight")
    children.child_set_flags(user=officer, child=worrying.child, flags={"has_social_worker": True})
    made += 1
    # Located after a home visit; needs recorded.
    located = case(officer, started=20)
    ask(located, officer, EnquiryKind.SCHOOL_RECORDS, whom="Office manager, Fictonbridge High School", days=18,
        outcome=ActionOutcome.SPOKE_TO_SOMEONE_ELSE, answer="Family said to have moved across town")
    services.visit_record(case=located, officer=officer, visited_at=at(12, 16), visitors="Olu Officer",
                          address=str(located.child.addresses.first() or "Last known address"),
                          seen="The child and their mother", occupied="yes", neighbours="", notes="")
    located.refresh_from_db()
    services.case_set_whereabouts(case=located, officer=officer, known=True,
                                  where="At home with their mother, seen on a home visit", version=None)
    services.needs_record(case=located, officer=officer, version=None, sen="SEN support for reading", health="",
                          first_language="Polish", interpreter_needed=True, safeguarding="", other="",
                          child_flags={"new_arrival": True})
    made += 1
    # Partners asked: Demoshire's children's social care has a check waiting for its answer (agency@
    # answers it), and Othershire's CME team an enquiry about a family believed to have moved there.
    partners.check_send(case=worrying, officer=officer,
                        agency=Agency.objects.get(local_authority=la, kind=AgencyKind.SOCIAL_CARE),
                        team="Front door (fictional)", question="Is this child known to you, and do you know where "
                        "they are staying? Friends say they stay out overnight (demonstration).",
                        fields=[SharedField.NAME, SharedField.DATE_OF_BIRTH, SharedField.ADDRESS], school_days=5)
    moved = case(second, reason=dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA, started=15)
    ask(moved, second, EnquiryKind.SCHOOL_RECORDS, whom="Office manager, Demoford Academy", days=12,
        outcome=ActionOutcome.SPOKE_TO_SOMEONE_ELSE, answer="Mother told the office they were moving to Otherton")
    partners.enquiry_send(case=moved, officer=second,
                          council=Council.objects.get(code=demo_partners.OTHER_LA_CODE),
                          questions="Is this child on a school roll or known to you in Othershire? The family said "
                                    "they were moving to Otherton (demonstration).")
    made += 1
    # Multi-agency panels: last fortnight's, which discussed the worrying case and agreed an action, and
    # next week's, with the family believed to have moved on its list.
    people = [{"name": "Sam Social-Worker (fictional)",
               "agency_id": Agency.objects.get(local_authority=la, kind=AgencyKind.SOCIAL_CARE).pk,
               "role": "Team manager"},
              {"name": "PC Pat Patrol (fictional)",
               "agency_id": Agency.objects.get(local_authority=la, kind=AgencyKind.POLICE).pk,
               "role": "Missing persons coordinator"}]
    held = partners.panel_create(officer=manager, meets_on=days_ago(14), title="CME multi-agency panel",
                                 chair_id=manager.pk, attendees=people)
    partners.panel_record(item=partners.panel_add_case(panel=held, officer=manager, case=worrying), officer=manager,
                          decision="Police to share what they know of the adults the child is seen with; keep "
                                   "the case at high risk (demonstration)",
                          action="Visit the home again with a social worker", due_on=days_ago(-7),
                          owner_id=officer.pk)
    next_panel = partners.panel_create(officer=manager, meets_on=days_ago(-7), title="CME multi-agency panel",
                                       chair_id=manager.pk, attendees=people)
    partners.panel_add_case(panel=next_panel, officer=manager, case=moved)
    # A school place being arranged.
    arranging = case(second, reason=dfe_return.REASONS_BY_SLUG["school-application-awaiting-outcome"].code, started=25)
    services.case_set_whereabouts(case=arranging, officer=second, known=True, where="Living with an aunt",
                                  version=None)
    services.placement_record(case=arranging, officer=second, kind=PlacementKind.IN_YEAR_ADMISSION,
                              status=PlacementStatus.APPLIED, school_id=schools["9994002"].pk, applied_on=days_ago(6))
    made += 1
    # Placed and monitoring: two check-ins so far, and one ready to close.
    for by, checks in ((second, 2), (officer, 4)):
        placed = case(by, started=60)
        services.case_set_whereabouts(case=placed, officer=by, known=True, where="At home", version=None)
        placement = services.placement_record(case=placed, officer=by, kind=PlacementKind.IN_YEAR_ADMISSION,
                                              status=PlacementStatus.STARTED, school_id=schools["9994003"].pk,
                                              start_date=days_ago(7 * checks + 3))
        for week in range(checks):
            services.attendance_record(case=placed, officer=by, placement=placement,
                                       checked_on=days_ago(7 * (checks - week) - 4), attending="full", percent=95,
                                       told_by="Attendance officer, Notton Valley School", note="")
        made += 1
    # Nobody has taken these yet.
    for _ in range(2):
        case(manager, started=4, allocate=False)
        made += 1
    # Closed: one on roll after monitoring, one moved abroad.
    done = case(officer, started=120)
    services.case_set_whereabouts(case=done, officer=officer, known=True, where="At home", version=None)
    placement = services.placement_record(case=done, officer=officer, kind=PlacementKind.IN_YEAR_ADMISSION,
                                          status=PlacementStatus.STARTED, school_id=schools["9992001"].pk,
                                          start_date=days_ago(50))
    for week in range(4):
        services.attendance_record(case=done, officer=officer, placement=placement, checked_on=days_ago(45 - 7 * week),
                                   attending="full", percent=97, told_by="Head teacher", note="")
    done.refresh_from_db()
    services.case_close(case=done, officer=manager, outcome=Outcome.ON_ROLL_ATTENDING, version=None,
                        evidence="Attending every day for four weeks, confirmed by the head teacher (demonstration)")
    abroad = case(officer, reason=dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY, started=90)
    for kind, whom, answer in ((EnquiryKind.SCHOOL_RECORDS, "Head of year", "Said goodbye before moving to Spain"),
                               (EnquiryKind.BORDER_FORCE, "Border Force (fictional desk)", "Left the UK on a flight"),
                               (EnquiryKind.LOST_PUPIL_DATABASE, "School to School search", "Not found")):
        ask(abroad, officer, kind, whom=whom, outcome=ActionOutcome.KNOWN, answer=answer, days=80,
            method=ActionMethod.SECURE_MESSAGE)
    abroad.refresh_from_db()
    services.case_close(case=abroad, officer=officer, outcome=Outcome.MOVED_ABROAD, version=None,
                        evidence="Border Force confirmed the family left the UK (demonstration)")
    made += 2
    return made


HISTORY_CHILDREN = 1100


def _demo_history(la: LocalAuthority) -> int:
    """Two years of earlier cases (see `demo_history`), and two open cases whose records would
    make the DfE return wrong, for the return's checks to find."""
    from cme.cases import services

    today = clock.today()
    officers = list(User.objects.filter(local_authority=la, email__in=[USERS[i].email for i in (0, 1, 2)])
                    .values_list("pk", flat=True))
    children = demo_history.make_children(la.pk, HISTORY_CHILDREN, seed=DEMO_SEED + 7,
                                          on=today - dt.timedelta(days=365), schools=[row[0] for row in SCHOOLS])
    cases = demo_history.plan(children, officers=officers, today=today, months=30, seed=DEMO_SEED)
    made = services.earlier_cases_record(local_authority_id=la.pk, cases=cases, note=demo_history.HISTORY_NOTE)
    # The monthly run would have frozen the last few months' central records by now.
    for back in (3, 2, 1):
        snapshot_take(local_authority=la, month=statistics.add_months(today, -back), how="demo")
    census = statistics.latest_census_date(today)
    open_children = [case.child_id for case in cases if case.episodes[-1][1] is None and case.episodes[-1][0] <= census]
    if len(open_children) >= 2:
        Child.objects.filter(pk=open_children[0]).update(sex="U")
        Child.objects.filter(pk=open_children[1]).update(date_of_birth=today - dt.timedelta(days=round(17.2 * 365.25)))
    return made
