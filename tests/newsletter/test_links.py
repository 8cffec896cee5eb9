"""The sign-up form and the links in the mails: what each answers, and what it changes."""

import datetime as dt
from urllib.parse import urlsplit

import time_machine
from django.core import mail
from django.utils import timezone

from tests.newsletter.helpers import confirmed, link_in
from watchdesk.newsletter.models import Subscriber


def _subscribe(client, email="reader@example.org", language="en", trends=(), **extra):
    data = {"email": email, "language": language, "trends": list(trends), **extra}
    return client.post("/en/digest/", data)


def _confirm_path(message) -> str:
    return urlsplit(link_in(message.body)).path


def test_unknown_confirmation_link_is_refused(db, reader):
    response = reader.get("/en/digest/confirm/not-a-real-token/")
    assert response.status_code == 404 and b"not valid" in response.content
    assert reader.post("/en/digest/confirm/not-a-real-token/").status_code == 404


def test_tampered_confirmation_link_is_refused(db, reader):
    _subscribe(reader)
    path = _confirm_path(mail.outbox[0])
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert reader.post(forged).status_code == 404
    assert not Subscriber.objects.get().is_confirmed


def test_confirmation_link_expires_after_seven_days(db, reader):
    _subscribe(reader)
    path = _confirm_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        response = reader.post(path)
    assert response.status_code == 404 and b"expired" in response.content
    assert not Subscriber.objects.get().is_confirmed


def test_opening_the_link_does_not_confirm(db, reader):
    _subscribe(reader)
    page = reader.get(_confirm_path(mail.outbox[0]))
    assert page.status_code == 200 and b'<form method="post"' in page.content
    assert not Subscriber.objects.get().is_confirmed


def test_a_newer_signup_replaces_the_older_link(db, reader):
    _subscribe(reader, language="en")
    _subscribe(reader, language="ru")
    older, newer = (_confirm_path(m) for m in mail.outbox)
    assert reader.post(older).status_code == 404
    assert reader.post(newer).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.language == "ru"
    assert newer.startswith("/ru/digest/confirm/")


def test_honeypot_filled_answers_the_same_and_stores_nothing(db, reader):
    human = _subscribe(reader, email="person@example.org")
    bot = _subscribe(reader, email="bot@example.org", website="http://spam.example")
    assert bot.status_code == human.status_code == 302 and bot.url == human.url
    assert [m.to for m in mail.outbox] == [["person@example.org"]]
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["person@example.org"]


def test_form_answers_the_same_for_a_subscribed_address(sample, reader):
    security = sample["trends"]["security"]["en"].translation_key
    existing = confirmed("reader@example.org", "en")
    new = _subscribe(reader, email="someone-new@example.org")
    known = _subscribe(reader, email="READER@example.org", language="be", trends=[security])
    assert new.status_code == known.status_code == 302 and new.url == known.url
    assert len(mail.outbox) == 2
    # A stranger typing the address changes nothing until the owner confirms.
    existing.refresh_from_db()
    assert existing.language == "en" and existing.trend_keys == []
    confirmation = reader.get(_confirm_path(mail.outbox[1]))
    assert sample["trends"]["security"]["be"].title in confirmation.content.decode()
    reader.post(_confirm_path(mail.outbox[1]))
    existing.refresh_from_db()
    assert existing.language == "be" and existing.trend_keys == [str(security)]


def test_invalid_address_is_shown_again_with_an_error(db, reader):
    response = _subscribe(reader, email="not an address")
    assert response.status_code == 400 and b'aria-invalid="true"' in response.content
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_trend_choices_are_those_of_the_page_language(sample, reader):
    page = reader.get("/be/digest/").content.decode()
    assert sample["trends"]["security"]["be"].title in page
    assert sample["trends"]["security"]["en"].title not in page
    assert 'value="be" selected' in page


def test_unsubscribe_page_asks_before_deleting(db, reader):
    subscriber = confirmed("reader@example.org")
    page = reader.get(f"/en/digest/unsubscribe/{subscriber.token}/")
    assert page.status_code == 200 and b"<button" in page.content
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    unknown = reader.get("/en/digest/unsubscribe/no-such-token/")
    assert unknown.status_code == 404
    # Repeated one-click requests still succeed: the outcome the sender asked for holds.
    assert reader.post("/en/digest/unsubscribe/no-such-token/").status_code == 200


def test_one_address_gets_at_most_three_confirmation_mails_an_hour(db, reader):
    for language in ("en", "ru", "be", "en"):
        assert _subscribe(reader, language=language).status_code == 302  # same answer
    assert len(mail.outbox) == 3
    from watchdesk.newsletter import subscriptions

    stored = subscriptions.export(Subscriber.objects.get())  # what a data request shows
    assert len(stored["confirmation_mails_sent_at"]) == 3
    # The refused fourth request changed nothing: the third mail's link still confirms.
    assert reader.post(_confirm_path(mail.outbox[2])).status_code == 200
    assert Subscriber.objects.get().language == "be"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61), tick=False):
        _subscribe(reader, language="ru")
    assert len(mail.outbox) == 4


def test_one_client_may_ask_for_only_so_many_sign_ups(db, reader, settings):
    settings.WATCHDESK_SIGNUP_RATE = "2/h"
    first, second = (_subscribe(reader, email=f"n{i}@example.org") for i in range(2))
    assert first.status_code == second.status_code == 302
    refused = reader.post(
        "/ru/digest/", {"email": "n3@example.org", "language": "ru"}, REMOTE_ADDR="127.0.0.1"
    )
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "Слишком много" in refused.content.decode()
    assert len(mail.outbox) == 2 and not Subscriber.objects.filter(email="n3@example.org")
    other = reader.post(
        "/en/digest/", {"email": "n4@example.org", "language": "en"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302  # another client has its own allowance
    assert reader.get("/en/digest/").status_code == 200  # reading the form is not counted


def test_a_lowered_rate_still_says_how_long_to_wait(db, reader, settings):
    for i in range(4):
        _subscribe(reader, email=f"r{i}@example.org")
    settings.WATCHDESK_SIGNUP_RATE = "2/h"  # fewer than the posts already counted
    refused = _subscribe(reader, email="r5@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 60


def test_an_unreadable_sign_up_rate_stops_the_site_with_an_example(settings):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from watchdesk.throttling import check_rate

    settings.WATCHDESK_SIGNUP_RATE = "often"
    with pytest.raises(ImproperlyConfigured, match="WATCHDESK_SIGNUP_RATE='often'.*10/h"):
        check_rate("WATCHDESK_SIGNUP_RATE", "10/h")
