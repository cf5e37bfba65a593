"""The demonstration council's accounts: who they are, their shared password and their
authenticator codes. Nothing here needs Django or the database, so `cme demo code EMAIL`
answers at once. Every account is fictional; the demo never loads in production."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import struct
from dataclasses import dataclass

from cme.accounts.roles import Role
from cme.core import clock

DEMO_LA_CODE = "999"
DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - published on purpose, demo accounts only
DEMO_SEED = 2026
DEMO_CHILDREN = 300
EMAIL_DOMAIN = "demoshire.example"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    job_title: str
    school_laestab: str | None = None
    agency_name: str | None = None
    with_mfa: bool = True


USERS = (
    DemoUser(f"officer@{EMAIL_DOMAIN}", "Olu Officer", Role.CME_OFFICER, "CME officer"),
    DemoUser(f"officer2@{EMAIL_DOMAIN}", "Priya Tracer", Role.CME_OFFICER, "CME officer"),
    DemoUser(f"manager@{EMAIL_DOMAIN}", "Morgan Manager", Role.CME_MANAGER, "Pupil services manager (named officer)"),
    DemoUser(f"school@{EMAIL_DOMAIN}", "Sam Schooladmin", Role.SCHOOL_USER, "Attendance officer",
             school_laestab="9994001"),
    DemoUser(f"school2@{EMAIL_DOMAIN}", "Pat Primary", Role.SCHOOL_USER, "School business manager",
             school_laestab="9992001"),
    DemoUser(f"agency@{EMAIL_DOMAIN}", "Alex Agency", Role.AGENCY_USER, "Social worker",
             agency_name="Demoshire Children's Social Care"),
    DemoUser(f"auditor@{EMAIL_DOMAIN}", "Aud Itor", Role.AUDITOR, "Information governance officer"),
    DemoUser(f"admin@{EMAIL_DOMAIN}", "Ada Admin", Role.ADMINISTRATOR, "Systems administrator"),
    DemoUser(f"newstarter@{EMAIL_DOMAIN}", "Nia Newstarter", Role.CME_OFFICER, "CME officer (new)", with_mfa=False),
)


# The second fictional council on the same deployment (cme.ops.demo_partners), for transfers.
OTHER_DOMAIN = "othershire.example"
OTHER_USERS = (
    DemoUser(f"officer@{OTHER_DOMAIN}", "Omar Otherton", Role.CME_OFFICER, "CME officer"),
    DemoUser(f"manager@{OTHER_DOMAIN}", "Mina Othermanager", Role.CME_MANAGER, "Named officer for CME"),
)


def demo_totp_secret(email: str) -> str:
    """A fixed authenticator secret for a demo account, so testers can make codes."""
    digest = hashlib.sha256(f"cme-tracker-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def demo_totp_code(email: str, at: dt.datetime | None = None) -> str:
    """The authenticator app's code for a demo account now (RFC 6238: HMAC-SHA1, 30 seconds, 6 digits,
    as django-allauth checks it)."""
    moment = at or clock.now()
    counter = int(moment.timestamp()) // 30
    digest = hmac.new(base64.b32decode(demo_totp_secret(email)), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"
