"""Composing and sending the weekly digest.

Each (subscriber, week) pair is claimed by inserting a Delivery row before the message
is handed to the mail server. The unique constraint on that pair means a second run,
or a second process running at the same time, finds the claim and skips it; a failed
send marks the row failed and the next run claims it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from watchdesk.analysis.weeks import Week
from watchdesk.monitoring import queries
from watchdesk.newsletter.models import Delivery, Subscriber
from watchdesk.newsletter.subscriptions import unsubscribe_url

# A claim older than this whose send never finished (the process died) is retried.
STALE_CLAIM = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    item: queries.Item
    trend_key: str

    @property
    def absolute_url(self) -> str:
        return queries.absolute(self.item.url)


@dataclass
class Summary:
    week: Week
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    nothing_to_send: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self, dry_run: bool = False) -> str:
        label = self.week.label("en")
        if dry_run:
            return (
                f"Dry run for {label}: would send {self.sent}, "
                f"{self.already_sent} already sent, {self.nothing_to_send} with nothing to send."
            )
        return (
            f"Digest for {label}: {self.sent} sent, {self.already_sent} skipped as already "
            f"sent, {self.failed} failed, {self.nothing_to_send} with nothing to send."
        )


def default_weeks() -> dict[str, Week]:
    """Each language's own latest week (what its home page leads with): a language whose
    translations come later gets its week when they are in, not the other languages'."""
    weeks = {locale.language_code: queries.front_week(locale.pk) for locale in Locale.objects.all()}
    return {language: week for language, week in weeks.items() if week is not None}


def week_entries(language: str, week: Week) -> list[Entry]:
    """The week's live commentaries in one language, in the order the week page shows."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    rows = (
        queries.public(queries.live_commentaries(locale.pk))
        .filter(week_start=week.start)
        .order_by("trend__order", "trend__title", "-published_at")
        .values(*queries.ITEM_FIELDS, "trend__translation_key")
    )
    return [Entry(queries.Item.from_row(row), str(row["trend__translation_key"])) for row in rows]


def entries_for(subscriber: Subscriber, by_language: dict[str, list[Entry]]) -> list[Entry]:
    entries = by_language.get(subscriber.language, [])
    if not subscriber.trend_keys:
        return entries
    chosen = set(subscriber.trend_keys)
    return [e for e in entries if e.trend_key in chosen]


def subject(week: Week, language: str) -> str:
    with translation.override(language):
        return _("%(site)s weekly: %(week)s") % {
            "site": settings.WAGTAIL_SITE_NAME,
            "week": week.label(language),
        }


def build_message(subscriber: Subscriber, week: Week, entries: list[Entry], connection=None):
    language = subscriber.language
    unsubscribe = unsubscribe_url(subscriber)
    with translation.override(language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "week_label": week.label(language),
            "entries": entries,
            "week_url": queries.absolute(f"/{language}/weeks/{week.isoformat()}/"),
            "unsubscribe_url": unsubscribe,
        }
        text = render_to_string("newsletter/email/digest.txt", context)
        html = render_to_string("newsletter/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject(week, language),
        text,
        to=[subscriber.email],
        connection=connection,
        headers={
            # RFC 2369 address plus RFC 8058 one-click: providers POST to it directly.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def claim(subscriber: Subscriber, week: Week) -> Delivery | None:
    """Take the right to send this subscriber's digest for this week, or None when it
    has been sent already or another run is sending it now."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                subscriber=subscriber,
                week_start=week.start,
                status=Delivery.Status.SENDING,
                claimed_at=now,
            )
    except IntegrityError:
        pass
    existing = Delivery.objects.filter(subscriber=subscriber, week_start=week.start).first()
    if existing is None or existing.status == Delivery.Status.SENT:
        return None
    if existing.status == Delivery.Status.SENDING and existing.claimed_at > now - STALE_CLAIM:
        return None
    # Retake a failed (or abandoned) claim only if nobody else retook it first: the
    # update matches the row as read, so of two runs exactly one changes it.
    taken = Delivery.objects.filter(
        pk=existing.pk, status=existing.status, claimed_at=existing.claimed_at
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        return None
    existing.refresh_from_db()
    return existing


def _finish(delivery: Delivery, error: str = "") -> None:
    if error:
        delivery.status, delivery.error = Delivery.Status.FAILED, error[:500]
        delivery.save(update_fields=["status", "error"])
    else:
        delivery.status, delivery.sent_at, delivery.error = (
            Delivery.Status.SENT,
            timezone.now(),
            "",
        )
        delivery.save(update_fields=["status", "sent_at", "error"])


def recipients(languages: Iterable[str] | None = None) -> Iterable[Subscriber]:
    found = Subscriber.objects.filter(confirmed_at__isnull=False)
    if languages is not None:
        found = found.filter(language__in=list(languages))
    return found.order_by("pk")


def send_week(
    week: Week,
    *,
    dry_run: bool = False,
    progress: Callable[[int], object] | None = None,
    languages: Iterable[str] | None = None,
) -> Summary:
    """Send ``week``'s digest to every confirmed subscriber (of ``languages``, default
    all) who has not had it yet."""
    summary = Summary(week)
    by_language = {code: week_entries(code, week) for code, _name in settings.LANGUAGES}
    sent_already = set(
        Delivery.objects.filter(week_start=week.start, status=Delivery.Status.SENT).values_list(
            "subscriber_id", flat=True
        )
    )
    connection = None if dry_run else get_connection()
    try:
        for subscriber in recipients(languages).iterator():
            _send_one(subscriber, week, by_language, sent_already, summary, dry_run, connection)
            if progress:
                progress(1)
    finally:
        if connection is not None:
            connection.close()
    return summary


def _send_one(subscriber, week, by_language, sent_already, summary, dry_run, connection):
    entries = entries_for(subscriber, by_language)
    if not entries:
        summary.nothing_to_send += 1
        return
    if subscriber.pk in sent_already:
        summary.already_sent += 1
        return
    if dry_run:
        summary.sent += 1
        return
    delivery = claim(subscriber, week)
    if delivery is None:
        summary.already_sent += 1
        return
    try:
        build_message(subscriber, week, entries, connection).send()
    except Exception as exc:  # any mail failure: recorded, then retried by the next run
        _finish(delivery, f"{type(exc).__name__}: {exc}")
        # A broken SMTP connection is reopened for the next subscriber; closing it may
        # fail too (QUIT on a dead socket), which must not stop the run.
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 - the failure above is already recorded
            pass
        summary.failed += 1
        summary.failures.append(f"{subscriber.pk}: {type(exc).__name__}: {exc}")
        return
    _finish(delivery)
    summary.sent += 1
