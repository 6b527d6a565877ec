from axes.apps import AppConfig as LibraryAxesConfig
from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pa_portal"
    verbose_name = "ระบบข้อตกลงในการพัฒนางาน (PA)"


class AxesConfig(LibraryAxesConfig):
    """django-axes under a Thai name in the admin (the library names its app "Axes")."""

    verbose_name = "การเข้าสู่ระบบ (django-axes)"
