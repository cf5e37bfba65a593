"""`cme rules ...`: the domain rules from the command line, as JSON.

    cme rules school-age --dob YYYY-MM-DD [--on YYYY-MM-DD] [--rule september-cohort|statute-literal]
    cme rules upn UPN
    cme rules deletion-grounds [--on YYYY-MM-DD]
    cme rules school-days --from YYYY-MM-DD --to YYYY-MM-DD --terms FILE.json
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cme.core.rules_config import validate_upn
from cme.rules import deletion_grounds, school_age
from cme.rules.dates import DateError, parse_iso_date
from cme.rules.school_calendar import CalendarRangeError, SchoolCalendar


def _date(value: str):
    try:
        return parse_iso_date(value)
    except DateError as error:
        raise CommandError(str(error), returncode=2) from None


class Command(BaseCommand):
    help = "Apply the CME domain rules and print JSON"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
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

    def handle(self, *args, **options):
        handler = getattr(self, "_" + options["command"].replace("-", "_"))
        handler(options)

    def _print(self, data: dict) -> None:
        self.stdout.write(json.dumps(data))

    def _school_age(self, options):
        dob = _date(options["dob"])
        mode = school_age.LeavingRuleMode(options["leaving_rule"] or settings.CME_SCHOOL_LEAVING_RULE)
        rule = school_age.LeavingRule(mode=mode)
        result = school_age.school_age(dob, rule)
        data = {"dob": dob.isoformat(), "starts": result.starts.isoformat(), "ends": result.ends.isoformat()}
        if options["on"]:
            on = _date(options["on"])
            data["of_compulsory_school_age"] = result.on(on)
            data["year_group"] = school_age.year_group(dob, on)
        self._print(data)

    def _upn(self, options):
        result = validate_upn(options["value"])
        self._print(result.as_dict())
        if not result.valid:
            sys.stdout.flush()
            sys.exit(1)

    def _deletion_grounds(self, options):
        import datetime as dt

        on = _date(options["on"]) if options["on"] else dt.date.today()
        try:
            grounds = deletion_grounds.grounds_in_force(on)
        except deletion_grounds.NoGroundsError as error:
            raise CommandError(str(error), returncode=2) from None
        self._print({"on": on.isoformat(), "regulations": grounds[0].regulations.value, "grounds": [
            {"code": g.code, "paragraph": g.paragraph, "title": g.title, "summary": g.summary,
             "joint_enquiries_required": g.joint_enquiries_required, "next_step": g.next_step.value}
            for g in grounds]})

    def _school_days(self, options):
        try:
            with open(options["terms"]) as handle:
                spec = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read the terms file {options['terms']}: {error}", returncode=2) from None
        try:
            calendar = SchoolCalendar.build([(_date(a), _date(b)) for a, b in spec["terms"]],
                                            closures=[_date(d) for d in spec.get("closures", [])])
            start, end = _date(options["start"]), _date(options["end"])
            self._print({"from": start.isoformat(), "to": end.isoformat(),
                         "school_days": calendar.school_days_between(start, end)})
        except (KeyError, TypeError, ValueError) as error:
            code = 1 if isinstance(error, CalendarRangeError) else 2
            raise CommandError(str(error), returncode=code) from None
