from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cme.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from . import candidates  # noqa: F401 - registers its answer to the child index's question
