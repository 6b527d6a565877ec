from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "ประวัติการเปลี่ยนแปลง"

    def ready(self):
        # Imported here, once the apps are loaded: models cannot be imported before ready().
        from pa_portal.admin import admin_recorder_register

        from .services import admin_record

        # Every write through the admin site lands in the audit trail (pa_portal/admin.py).
        admin_recorder_register(admin_record)
