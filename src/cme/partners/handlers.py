"""The partners app's answers to the layers below it (docs/adr/0005-layers.md, 0009)."""

from __future__ import annotations

from django.urls import reverse

from cme.accounts.models import Council, User
from cme.children.events import Elsewhere, KnownElsewhereWanted
from cme.core.events import handles
from cme.referrals.events import CouncilEnquiriesWanted, PassedOn, ReferralPassedOn, WaitingEnquiry
from cme.referrals.models import Referral

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
                                    date_of_birth=question.date_of_birth, upn=question.upn, about=question.about)


@handles(CouncilEnquiriesWanted)
def waiting_enquiries(question: CouncilEnquiriesWanted) -> list[WaitingEnquiry]:
    user = User.objects.select_related("local_authority").get(pk=question.user_id)
    return [WaitingEnquiry(reference=e.reference, url=reverse("partners:enquiry", args=[e.pk]),
                           from_council=e.from_la.name, child=tuple((str(k), str(v)) for k, v in e.child.items()),
                           questions=e.questions, sent_at=e.sent_at, status=e.get_status_display())
            for e in selectors.waiting_for_triage(user=user, search=question.search, request=question.request)]
