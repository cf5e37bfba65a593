from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "cme.administration"
    label = "administration"
    verbose_name = "Administration: the council's user accounts"
