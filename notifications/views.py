from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pa_portal.permissions import deny

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification


def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


def preferences(request):
    profile = getattr(request.user, "profile", None)
    if profile is None:
        deny()
    form = PreferencesForm(
        # An unticked box posts nothing at all, so "POST or None" would ignore the change.
        request.POST if request.method == "POST" else None,
        initial={"email_notifications": profile.email_notifications},
    )
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data.get("email_notifications", False)
        services.email_notifications_set(user=request.user, enabled=enabled)
        messages.success(
            request,
            "เปิดการแจ้งเตือนทางอีเมลแล้ว" if enabled else "ปิดการแจ้งเตือนทางอีเมลแล้ว (ยังเห็นการแจ้งเตือนในระบบ)",
        )
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "email": request.user.email})
