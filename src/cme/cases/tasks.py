"""Casework in the background: each officer's daily digest of work due and overdue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse

from cme.accounts.models import User
from cme.accounts.roles import Role
from cme.core import clock
from cme.core.notify import send_email

from .models import Task, TaskStatus
from .selectors import mine_q


def digest_for(user: User, today: dt.date) -> str | None:
    """The digest's text for one officer, or None if nothing is due. It names cases by reference
    and tasks by kind, never a child: email is not the place for a child's details."""
    tasks = (Task.objects.filter(local_authority_id=user.local_authority_id, status=TaskStatus.OPEN,
                                 due_on__lte=today).filter(mine_q(user))
             .select_related("case").order_by("due_on", "id"))
    overdue = [t for t in tasks if t.due_on < today]
    due = [t for t in tasks if t.due_on == today]
    if not overdue and not due:
        return None

    def line(t: Task) -> str:
        where = f"Case {t.case.reference}" if t.case_id else "No case"
        return f"- {where}: {t.get_kind_display()} (due {t.due_on:%-d %B %Y})"

    base = settings.CME_SERVICE_URL.rstrip("/")
    parts = [f"Good morning {user.full_name.split()[0]},", ""]
    if overdue:
        parts += [f"{len(overdue)} task{'s are' if len(overdue) != 1 else ' is'} overdue:", *map(line, overdue[:20]), ""]
    if due:
        parts += [f"{len(due)} task{'s are' if len(due) != 1 else ' is'} due today:", *map(line, due[:20]), ""]
    parts += [f"Your tasks: {base}{reverse('cases:tasks')}", "",
              "This email names no child. Sign in to CME Tracker to see the details."]
    return "\n".join(parts)


@task()
def send_digests() -> int:
    """One email to each active officer and manager with work due or overdue today."""
    today = clock.today()
    sent = 0
    officers = User.objects.filter(is_active=True, role__in=[Role.CME_OFFICER, Role.CME_MANAGER]).exclude(
        Q(email="") | Q(local_authority__isnull=True))
    for user in officers:
        body = digest_for(user, today)
        if body:
            send_email.enqueue(to=[user.email], subject=f"CME Tracker: your work for {today:%A %-d %B}", body=body)
            sent += 1
    return sent
