"""factory_boy factories. Personal details come from Faker en_GB and every record is
marked fictional."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cme.accounts.models import Agency, AgencyKind, LocalAuthority, User
from cme.accounts.roles import Role
from cme.children.models import Child, ChildAddress
from cme.schools.models import EstablishmentType, Phase, School

factory.Faker._DEFAULT_LOCALE = "en_GB"
TEST_PASSWORD = "a-long-test-password-1"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{990 - n % 90:03d}")
    name = factory.LazyAttribute(lambda o: f"Testshire {o.code} Council")
    ons_code = factory.LazyAttribute(lambda o: f"E10000{o.code}")
    cme_contact_email = factory.LazyAttribute(lambda o: f"cme@la{o.code}.example")
    cme_contact_phone = "01632 960002"
    social_care_phone = "01632 960003"
    postcode_districts = "TE1 TE2"
    is_fictional = True


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Test School {n}")
    laestab = factory.LazyAttributeSequence(lambda o, n: f"{o.local_authority.code}{2000 + n:04d}")
    urn = factory.Sequence(lambda n: f"{980000 + n:06d}")
    phase = Phase.SECONDARY
    establishment_type = EstablishmentType.ACADEMY
    is_fictional = True


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Test Agency {n}")
    kind = AgencyKind.SOCIAL_CARE
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Faker("name")
    role = Role.CME_OFFICER
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    school = None
    agency = None
    is_fictional = True
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """An authenticator app is set up unless mfa=False; the secret is kept on the
        object as `totp_secret` so tests can make codes."""
        self.save()
        if create and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


def user_with_role(role: Role, la: LocalAuthority, **kwargs) -> User:
    if role is Role.SCHOOL_USER and "school" not in kwargs:
        kwargs["school"] = SchoolFactory(local_authority=la)
    if role is Role.AGENCY_USER and "agency" not in kwargs:
        kwargs["agency"] = AgencyFactory(local_authority=la)
    return UserFactory(role=role, local_authority=la, **kwargs)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_between", start_date=dt.date(2011, 9, 1), end_date=dt.date(2020, 8, 31))
    sex = factory.Iterator(["F", "M"])
    is_fictional = True


class ChildAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildAddress

    child = factory.SubFactory(ChildFactory)
    line_1 = factory.Faker("street_address")
    town = factory.Faker("city")
    postcode = factory.Faker("postcode")


# -- records made through the services, as the service makes them ---------------------------

def open_case(*, officer, child=None, primary_reason: int = 18, start_date: dt.date | None = None, allocate: bool = True,
              **child_fields):
    """A CME case an officer opened, with its enquiries, risk and tasks, through cme.cases.services."""
    from cme.cases import services

    child = child or ChildFactory(local_authority=officer.local_authority, **child_fields)
    return services.case_open(child=child, opened_by=officer, primary_reason=primary_reason,
                              start_date=start_date or dt.date(2026, 10, 1),
                              allocate_to_id=officer.pk if allocate else None)


def deletion_return(*, school_user, pupil=None, ground: str = "2024-9(1)(h)", day: dt.date | None = None, **details):
    """A school's deletion return, sent through cme.schools.services (and acted on by casework)."""
    from cme.schools import services

    pupil = pupil or services.Pupil(first_name="Fictional", last_name="Returnchild", date_of_birth=dt.date(2013, 5, 17),
                                    sex="F", address_line_1="1 Imaginary Road", town="Testford", postcode="TE1 1AA")
    return services.deletion_return_submit(school=school_user.school, user=school_user, pupil=pupil, details=(
        services.DeletionDetails(ground_code=ground, deletion_date=day or dt.date(2026, 11, 20), **details)))
