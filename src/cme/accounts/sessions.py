"""Django's database sessions, unchanged but for how the session is read on every request: by a
query compiled once per database connection (cme.core.fixed), not built and compiled each time.
The same row is read under the same condition (the key, and not yet expired)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends import db

from cme.core import clock
from cme.core.fixed import FixedQuery


def _live_session(session_key: str, now: dt.datetime):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


LIVE_SESSION = FixedQuery(_live_session, "cme-fixed-query-stand-in",
                          dt.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=dt.UTC))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = LIVE_SESSION(self.session_key, clock.now())
        if found:
            return found[0]
        self._session_key = None
        return None
