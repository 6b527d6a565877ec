from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("", views.check, name="check"),
    path("<str:code>/", views.code_page, name="code"),
]
