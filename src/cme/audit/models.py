from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class Channel(models.TextChoices):
    PAGE = "page", "Web page"
    API = "api", "API"
    EXPORT = "export", "Export"
    COMMAND = "command", "Command line"


class AccessEvent(models.Model):
    """One read of a child's data: who, when, which record, where from and why.

    Rows are only ever added (a database trigger refuses updates and deletes), so the
    log can be trusted by an auditor and by a data protection officer answering a
    subject access request.
    """

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    user_email = models.CharField(max_length=254)  # as it was then, should the account change
    role = models.CharField(max_length=20, blank=True)
    local_authority = models.ForeignKey("accounts.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=40)
    record_id = models.BigIntegerField(null=True, blank=True)  # empty for a search or a list
    # Every child whose data the read showed (the child of a case or a return; each child
    # in a list), so an auditor finds every read about one child. Plain ids, not keys:
    # the log outlives any record.
    child_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    record_label = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    granted = models.BooleanField(default=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "-occurred_at"], name="access_by_record"),
            models.Index(fields=["user", "-occurred_at"], name="access_by_user"),
            models.Index(fields=["local_authority", "-occurred_at"], name="access_by_la"),
            GinIndex(fields=["child_ids"], name="access_by_child"),
        ]
        triggers = [
            pgtrigger.Protect(name="access_log_is_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.user_email} {self.purpose} {self.record_type} {self.record_id} at {self.occurred_at}"
