"""The whole life of a subscription, through the pages and the command as people use them."""

from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale

from tests.newsletter.helpers import link_in, sample_week
from watchdesk.monitoring import queries
from watchdesk.newsletter.models import Delivery, Subscriber


def test_subscribe_confirm_receive_once_and_unsubscribe_in_one_click(sample, reader):
    week = sample_week()
    expected = queries.week_commentaries(Locale.objects.get(language_code="en").pk, week)
    assert expected

    form = reader.get("/en/digest/")
    assert form.status_code == 200 and b'name="website"' in form.content
    answer = reader.post(
        "/en/digest/", {"email": "Reader@Example.org", "language": "en"}, follow=True
    )
    assert answer.status_code == 200 and b"Check your inbox" in answer.content
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["reader@example.org"]
    confirm_path = urlsplit(link_in(confirmation.body)).path

    # Opening the link only shows the button; pressing it confirms.
    assert b"Confirm" in reader.get(confirm_path).content
    assert not Subscriber.objects.get().is_confirmed
    confirmed = reader.post(confirm_path)
    assert confirmed.status_code == 200 and b"You are subscribed" in confirmed.content
    assert Subscriber.objects.get().is_confirmed

    mail.outbox.clear()
    call_command("digest", "send", week=week.isoformat())
    call_command("digest", "send", week=week.isoformat())
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["reader@example.org"]
    assert digest.subject == f"Watchdesk weekly: {week.label('en')}"
    html = digest.alternatives[0][0]
    for item in expected:
        assert item.title in digest.body and f"Verdict: {item.verdict_info.label}" in digest.body
        assert "http://127.0.0.1:8000" + item.url in digest.body
        assert str(item.verdict_info.label) in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://127.0.0.1:8000/en/digest/unsubscribe/")
    assert Delivery.objects.get().status == Delivery.Status.SENT

    # The mail provider's one-click POST: no cookie, no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    gone = provider.post(
        urlsplit(unsubscribe).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert gone.status_code == 200
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()

    mail.outbox.clear()
    call_command("digest", "send", week=week.next.isoformat())
    call_command("digest", "send", week=week.isoformat())
    assert mail.outbox == []
