from django.urls import path

from . import views

app_name = "cycle"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/list/", views.dashboard_list, name="dashboard_list"),
    path("dashboard/list.xlsx", views.dashboard_export, name="dashboard_export"),
    path("extensions/", views.extension_list, name="extensions"),
    path("extensions/<int:year>/<int:person_id>/", views.extension_grant, name="extension_grant"),
    path("results/<int:year>/extensions/", views.results_extensions, name="results_extensions"),
    path("results/<int:year>/results.xlsx", views.results_export, name="results_export"),
    path(
        "results/<int:year>/extensions/<int:person_id>/",
        views.results_extension_grant,
        name="results_extension_grant",
    ),
    path("rounds/<int:round_pk>/extensions/", views.scoring_extensions, name="scoring_extensions"),
    path(
        "rounds/<int:round_pk>/extensions/<int:person_id>/",
        views.scoring_extension_grant,
        name="scoring_extension_grant",
    ),
]
