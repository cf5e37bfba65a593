"""The partners app's answers to the layers below it (docs/adr/0005-layers.md, 0009)."""

from __future__ import annotations

from django.urls import reverse

from cme.accounts.models import Council, User
from cme.cases.models import Case
from cme.children.events import Elsewhere, KnownElsewhereWanted
from cme.core import clock
from cme.core.events import handles
from cme.referrals.events import CouncilEnquiriesWanted, PassedOn, ReferralPassedOn, WaitingEnquiry
from cme.referrals.models import Referral
from cme.schools.events import PupilsReportedMissing

from . import selectors, services


@handles(ReferralPassedOn)
def pass_referral_on(event: ReferralPassedOn) -> PassedOn:
    referral = Referral.objects.get(pk=event.referral_id)
    council = Council.objects.get(pk=event.council_id)
    officer = User.objects.get(pk=event.officer_id)
    sent, how = services.enquiry_from_referral(referral=referral, council=council, officer=officer, note=event.note)
    return PassedOn(sent=sent, how=("queue" if council.local_authority_id else "email") if sent else "", text=how)


@handles(KnownElsewhereWanted)
def known_elsewhere(question: KnownElsewhereWanted) -> list[Elsewhere]:
    user = User.objects.get(pk=question.user_id)
    return services.known_elsewhere(user=user, first_name=question.first_name, last_name=question.last_name,
                                    date_of_birth=question.date_of_birth, upn=question.upn, about=question.about,
                                    names=question.names)


@handles(CouncilEnquiriesWanted)
def waiting_enquiries(question: CouncilEnquiriesWanted) -> list[WaitingEnquiry]:
    user = User.objects.select_related("local_authority").get(pk=question.user_id)
    return [WaitingEnquiry(reference=e.reference, url=reverse("partners:enquiry", args=[e.pk]),
                           from_council=e.from_la.name, child=tuple((str(k), str(v)) for k, v in e.child.items()),
                           questions=e.questions, sent_at=e.sent_at, status=e.get_status_display())
            for e in selectors.waiting_for_triage(user=user, search=question.search, request=question.request)]


@handles(PupilsReportedMissing)
def lost_pupil_ctf(event: PupilsReportedMissing) -> int:
    """The lost-pupil (or MMM) CTF on each child's CTF trail, on the case casework's own handler
    opened or found for it (its handler runs first: `cme.cases` comes before `cme.partners` in
    INSTALLED_APPS).
    Opens no enquiry of its own, so it counts none."""
    if event.destination not in ("lost", "outside-maintained-or-abroad"):
        return 0
    for case in Case.objects.open().filter(child_id__in=event.child_ids).select_related("child"):
        services.ctf_from_transfer_file(case=case, lost=event.destination == "lost", on=event.made_on or clock.today(),
                                        sender=event.sender, file_name=event.file_name)
    return 0
