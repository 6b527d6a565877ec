from django.urls import path

from . import sheet_views, views

app_name = "evaluations"
urlpatterns = [
    path("", sheet_views.inbox, name="inbox"),
    path("sheets/<int:pk>/", sheet_views.sheet, name="sheet"),
    path("committees/<int:pk>/results/", sheet_views.results, name="results"),
    path("mine/", views.mine, name="mine"),
    path("agreements/<int:pk>/evidence/", views.evidence_list, name="evidence"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/status/", views.round_status, name="round_status"),
    path("rounds/<int:pk>/export.xlsx", views.round_export, name="round_export"),
    path(
        "rounds/<int:pk>/agreements/<int:agreement_pk>/committee/",
        views.committee_assign,
        name="committee_assign",
    ),
    path(
        "rounds/<int:pk>/offices/<int:office_pk>/committee/",
        views.committee_assign_office,
        name="committee_assign_office",
    ),
    path("offices/<int:office_pk>/rules/", views.office_rules, name="office_rules"),
]
