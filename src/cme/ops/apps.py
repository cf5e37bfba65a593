from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cme.ops"
    label = "ops"
    verbose_name = "Operations: demo data, benchmarks and the development server"
