"""What the monthly central record holds: every case open at the month's end, with its state,
reason, dates and flags. Computed here; frozen by `services.snapshot_take`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import connection

from cme.core.rules_config import duration_policy
from cme.rules import school_age, statistics
from cme.rules.dfe_return import REASONS_BY_CODE

COLUMNS = (
    "Case reference", "Last name", "First name", "Date of birth", "Sex", "UPN", "Year group", "Postcode",
    "State", "Whereabouts known", "DfE primary reason", "Episode started", "Days missing", "Duration band",
    "Risk", "Officer", "Source", "Last school", "In care", "Child protection plan", "Has a social worker",
    "SEN", "Gypsy, Roma or Traveller family", "Armed Forces family", "New to the country",
    "In temporary accommodation",
)
SEX = {"F": "Female", "M": "Male"}
SEN = {"sen-support": "SEN support", "ehcp": "EHC plan", "none": "None", "unknown": "Not known"}


def central_record(local_authority_id: int, as_at: dt.date) -> list[list]:
    """One row per case open at the end of `as_at`, oldest episode first. Dates are ISO text
    so the frozen rows are plain JSON."""
    from cme.cases.models import CaseSource, CaseState, RiskLevel

    states, risks, sources = dict(CaseState.choices), dict(RiskLevel.choices), dict(CaseSource.choices)
    policy = duration_policy()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, ch.last_name, ch.first_name, ch.date_of_birth, ch.sex, ch.upn,"
            " (SELECT a.postcode FROM children_childaddress a WHERE a.child_id = ch.id AND a.moved_out IS NULL"
            "  ORDER BY a.moved_in DESC NULLS LAST, a.id DESC LIMIT 1),"
            " c.state, c.whereabouts_known, c.primary_reason, p.started_on, c.risk_level,"
            " coalesce(u.full_name, ''), c.source, ch.last_school, ch.looked_after, ch.child_protection_plan,"
            " ch.has_social_worker, ch.sen_status, ch.gypsy_roma_traveller, ch.service_family, ch.new_arrival,"
            " ch.temporary_accommodation, p.ended_on "
            "FROM cases_caseperiod p JOIN cases_case c ON c.id = p.case_id JOIN children_child ch ON ch.id = c.child_id "
            "LEFT JOIN accounts_user u ON u.id = c.allocated_to_id "
            "WHERE c.local_authority_id = %s AND p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on > %s) "
            "ORDER BY p.started_on, c.id", [local_authority_id, as_at, as_at])
        rows = []
        for (case_id, last, first, dob, sex, upn, postcode, state, known, reason, started, risk, officer, source,
             school, in_care, cp, sw, sen, grt, service, arrival, temporary, ended) in cursor.fetchall():
            # A case closed since the month ended was open then: its state that day was "open".
            shown_state = states.get(state, state) if ended is None else "Open then (closed since)"
            rows.append([
                f"CME{case_id:06d}", last, first, _iso(dob), SEX.get(sex, "Not known"), upn,
                (school_age.year_group(dob, as_at) or "Outside school ages") if dob else "Not known",
                postcode or "", shown_state, "Yes" if known else "No",
                REASONS_BY_CODE[reason].label if reason in REASONS_BY_CODE else "Not recorded", _iso(started),
                (as_at - started).days, statistics.duration_band(started, as_at, policy).value,
                risks.get(risk, risk), officer or "Not allocated", sources.get(source, source), school,
                _yes(in_care), _yes(cp), _yes(sw), SEN.get(sen, sen), _yes(grt), _yes(service), _yes(arrival),
                _yes(temporary),
            ])
        return rows


def checksum(columns: list[str] | tuple[str, ...], rows: list[list]) -> str:
    canonical = json.dumps({"columns": list(columns), "rows": rows}, separators=(",", ":"), ensure_ascii=False,
                           sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"
