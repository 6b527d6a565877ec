from django.contrib import messages
from django.contrib.auth import views as auth_views


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, which then says so on the sign-in page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Messages travel in a cookie first, so the one added after the session ended survives.
        messages.success(request, "ออกจากระบบแล้ว")
        return response
