from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "cme.children"
    label = "children"
    verbose_name = "Children"
