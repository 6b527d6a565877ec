from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "การประเมิน"

    def ready(self):
        from agreements.permissions import agreement_readers_register

        from . import permissions

        # An evaluator reads the agreements whose committee they sit on; agreements cannot ask us.
        agreement_readers_register(permissions.assigned_agreement_ids)
