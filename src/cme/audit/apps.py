from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cme.audit"
    label = "audit"
    verbose_name = "Audit"
