from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pa_portal"
    verbose_name = "PA portal"
