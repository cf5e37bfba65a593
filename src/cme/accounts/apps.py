from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cme.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"

    def ready(self):
        from . import signals  # noqa: F401
