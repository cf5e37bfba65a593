from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "cme.partners"
    label = "partners"
    verbose_name = "Partners and other councils"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - answers the triage redirect's question (cme.referrals.events)
