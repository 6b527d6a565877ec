from django.contrib import admin
from django.urls import include, path

from cycle.views import home

from . import views

admin.site.site_header = "ระบบข้อตกลงในการพัฒนางาน (PA) — ผู้ดูแลระบบ"
admin.site.site_title = "ระบบ PA — ผู้ดูแลระบบ"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", home, name="home"),
    path("", include("accounts.urls")),
    path("standards/", include("standards.urls")),
    path("agreements/", include("agreements.urls")),
    path("results/", include("results.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    # Public: anyone checks a printed or downloaded document (no sign-in).
    path("verify/", include("verification.urls")),
    path("cycle/", include("notifications.urls")),
    path("cycle/", include("cycle.urls")),
]
