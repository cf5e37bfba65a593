"""The demo's partners: a second fictional council on the same deployment (Othershire, LA
number 996, which no council has), a third that is only in the directory and is reached by
email (Elsewhere, 995), and the directory entries of both and of Demoshire, so an agency
check and a transfer between councils can be tried end to end. Everything is made up."""

from __future__ import annotations

from collections.abc import Callable

from cme.accounts.models import Council, LocalAuthority
from cme.schools.models import Term

from .demo_accounts import OTHER_DOMAIN, OTHER_USERS, DemoUser

OTHER_LA_CODE = "996"
ELSEWHERE_CODE = "995"


def partners_load(home: LocalAuthority, *, terms: tuple, add_user: Callable[[LocalAuthority, DemoUser], int],
                  home_domain: str) -> dict[str, int]:
    created = {"councils": 0, "other_council_users": 0}
    other, made = LocalAuthority.objects.get_or_create(code=OTHER_LA_CODE, defaults={
        "name": "Othershire Council", "ons_code": "E06999996", "is_fictional": True,
        "cme_contact_name": "Othershire Children Missing Education Team",
        "cme_contact_email": f"cme@{OTHER_DOMAIN}", "cme_contact_phone": "01632 960201",
        "cme_contact_address": "Civic Centre, 2 Pretend Street, Otherton, OT1 1AA", "postcode_districts": "OT1 OT2"})
    created["councils"] += made
    for name, starts, ends in terms:
        Term.objects.get_or_create(local_authority=other, school=None, name=name,
                                   defaults={"starts": starts, "ends": ends})
    for user in OTHER_USERS:
        created["other_council_users"] += add_user(other, user)
    entries = (
        (home.code, home.name, home, f"cme@{home_domain}", "01632 960001",
         "County Hall, 1 Imaginary Way, Demoford, DM1 1AA"),
        (OTHER_LA_CODE, other.name, other, f"cme@{OTHER_DOMAIN}", "01632 960201",
         "Civic Centre, 2 Pretend Street, Otherton, OT1 1AA"),
        (ELSEWHERE_CODE, "Elsewhere Borough Council", None, "cme@elsewhere.example", "01632 960301",
         "Town Hall, 3 Nowhere Road, Elsewhere, EW1 1AA"),
    )
    for code, name, la, email, phone, address in entries:
        _, made = Council.objects.update_or_create(code=code, defaults={
            "name": name, "local_authority": la, "is_fictional": True, "current": True,
            "source": "Demo data: fictional council", "cme_team_email": email, "cme_team_phone": phone,
            "cme_team_address": address})
        created["councils"] += made
    return created
