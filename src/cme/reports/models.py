"""The frozen monthly record. A snapshot is written once and never changed: a database
trigger refuses updates and deletes. A correction is a new version that names the one it
replaces."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Scope


class Snapshot(models.Model):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month the record is for")
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    correction_reason = models.TextField(blank=True)
    as_at = models.DateField(help_text="The day the figures describe: the month's last day")
    taken_at = models.DateTimeField()
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    taken_how = models.CharField(max_length=40)  # "schedule", "command", "page"
    columns = models.JSONField()
    rows = models.JSONField()
    row_count = models.PositiveIntegerField()
    checksum = models.CharField("SHA-256 of the rows", max_length=64)

    class Meta:
        ordering = ["-month", "-version"]
        constraints = [models.UniqueConstraint(fields=["local_authority", "month", "version"],
                                               name="one_snapshot_version_a_month")]
        triggers = [pgtrigger.Protect(name="snapshots_are_frozen", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} (version {self.version})"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id)

    @property
    def title(self) -> str:
        return f"Central record for {self.month:%B %Y}" + (f", version {self.version}" if self.version > 1 else "")

    @property
    def file_stem(self) -> str:
        return f"cme-central-record-{self.month:%Y-%m}-v{self.version}"
