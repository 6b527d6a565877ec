from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "รายงานและเอกสาร PDF"

    def ready(self):
        from verification import registry

        from . import receivers  # noqa: F401  (connects the receivers)
        from .documents import DOCUMENT_TYPES
        from .models import DocumentKind

        # The check page (below this app) learns each kind's label and state reader from here.
        for kind, document_type in DOCUMENT_TYPES.items():
            registry.register(kind, label=DocumentKind(kind).label, describe=document_type.describe)
