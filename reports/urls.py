from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("agreements/<int:pk>/pa1.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("agreements/<int:pk>/v<int:version>/pa1.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("sheets/<int:pk>/pa2.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("committees/<int:pk>/pa3.pdf", views.committee_pdf, name="committee_pdf"),
    path("results/<int:pk>/results.pdf", views.results_pdf, name="results_pdf"),
    path("packets/", views.packet_list, name="packets"),
    path("packets/<int:pk>/", views.packet_detail, name="packet"),
    path("packets/<int:pk>/status.json", views.packet_status, name="packet_status"),
    path("packets/<int:pk>/download", views.packet_download, name="packet_download"),
]
