from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "รายงานและเอกสาร PDF"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers)
