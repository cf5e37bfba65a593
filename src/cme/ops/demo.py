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

from cme.accounts.models import Agency, AgencyKind, LocalAuthority, User
from cme.children.models import AddressKind, Child, ChildAddress, SenStatus
from cme.linkage.models import PopulationDataset
from cme.referrals.models import Referral
from cme.rules.names import NICKNAME_GROUPS
from cme.schools.models import ClosureDay, DeletionReturn, EstablishmentType, Phase, School, Term
from cme.synth.population import DEMOSHIRE, PopulationGenerator

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
    if not Child.objects.filter(local_authority=la, is_fictional=True).exists():
        created["children"] = _demo_children(la, children)
        created["registrations"] = _demo_rolls(la)
    if not Referral.objects.filter(local_authority=la).exists():
        created["referrals"] = _demo_referrals(la)
    if not DeletionReturn.objects.filter(local_authority=la).exists():
        created["school_returns"] = _demo_returns(la)
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


def _demo_children(la: LocalAuthority, count: int) -> int:
    generator = PopulationGenerator(DEMO_SEED, DEMOSHIRE, on=dt.date(2026, 9, 1))
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

    today = dt.date.today()
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
    extract = dt.date.today() - dt.timedelta(days=7)
    datasets = []
    for name, kind, records, style in (("GP registrations, Demoshire (fictional)", SourceKind.HEALTH, gp, "health"),
                                       ("Council tax, Demoshire (fictional)", SourceKind.COUNCIL_TAX, council_tax,
                                        "council-tax")):
        upload = SimpleUploadedFile(f"{style}-extract.csv", population_list_csv(records, style), "text/csv")
        dataset = linkage.dataset_upload(user=manager, name=name, kind=kind, extract_date=extract, upload=upload)
        linkage.dataset_import(user=manager, dataset=dataset, mapping=dataset.column_mapping,
                               leave_out_problem_rows=True)
        datasets.append(dataset.pk)
    linkage.run_start(user=manager, dataset_ids=datasets, on=dt.date.today())
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
    today = dt.date.today()
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
