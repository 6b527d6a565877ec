from django.urls import path

from . import views

app_name = "cycle"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/list/", views.dashboard_list, name="dashboard_list"),
    path("dashboard/list.xlsx", views.dashboard_export, name="dashboard_export"),
    path("extensions/", views.extension_list, name="extensions"),
    path("extensions/<int:year>/<int:person_id>/", views.extension_grant, name="extension_grant"),
    path("rounds/<int:round_pk>/extensions/", views.scoring_extensions, name="scoring_extensions"),
    path(
        "rounds/<int:round_pk>/extensions/<int:person_id>/",
        views.scoring_extension_grant,
        name="scoring_extension_grant",
    ),
]
