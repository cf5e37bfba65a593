from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cme.cases"
    label = "cases"
    verbose_name = "CME cases"

    def ready(self) -> None:
        from . import intake  # noqa: F401 - registers casework's handlers of the intakes' events
