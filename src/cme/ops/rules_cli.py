"""`cme rules ...`: the domain rules from the command line, as JSON. It needs neither Django
nor the database, so `cme` runs it before starting either (it answers in a fraction of a
second); the settings it reads come from the same environment variables as the service's.

    cme rules school-age --dob YYYY-MM-DD [--on YYYY-MM-DD] [--rule september-cohort|statute-literal]
    cme rules upn UPN
    cme rules deletion-grounds [--on YYYY-MM-DD]
    cme rules school-days --from YYYY-MM-DD --to YYYY-MM-DD --terms FILE.json

Exit status: 0 done; 1 the answer is "no" (an invalid UPN, a date outside the terms);
2 the command was given something it cannot read, said in one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from cme.config import env
from cme.core import clock
from cme.rules import deletion_grounds, school_age, upn
from cme.rules.dates import DateError, parse_iso_date
from cme.rules.school_calendar import CalendarRangeError, SchoolCalendar


class Refused(Exception):
    """One line for stderr, and the exit status."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def _date(value: str):
    try:
        return parse_iso_date(value)
    except DateError as error:
        raise Refused(str(error)) from None


def upn_la_codes() -> frozenset[str]:
    """As cme.core.rules_config, from the environment: the DfE list, plus the demo's 999 outside production."""
    production = env.text("CME_ENVIRONMENT", "development") == "production"
    demo = env.flag("CME_DEMO", not production)
    return upn.DEFAULT_LA_CODES | frozenset(env.listing("CME_EXTRA_LA_CODES", ["999"] if demo else []))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cme rules", description="Apply the CME domain rules and print JSON")
    sub = top.add_subparsers(dest="command", required=True)
    age = sub.add_parser("school-age", help="compulsory school age from a date of birth")
    age.add_argument("--dob", required=True, help="date of birth, YYYY-MM-DD")
    age.add_argument("--on", help="also say whether the child is of compulsory school age on this date")
    age.add_argument("--rule", dest="leaving_rule", choices=[m.value for m in school_age.LeavingRuleMode],
                     help="how to read s8(3) for 16th birthdays early in September")
    check = sub.add_parser("upn", help="check a unique pupil number")
    check.add_argument("value", metavar="UPN")
    grounds = sub.add_parser("deletion-grounds", help="the deletion grounds in force on a date")
    grounds.add_argument("--on", help="YYYY-MM-DD (default: today)")
    days = sub.add_parser("school-days", help="count school days between two dates")
    days.add_argument("--from", dest="start", required=True)
    days.add_argument("--to", dest="end", required=True)
    days.add_argument("--terms", required=True,
                      help='JSON file: {"terms": [["YYYY-MM-DD", "YYYY-MM-DD"], ...], "closures": [...]}')
    return top


def answer(options: argparse.Namespace) -> tuple[dict, int]:
    """The JSON to print and the exit status."""
    if options.command == "school-age":
        dob = _date(options.dob)
        mode = school_age.LeavingRuleMode(options.leaving_rule or env.text("CME_SCHOOL_LEAVING_RULE",
                                                                           "september-cohort"))
        result = school_age.school_age(dob, school_age.LeavingRule(mode=mode))
        data = {"dob": dob.isoformat(), "starts": result.starts.isoformat(), "ends": result.ends.isoformat()}
        if options.on:
            on = _date(options.on)
            data["of_compulsory_school_age"] = result.on(on)
            data["year_group"] = school_age.year_group(dob, on)
        return data, 0
    if options.command == "upn":
        result = upn.validate(options.value, upn_la_codes())
        return result.as_dict(), 0 if result.valid else 1
    if options.command == "deletion-grounds":
        on = _date(options.on) if options.on else clock.today()
        try:
            grounds = deletion_grounds.grounds_in_force(on)
        except deletion_grounds.NoGroundsError as error:
            raise Refused(str(error)) from None
        return {"on": on.isoformat(), "regulations": grounds[0].regulations.value, "grounds": [
            {"code": g.code, "paragraph": g.paragraph, "title": g.title, "summary": g.summary,
             "joint_enquiries_required": g.joint_enquiries_required, "next_step": g.next_step.value}
            for g in grounds]}, 0
    try:
        with open(options.terms) as handle:
            spec = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise Refused(f"Cannot read the terms file {options.terms}: {error}") from None
    try:
        calendar = SchoolCalendar.build([(_date(a), _date(b)) for a, b in spec["terms"]],
                                        closures=[_date(d) for d in spec.get("closures", [])])
        start, end = _date(options.start), _date(options.end)
        return {"from": start.isoformat(), "to": end.isoformat(),
                "school_days": calendar.school_days_between(start, end)}, 0
    except (KeyError, TypeError, ValueError) as error:
        raise Refused(str(error), 1 if isinstance(error, CalendarRangeError) else 2) from None


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        options = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed its usage message
        return int(exit_.code or 0)
    try:
        data, status = answer(options)
    except Refused as refusal:
        print(f"cme rules: {refusal}", file=stderr)
        return refusal.status
    print(json.dumps(data), file=stdout)
    return status
