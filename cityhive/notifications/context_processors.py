"""The unread count every page's header shows."""

from django.utils.functional import SimpleLazyObject

from cityhive.notifications.selectors import notification_unread_count


def unread(request):
    """`notifications_unread`: the signed-in member's unread notifications (counted when shown);
    absent for visitors, so the header offers them no notifications link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: notification_unread_count(actor=user))}
