"""The write side of subscriptions: one function per change, used by views and commands.

Double opt-in: the form only records a request and mails a confirmation link; the
address receives digests once its owner follows that link. The link carries the
subscriber's token signed with a timestamp, so it expires without a stored date.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from watchdesk.monitoring import queries
from watchdesk.monitoring.models import TrendPage
from watchdesk.newsletter.models import Subscriber

CONFIRM_MAX_AGE = dt.timedelta(days=7)
# However many clients ask, one address receives at most this many confirmation mails
# an hour; further requests change nothing, so the newest link sent keeps working.
MAILS_PER_ADDRESS = 3
MAIL_WINDOW = dt.timedelta(hours=1)
_CONFIRM_SALT = "watchdesk.newsletter.confirm"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def normalise_email(address: str) -> str:
    # Addresses are compared case-insensitively in practice; storing one form keeps a
    # second sign-up with different capitals from creating a second subscriber.
    return address.strip().lower()


def confirm_token(subscriber: Subscriber) -> str:
    # The request's nonce ties the link to the settings it was sent for: an older link,
    # or one a stranger caused to be sent, cannot apply settings submitted later.
    value = f"{subscriber.token}.{subscriber.requested['nonce']}"
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(value)


def confirm_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.requested["language"]):
        path = reverse("newsletter:confirm", args=[confirm_token(subscriber)])
    return queries.absolute(path)


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        path = reverse("newsletter:unsubscribe", args=[subscriber.token])
    return queries.absolute(path)


def trend_titles(keys: list[str], language: str) -> list[str]:
    """Titles of the trends with these translation keys in ``language``, in site order."""
    if not keys:
        return []
    return list(
        TrendPage.objects.filter(translation_key__in=keys, locale__language_code=language)
        .order_by("order", "title")
        .values_list("title", flat=True)
    )


def request_subscription(email: str, language: str, trend_keys: list[str]) -> Subscriber | None:
    """Record a sign-up and mail the confirmation link; None when the address has had
    ``MAILS_PER_ADDRESS`` confirmation mails within the last hour (nothing changes).

    A new or still unconfirmed address takes the submitted settings at once (nothing
    is sent to it before confirmation anyway). A confirmed address keeps receiving
    what it chose until the new settings are confirmed from its own mailbox, so a
    stranger who types someone's address can neither stop nor change their digest.
    """
    email = normalise_email(email)
    now = timezone.now()
    wanted = {
        "language": language,
        "trends": sorted(str(k) for k in trend_keys),
        "nonce": secrets.token_urlsafe(6),
    }
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={"language": language, "trend_keys": wanted["trends"], "created_at": now},
        )
        # The times of the recent confirmation mails travel with the waiting request.
        earlier = (subscriber.requested or {}).get("mails", [])
        recent = [t for t in earlier if dt.datetime.fromisoformat(t) > now - MAIL_WINDOW]
        if len(recent) >= MAILS_PER_ADDRESS:
            return None
        wanted["mails"] = [*recent, now.isoformat()]
        fields = ["requested", "requested_at"]
        if not subscriber.is_confirmed and not created:
            subscriber.language, subscriber.trend_keys = language, wanted["trends"]
            fields += ["language", "trend_keys"]
        subscriber.requested, subscriber.requested_at = wanted, now
        subscriber.save(update_fields=fields)
    send_confirmation(subscriber)
    return subscriber


def send_confirmation(subscriber: Subscriber) -> None:
    wanted = subscriber.requested
    language = wanted["language"]
    with translation.override(language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "confirm_url": confirm_url(subscriber),
            "days": CONFIRM_MAX_AGE.days,
            "language_name": dict(settings.LANGUAGES)[language],
            "trends": trend_titles(wanted["trends"], language),
        }
        subject = _("Confirm your subscription to the %(site)s weekly digest") % {
            "site": settings.WAGTAIL_SITE_NAME
        }
        body = render_to_string("newsletter/email/confirm.txt", context)
    EmailMessage(subject, body, to=[subscriber.email]).send()


@dataclass(frozen=True)
class Confirmation:
    subscriber: Subscriber
    nonce: str
    waiting: bool  # the settings this link was sent for still wait for confirmation


def confirmation(token: str) -> Confirmation:
    """What a confirmation link refers to; LinkExpired / LinkInvalid when it is unusable."""
    signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    raw, _dot, nonce = value.rpartition(".")
    subscriber = Subscriber.objects.filter(token=raw).first()
    if subscriber is None:
        raise LinkInvalid
    waiting = bool(subscriber.requested) and subscriber.requested.get("nonce") == nonce
    if not waiting and not subscriber.is_confirmed:
        raise LinkExpired  # replaced by a newer sign-up from the same address
    return Confirmation(subscriber, nonce, waiting)


def confirm(link: Confirmation) -> Subscriber:
    """Apply the settings the link was sent for and start (or keep) the digest."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=link.subscriber.pk)
        if not subscriber.requested or subscriber.requested.get("nonce") != link.nonce:
            # Confirmed meanwhile, or replaced by a newer request: nothing to apply.
            return subscriber
        subscriber.language = subscriber.requested["language"]
        subscriber.trend_keys = subscriber.requested["trends"]
        subscriber.requested = subscriber.requested_at = None
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save(
            update_fields=["language", "trend_keys", "requested", "requested_at", "confirmed_at"]
        )
    return subscriber


def unsubscribe(token: str) -> bool:
    """Delete the subscriber with this token (their deliveries go with them)."""
    deleted, _counts = Subscriber.objects.filter(token=token).delete()
    return bool(deleted)


def find(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=normalise_email(email)).first()


def forget(email: str) -> bool:
    """Delete everything stored about this address; False when nothing was."""
    deleted, _counts = Subscriber.objects.filter(email=normalise_email(email)).delete()
    return bool(deleted)


def export(subscriber: Subscriber) -> dict:
    """Everything stored about one subscriber, for a data-access request."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "trends": [
            {"key": key, "title": title}
            for key, title in _titles_by_key(subscriber.trend_keys, subscriber.language)
        ],
        "all_trends": not subscriber.trend_keys,
        "subscribed_at": when(subscriber.created_at),
        "confirmed_at": when(subscriber.confirmed_at),
        "change_waiting_for_confirmation": (
            {k: subscriber.requested[k] for k in ("language", "trends")}
            if subscriber.requested
            else None
        ),
        "change_requested_at": when(subscriber.requested_at),
        # Kept for the hourly limit on confirmation mails (see MAILS_PER_ADDRESS).
        "confirmation_mails_sent_at": (subscriber.requested or {}).get("mails", []),
        "deliveries": [
            {
                "week": d.week_start.isoformat(),
                "status": d.status,
                "attempts": d.attempts,
                "sent_at": when(d.sent_at),
            }
            for d in subscriber.deliveries.order_by("week_start")
        ],
    }


def _titles_by_key(keys: list[str], language: str) -> list[tuple[str, str]]:
    rows = TrendPage.objects.filter(
        translation_key__in=keys, locale__language_code=language
    ).values_list("translation_key", "title")
    found = {str(key): title for key, title in rows}
    return [(key, found.get(key, "")) for key in keys]


@dataclass(frozen=True)
class Purged:
    unconfirmed: int
    stale_requests: int


def purge_expired(now: dt.datetime | None = None) -> Purged:
    """Drop addresses never confirmed within the link's lifetime, and changes nobody
    confirmed: neither can be used any more, so neither is kept."""
    limit = (now or timezone.now()) - CONFIRM_MAX_AGE
    _total, counts = (
        Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=limit)
        .exclude(requested_at__gte=limit)
        .delete()
    )
    stale = Subscriber.objects.filter(confirmed_at__isnull=False, requested_at__lt=limit).update(
        requested=None, requested_at=None
    )
    return Purged(counts.get(Subscriber._meta.label, 0), stale)
