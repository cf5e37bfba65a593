from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "cme.linkage"
    label = "linkage"
    verbose_name = "Record linkage"
