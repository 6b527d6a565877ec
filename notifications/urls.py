from django.urls import path

from . import views

app_name = "notifications"
# Mounted under /cycle/, where these pages were first published: e-mails already sent link there.
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/", views.notification_open, name="open"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
]
