from django.urls import path

from . import review_views, views

app_name = "agreements"
urlpatterns = [
    path("mine/", views.my_agreements, name="mine"),
    path("start/", views.start, name="start"),
    path("review/", review_views.review_list, name="review_list"),
    path("all/", views.all_agreements, name="all"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/part1/", views.edit_part1, name="part1"),
    path("<int:pk>/part2/", views.edit_part2, name="part2"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/versions/<int:version>/", views.version, name="version"),
    path("<int:pk>/compare/<int:old>/<int:new>/", review_views.compare, name="compare"),
    path("<int:pk>/history/", review_views.history, name="history"),
]
