from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("mine/", views.my_agreements, name="mine"),
    path("review/", views.review_list, name="review_list"),
    path("all/", views.all_agreements, name="all"),
]
