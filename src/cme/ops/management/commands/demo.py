"""`cme demo`: load the fictional Demoshire local authority (idempotent).

    cme demo                 load it (again: nothing changes)
    cme demo sign-ins        list the demo accounts
    cme demo code EMAIL      the current authenticator code for a demo account
"""

from __future__ import annotations

from django.core.management.base import CommandError

from cme.core.commands import QuickCommand
from cme.ops import demo
from cme.ops.demo_accounts import OTHER_USERS


class Command(QuickCommand):
    help = "Load the fictional Demoshire local authority, or show its sign-ins"

    def add_arguments(self, parser):
        parser.add_argument("what", nargs="?", choices=["load", "sign-ins", "code"], default="load")
        parser.add_argument("email", nargs="?")
        parser.add_argument("--children", type=int, default=demo.DEMO_CHILDREN)

    def handle(self, *args, what, email, children, **options):
        if what == "code":
            accounts = (*demo.USERS, *OTHER_USERS)
            if not email or not any(u.email == email for u in accounts):
                raise CommandError("Give the email address of a demo account: " + ", ".join(u.email for u in accounts))
            self.stdout.write(demo.demo_totp_code(email))
            return
        if what == "load":
            created = demo.demo_load(children=children)
            made = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in created.items() if count)
            self.stdout.write(f"Demoshire (fictional) is loaded. Created this time: {made or 'nothing, it was there'}.")
            return
        self.stdout.write(sign_ins_text())


def sign_ins_text() -> str:
    lines = ["Demo sign-ins (every account and record is fictional):", f"  password for all: {demo.DEMO_PASSWORD}"]
    for user in demo.USERS:
        mfa = "authenticator code: cme demo code " + user.email if user.with_mfa else "sets up MFA at first sign-in"
        lines.append(f"  {user.email:<32} {user.role.label:<30} {mfa}")
    lines.append("  Othershire Council (fictional, the second council on this deployment, for transfers):")
    for user in OTHER_USERS:
        lines.append(f"  {user.email:<32} {user.role.label:<30} authenticator code: cme demo code {user.email}")
    return "\n".join(lines)
