"""The domain rules as this deployment has configured them (settings marked [U] in
domain.md are choices, made here once)."""

from __future__ import annotations

from django.conf import settings

from cme.rules import dfe_return, school_age, upn
from cme.rules.risk_indicators import RiskLevel


def upn_la_codes() -> frozenset[str]:
    """DfE LA numbers accepted in UPNs, plus any a deployment adds (the fictional 999
    of the demonstration council)."""
    return upn.DEFAULT_LA_CODES | frozenset(settings.CME_EXTRA_LA_CODES)


def validate_upn(value: str) -> upn.UpnResult:
    return upn.validate(value, upn_la_codes())


def leaving_rule() -> school_age.LeavingRule:
    return school_age.LeavingRule(mode=school_age.LeavingRuleMode(settings.CME_SCHOOL_LEAVING_RULE))


def duration_policy() -> dfe_return.DurationPolicy:
    """Where each DfE duration band starts, in days (domain.md §10.3 leaves the boundaries
    unstated: CME_DURATION_BANDS_DAYS, default 14,28,56,84,182,364)."""
    return dfe_return.DurationPolicy(tuple(settings.CME_DURATION_BANDS_DAYS))


def flag_risk() -> dict[str, RiskLevel]:
    """What each safeguarding flag raises a case's risk to (CME_RISK_FROM_FLAGS; checked at start-up)."""
    return {flag: RiskLevel(level) for flag, level in settings.CME_RISK_FROM_FLAGS.items()}
