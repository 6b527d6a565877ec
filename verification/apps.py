from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = "การตรวจสอบเอกสาร"

    def ready(self):
        from . import checks  # noqa: F401  (registers the production check of the seal certificate)
