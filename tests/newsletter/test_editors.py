"""Who may see subscribers' addresses: editors in the admin and the shell, nobody else."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.newsletter.helpers import confirmed
from watchdesk.newsletter.models import Delivery, Subscriber

FIND = "/admin/digest-subscribers/"


@pytest.fixture
def subscriber(db):
    person = confirmed("reader@example.org", "ru")
    Delivery.objects.create(subscriber=person, week_start="2017-02-06", status="sent")
    return person


def test_editor_finds_exports_and_deletes_a_subscriber(subscriber, editor, login):
    client = login(editor)
    found = client.get(FIND, {"email": "Reader@example.org"})
    assert found.status_code == 200 and b"reader@example.org" in found.content
    assert b"reader@example.org" not in client.get(FIND).content  # no list of addresses

    export = client.get(f"{FIND}{subscriber.pk}/export/")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    data = json.loads(export.content)
    assert data["email"] == "reader@example.org" and data["language"] == "ru"
    assert data["deliveries"] == [
        {"week": "2017-02-06", "status": "sent", "attempts": 1, "sent_at": None}
    ]

    deleted = client.post(f"{FIND}{subscriber.pk}/delete/")
    assert deleted.status_code == 302
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()


def test_missing_address_is_reported_as_not_found(db, editor, login):
    page = login(editor).get(FIND, {"email": "nobody@example.org"})
    assert b"No subscriber has this address" in page.content


def test_analyst_is_refused(subscriber, analyst, login):
    client = login(analyst)
    assert client.get(FIND, {"email": "reader@example.org"}).status_code == 403
    assert client.get(f"{FIND}{subscriber.pk}/export/").status_code == 403
    assert client.post(f"{FIND}{subscriber.pk}/delete/").status_code == 403
    assert Subscriber.objects.exists()
    assert b"digest-subscribers" not in client.get("/admin/").content


def test_anonymous_visitor_is_sent_to_the_login(subscriber, reader):
    for response in (
        reader.get(FIND, {"email": "reader@example.org"}),
        reader.get(f"{FIND}{subscriber.pk}/export/"),
        reader.post(f"{FIND}{subscriber.pk}/delete/"),
    ):
        assert response.status_code == 302 and "/admin/login/" in response.url
    assert Subscriber.objects.exists()


def test_addresses_appear_on_no_public_page(subscriber, reader):
    for path in ("/en/", "/ru/", "/en/digest/", f"/ru/digest/unsubscribe/{subscriber.token}/"):
        response = reader.get(path)
        assert response.status_code == 200, path
        assert b"reader@example.org" not in response.content, path


def test_shell_export_and_forget(subscriber, capsys):
    call_command("digest", "export", "READER@example.org")
    assert json.loads(capsys.readouterr().out)["email"] == "reader@example.org"
    call_command("digest", "forget", "reader@example.org")
    assert not Subscriber.objects.exists()
    with pytest.raises(CommandError, match="nothing is stored"):
        call_command("digest", "forget", "reader@example.org")
    with pytest.raises(CommandError, match="nothing is stored"):
        call_command("digest", "export", "reader@example.org")
