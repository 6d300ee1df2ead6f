from django.utils.functional import SimpleLazyObject


def inbox(request):
    """`inbox_unread_count` for the header badge; counted only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from casework.notifications import notification_unread_count

    return {"inbox_unread_count": SimpleLazyObject(lambda: notification_unread_count(user))}
