from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = "ปฏิทินงานประจำปีและแดชบอร์ด"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers)
