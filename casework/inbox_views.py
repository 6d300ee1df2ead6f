"""The inbox: the signed-in person's notifications, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casework import notifications

INBOX_PAGE_SIZE = 30


@login_required
def inbox(request):
    page = Paginator(notifications.notification_list(request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_open(request, pk):
    """Mark a notification read and go where it points (a link inside the portal only)."""
    notification = get_object_or_404(notifications.notification_list(request.user), pk=pk)
    notifications.notification_mark_read(request.user, notification.pk)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.link)
    return redirect("inbox")


@login_required
@require_POST
def inbox_mark_read(request, pk=None):
    # Someone else's notification is not found and nothing changes; the page looks the same.
    notifications.notification_mark_read(request.user, pk)
    return redirect("inbox")
