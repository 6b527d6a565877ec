from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("agreements/<int:agreement_pk>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/part1/", views.edit_part1, name="part1"),
    path("<int:pk>/part2/", views.edit_part2, name="part2"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/results.json", views.export_json, name="export"),
    path("<int:pk>/import/", views.import_json, name="import"),
]
