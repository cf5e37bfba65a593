"""`cme api_token`: API tokens for partner systems.

    cme api_token create --user EMAIL --name "School MIS"   prints the token once
    cme api_token list [--user EMAIL]
    cme api_token revoke PREFIX
"""

from __future__ import annotations

from django.core.management.base import CommandError

from cme.accounts.models import ApiToken, User
from cme.accounts.tokens import token_create, token_revoke
from cme.core.commands import QuickCommand


class Command(QuickCommand):
    help = "Create, list and revoke API tokens"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create")
        create.add_argument("--user", required=True)
        create.add_argument("--name", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--user")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, command, **options):
        if command == "create":
            user = User.objects.filter(email=options["user"].lower()).first()
            if user is None:
                raise CommandError(f"No user with the email address {options['user']}")
            if not user.role:
                raise CommandError(f"{user.email} has no role, so a token for them could do nothing")
            _, key = token_create(user=user, name=options["name"])
            self.stdout.write(f"{key}\nKeep this token secret: it is shown only now.")
        elif command == "list":
            tokens = ApiToken.objects.select_related("user")
            if options.get("user"):
                tokens = tokens.filter(user__email=options["user"].lower())
            for token in tokens:
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}  {token.name}  {token.user.email}  {state}")
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token with the prefix {options['prefix']}")
            token_revoke(token=token)
            self.stdout.write(f"Revoked {token}")
