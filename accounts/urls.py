from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import ThaiAuthenticationForm
from .views import SignOutView

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThaiAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
]
