from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "cme.schools"
    label = "schools"
    verbose_name = "Schools and calendars"
