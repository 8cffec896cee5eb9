"""Analysts draft and submit, editors publish and schedule; readers never see drafts."""

import datetime as dt

import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.factories import make_commentary, minsk
from watchdesk.monitoring import bootstrap
from watchdesk.monitoring.models import CommentaryPage, SimilarCommentary


def _add_form(title: str, action: str | None = None) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "verdict": "worsened",
            "published_at": "",
            "lead": "A short lead.",
            "body": rich_text("<p>Border guards reported new incidents near Brest.</p>"),
            "photo": "",
            "photo_caption": "",
            "photo_credit": "",
            "author_links": inline_formset([]),
            "sources": inline_formset([]),
            "similar_pins": inline_formset([]),
            "similar_exclusions": inline_formset([]),
        }
    )
    if action:
        data[action] = "1"
    return data


def test_permissions_follow_the_groups(sample, analyst, editor):
    security, west = sample["trends"]["security"]["en"], sample["trends"]["belarus-west"]["en"]
    assert security.permissions_for_user(analyst).can_add_subpage()
    assert not west.permissions_for_user(analyst).can_add_subpage()
    draft = make_commentary(security, publish=False, user=analyst)
    assert draft.permissions_for_user(analyst).can_edit()
    assert not draft.permissions_for_user(analyst).can_publish()
    assert draft.permissions_for_user(editor).can_publish()
    assert west.permissions_for_user(editor).can_add_subpage()


def test_analyst_cannot_publish_through_the_admin(sample, analyst, login):
    security = sample["trends"]["security"]["en"]
    client = login(analyst)
    url = f"/admin/pages/add/monitoring/commentarypage/{security.pk}/"
    response = client.post(url, _add_form("Analyst tries to publish", "action-publish"))
    assert response.status_code in (200, 302)
    page = CommentaryPage.objects.get(title="Analyst tries to publish")
    assert not page.live
    # Another trend is out of bounds: Wagtail sends the analyst back to the dashboard.
    society = sample["trends"]["society"]["en"]
    denied = client.post(
        f"/admin/pages/add/monitoring/commentarypage/{society.pk}/", _add_form("Out of bounds")
    )
    assert denied.status_code == 302 and denied["Location"] == "/admin/"
    assert not CommentaryPage.objects.filter(title="Out of bounds").exists()


def test_analyst_submits_and_an_editor_approves(sample, analyst, editor, login):
    security = sample["trends"]["security"]["en"]
    response = login(analyst).post(
        f"/admin/pages/add/monitoring/commentarypage/{security.pk}/",
        _add_form("Submitted for review", "action-submit"),
    )
    assert response.status_code == 302
    page = CommentaryPage.objects.get(title="Submitted for review")
    state = page.current_workflow_state
    assert not page.live and state is not None
    assert state.workflow == Workflow.objects.get(name=bootstrap.WORKFLOW)
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, editor)
    task_state.task.specific.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live and page.published_at is not None
    assert page.week_start == (
        timezone.localdate(page.published_at)
        - dt.timedelta(days=timezone.localdate(page.published_at).weekday() + 7)
    )


def test_editor_publishes_through_the_admin(sample, editor, login):
    security = sample["trends"]["security"]["en"]
    response = login(editor).post(
        f"/admin/pages/add/monitoring/commentarypage/{security.pk}/",
        _add_form("Editor publishes", "action-publish"),
    )
    assert response.status_code == 302
    assert CommentaryPage.objects.get(title="Editor publishes").live


def test_drafts_are_invisible_to_readers(sample, reader):
    security = sample["trends"]["security"]["en"]
    draft = make_commentary(
        security,
        title="Secret draft about Zapad-2017",
        publish=False,
        body="<p>Zapad-2017 troops air defence Zapad-2017 exercise.</p>",
    )
    assert reader.get(f"/en/trends/security/{draft.slug}/").status_code == 404
    assert "Secret draft" not in reader.get("/en/trends/security/").content.decode()
    assert "Secret draft" not in reader.get("/en/").content.decode()
    assert not SimilarCommentary.objects.filter(target=draft).exists()


def test_publishing_updates_similar_lists_and_unpublishing_withdraws(sample):
    security = sample["trends"]["security"]["en"]
    text = " ".join(
        ["Zapad-2017 exercise observers troops Grodno training ground Russian units"] * 3
    )
    page = make_commentary(security, title="Zapad-2017 observers arrive", body=f"<p>{text}</p>")
    own = list(page.similar_links.values_list("target__title", flat=True))
    assert own and any("Zapad" in title for title in own)
    listed_by = SimilarCommentary.objects.filter(target=page).count()
    assert listed_by >= 1
    page.unpublish()
    assert not SimilarCommentary.objects.filter(target=page).exists()
    assert not page.similar_links.exists()


def test_deleting_a_commentary_refills_the_lists_that_held_it(sample):
    security = sample["trends"]["security"]["en"]
    text = " ".join(
        ["Zapad-2017 exercise observers troops Grodno training ground Russian units"] * 3
    )
    page = make_commentary(security, title="Zapad-2017 to be deleted", body=f"<p>{text}</p>")
    holders = list(
        SimilarCommentary.objects.filter(target=page).values_list("source_id", flat=True)
    )
    assert holders
    page.delete()
    for source in holders:
        assert SimilarCommentary.objects.filter(source_id=source).count() >= 1


def test_scheduled_release_goes_live_with_the_publish_scheduled_command(sample):
    security = sample["trends"]["security"]["en"]
    page = make_commentary(security, title="Monday morning release", publish=False)
    monday = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    page.go_live_at = monday
    page.save_revision(approved_go_live_at=monday).publish()
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None

    call_command("publish_scheduled")  # too early: nothing happens
    page.refresh_from_db()
    assert not page.live

    with time_machine.travel(monday + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.published_at == monday
    assert page.week_start == dt.date.fromordinal(
        timezone.localdate(monday).toordinal() - timezone.localdate(monday).weekday() - 7
    )


def test_explicit_publication_time_sets_the_week(sample):
    security = sample["trends"]["security"]["en"]
    page = make_commentary(security, published_at=minsk(2017, 2, 13, 9, 30))
    assert page.week_start == dt.date(2017, 2, 6)
    assert page.week.label("en") == "6 – 12 February 2017"


def test_recent_trends_follow_publishing_and_withdrawal(sample, reader):
    security = sample["trends"]["security"]["en"]
    newest = make_commentary(
        security,
        title="Border guards brief the press",
        verdict="improved",
        published_at=minsk(2017, 10, 9, 10),
    )
    block = reader.get("/en/").content.decode().split("Recent trends", 1)[1]
    assert "Border guards brief the press" in block
    newest.unpublish()
    block = reader.get("/en/").content.decode().split("Recent trends", 1)[1]
    assert "Border guards brief the press" not in block
    assert "Belarusian and Ukrainian Defence Ministries" in block


def test_moving_a_commentary_changes_its_trend(sample, editor):
    security, west = sample["trends"]["security"]["en"], sample["trends"]["belarus-west"]["en"]
    page = make_commentary(
        security, title="Filed under the wrong trend", published_at=minsk(2017, 10, 16, 10)
    )
    page.move(west, pos="last-child", user=editor)
    page.refresh_from_db()
    assert page.trend_id == west.pk
    from watchdesk.monitoring.models import TrendLatest

    assert TrendLatest.objects.get(trend=west).commentary_id == page.pk
    assert TrendLatest.objects.get(trend=security).commentary_id != page.pk
