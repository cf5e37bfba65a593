"""The web application with the naive query shape, the baseline of `cme bench caseload`: the
same pages, but every select_related and prefetch_related switched off, so each row's child,
officer and council (and the signed-in user's council) is read by a query of its own, as
pages are first written. Served by gunicorn beside the real application in the same run;
never used by the service."""

from django.db.models import QuerySet

from cme.config.wsgi import application


def _unchanged(self, *fields):
    return self._chain()


QuerySet.select_related = _unchanged
QuerySet.prefetch_related = _unchanged

__all__ = ["application"]
