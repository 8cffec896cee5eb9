"""`digest send`: who gets what, once, and what happens when mail fails."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Locale

from tests.newsletter.helpers import RefusingBackend, confirmed, sample_week
from watchdesk.monitoring import queries
from watchdesk.newsletter import digest, subscriptions
from watchdesk.newsletter.models import Delivery, Subscriber


def _send(week, **options):
    call_command("digest", "send", week=week.isoformat(), **options)


def _by(address):
    return next(m for m in mail.outbox if m.to == [address])


def test_language_and_trend_choices_filter_the_digest(sample):
    week = sample_week()
    security = sample["trends"]["security"]
    russia = sample["trends"]["belarus-russia"]
    confirmed("all@example.org", "en")
    confirmed(
        "two@example.org", "ru", [security["en"].translation_key, russia["en"].translation_key]
    )
    confirmed("gone-trend@example.org", "be", [uuid.uuid4()])

    _send(week)

    assert sorted(m.to[0] for m in mail.outbox) == ["all@example.org", "two@example.org"]
    english = _by("all@example.org")
    en_items = queries.week_commentaries(Locale.objects.get(language_code="en").pk, week)
    assert all(item.title in english.body for item in en_items)
    russian = _by("two@example.org")
    ru_items = queries.week_commentaries(Locale.objects.get(language_code="ru").pk, week)
    wanted = {security["ru"].title, russia["ru"].title}
    assert any(item.trend_title in wanted for item in ru_items)
    for item in ru_items:
        assert (item.title in russian.body) == (item.trend_title in wanted)
    assert "/ru/digest/unsubscribe/" in russian.extra_headers["List-Unsubscribe"]
    assert russian.subject.endswith(week.label("ru"))
    assert not Delivery.objects.filter(subscriber__email="gone-trend@example.org").exists()


def test_unconfirmed_addresses_get_nothing_and_expire(sample):
    week = sample_week()
    subscriptions.request_subscription("pending@example.org", "en", [])
    mail.outbox.clear()
    _send(week)
    assert mail.outbox == [] and Subscriber.objects.exists()
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        _send(week)
    assert not Subscriber.objects.exists()


def test_failed_send_is_recorded_and_retried_on_the_next_run(sample, capsys):
    week = sample_week()
    confirmed("ok@example.org")
    failing = confirmed("flaky@example.org")
    RefusingBackend.refused = {"flaky@example.org"}
    try:
        with override_settings(EMAIL_BACKEND="tests.newsletter.helpers.RefusingBackend"):
            _send(week)
    finally:
        RefusingBackend.refused = set()
    assert [m.to for m in mail.outbox] == [["ok@example.org"]]
    first = Delivery.objects.get(subscriber=failing)
    assert first.status == Delivery.Status.FAILED and "refused" in first.error
    assert "1 sent, 0 skipped as already sent, 1 failed" in capsys.readouterr().out

    _send(week)
    assert [m.to for m in mail.outbox] == [["ok@example.org"], ["flaky@example.org"]]
    retried = Delivery.objects.get(subscriber=failing)
    assert retried.status == Delivery.Status.SENT and retried.attempts == 2
    assert "1 sent, 1 skipped as already sent, 0 failed" in capsys.readouterr().out


def test_a_claim_held_by_another_run_is_left_alone_until_it_is_stale(sample):
    week = sample_week()
    subscriber = confirmed("reader@example.org")
    Delivery.objects.create(
        subscriber=subscriber, week_start=week.start, status=Delivery.Status.SENDING
    )
    _send(week)
    assert mail.outbox == []
    Delivery.objects.update(claimed_at=timezone.now() - digest.STALE_CLAIM - dt.timedelta(1))
    _send(week)
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_only_one_of_two_claims_wins(sample):
    week = sample_week()
    subscriber = confirmed("reader@example.org")
    assert digest.claim(subscriber, week) is not None
    assert digest.claim(subscriber, week) is None
    Delivery.objects.update(status=Delivery.Status.FAILED)
    assert digest.claim(subscriber, week) is not None
    assert digest.claim(subscriber, week) is None


def test_dry_run_sends_and_records_nothing(sample, capsys):
    confirmed("reader@example.org")
    _send(sample_week(), dry_run=True)
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert "would send 1" in capsys.readouterr().out


def test_default_week_is_the_week_the_home_page_leads_with(sample):
    confirmed("reader@example.org")
    call_command("digest", "send")
    assert Delivery.objects.get().week_start == sample_week().start


def test_a_week_that_is_not_a_monday_is_refused(db):
    with pytest.raises(CommandError, match="starts on a Monday"):
        call_command("digest", "send", week="2017-02-07")


def test_each_language_gets_the_week_its_own_home_page_leads_with(sample):
    from watchdesk.newsletter import digest

    confirmed("en@example.org", "en")
    confirmed("ru@example.org", "ru")
    weeks = digest.default_weeks()
    # A lagging translation: make the Russian week older than the English one.
    from watchdesk.monitoring.models import CommentaryPage

    latest_ru = weeks["ru"]
    CommentaryPage.objects.filter(locale__language_code="ru", week_start=latest_ru.start).update(
        live=False
    )
    weeks = digest.default_weeks()
    assert weeks["ru"] < weeks["en"]
    call_command("digest", "send")
    sent = dict(Delivery.objects.values_list("subscriber__email", "week_start"))
    assert sent == {"en@example.org": weeks["en"].start, "ru@example.org": weeks["ru"].start}
