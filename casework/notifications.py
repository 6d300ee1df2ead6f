"""Notifications: a row in the recipient's inbox and an e-mail, both in the recipient's language.

`notify` renders the texts once, under the recipient's language, and queues the e-mail through
the outbox, so the e-mail leaves only if the caller's transaction commits and survives a broker
outage. Templates: casework/notifications/<key>.subject.txt and <key>.body.txt; a template
under casework/notifications/<language>/ takes precedence for that language where gettext
alone cannot word the text.
"""

import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import select_template
from django.utils import timezone, translation

from casework import outbox
from casework.locks import locked
from casework.models import Channel, Notification
from registry.models import Role, User

EMAIL_TASK = "casework.tasks.notification_email_send"


def notify(
    recipient, template_key: str, context: dict | None = None, link: str = ""
) -> Notification:
    """Put a notification in the recipient's inbox and queue its e-mail after commit."""
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        full_context = {
            **(context or {}),
            "recipient": recipient,
            "LANGUAGE_CODE": language,
            "link": absolute_url(link),
        }
        subject = _template(template_key, "subject", language).render(full_context)
        body = _template(template_key, "body", language).render(full_context)
    notification = Notification.objects.create(
        recipient=recipient,
        template_key=template_key,
        subject=" ".join(subject.split())[:300],  # one line: a header cannot hold a newline
        body=re.sub(r"\n{3,}", "\n\n", body.strip()),
        link=link,
    )
    if recipient.email and recipient.is_active:
        outbox.enqueue(EMAIL_TASK, notification_id=notification.pk)
    return notification


# ---------------------------------------------------------------------------------------------
# Who is told


def representatives_of(organization_id: int) -> QuerySet[User]:
    """The active people who represent the organization (its applicants)."""
    return User.objects.filter(
        is_active=True, roles__role=Role.APPLICANT, roles__organization_id=organization_id
    ).distinct()


def staff_of(authority_id: int, *, heads_only: bool = False) -> QuerySet[User]:
    """The active staff and heads of the authority (only the heads, with heads_only)."""
    roles = [Role.HEAD] if heads_only else [Role.STAFF, Role.HEAD]
    return User.objects.filter(
        is_active=True, roles__role__in=roles, roles__authority_id=authority_id
    ).distinct()


def notify_each(recipients, template_key: str, context: dict | None = None, link: str = ""):
    """One notification per person, however often they appear among the recipients."""
    seen = set()
    for recipient in recipients:
        if recipient.pk not in seen:
            seen.add(recipient.pk)
            notify(recipient, template_key, context, link)


def notify_applicant_side(case, template_key: str, context: dict | None = None) -> None:
    """Tell the applicant of a case. A case filed on paper is answered on paper; the
    organization's representatives with a portal account hear of it too, the staff member who
    entered it does not."""
    link = case.get_absolute_url()
    context = {"case": case, **(context or {})}
    if case.channel == Channel.PORTAL:
        notify(case.applicant, template_key, context, link)
    else:
        notify_each(representatives_of(case.organization_id), template_key, context, link)


def _template(key: str, part: str, language: str):
    return select_template(
        [
            f"casework/notifications/{language}/{key}.{part}.txt",
            f"casework/notifications/{key}.{part}.txt",
        ]
    )


def absolute_url(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + link


def notification_email_send(notification_id: int) -> bool:
    """Send a notification's e-mail once; False when it was sent before or is gone.

    The row stays locked while the mail is handed to the backend, so a second delivery of the
    same task waits and then sees it sent. (A crash between sending and the commit sends it
    again: e-mail is at least once.)"""
    with transaction.atomic():
        notification = (
            locked(Notification)
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        body = notification.body
        if notification.link:
            body += "\n\n" + absolute_url(notification.link)
        send_mail(
            notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (all of them when no id); returns how many
    changed. Someone else's notification is simply not found."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


# Reads.


def notification_list(user) -> QuerySet[Notification]:
    """The user's inbox, newest first; nothing to join, so a page costs one query."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
