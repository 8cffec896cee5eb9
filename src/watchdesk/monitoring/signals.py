"""Keep derived data in step with publishing, through the single write path in actions."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from watchdesk.monitoring import actions, queries, search_index, views
from watchdesk.monitoring.models import CommentaryPage


@receiver(page_published, sender=CommentaryPage)
def commentary_published(sender, instance, **kwargs):
    actions.commentary_changed(instance)


@receiver(page_unpublished, sender=CommentaryPage)
def commentary_unpublished(sender, instance, **kwargs):
    actions.commentary_changed(instance, withdrawn=True)


@receiver(pre_delete, sender=CommentaryPage)
def commentary_deleted(sender, instance, **kwargs):
    actions.commentary_changed(instance, withdrawn=True)


@receiver(post_page_move, sender=CommentaryPage)
def commentary_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A commentary moved to another trend takes that trend; both trends' latest change."""
    CommentaryPage.objects.filter(pk=instance.pk).update(trend_id=parent_page_after.pk)
    actions.refresh_trend_latest([parent_page_before.pk, parent_page_after.pk])
    # Wagtail indexed the page while it still named its old trend (a search filter term).
    moved = CommentaryPage.objects.select_related("trend").get(pk=instance.pk)
    search_index.index([moved])


@receiver(post_save, sender=CommentaryPage)
def commentary_saved(sender, instance, raw=False, **kwargs):
    """Wagtail indexes every save of a page; PostgreSQL's narrow copy follows it."""
    if not raw:
        search_index.page_saved(instance.pk)


# Page addresses are built from the site root paths; forget the memo when they change.
post_save.connect(queries.forget_site_roots, sender=Site)
post_delete.connect(queries.forget_site_roots, sender=Site)
post_save.connect(views.forget_sites, sender=Site)
post_delete.connect(views.forget_sites, sender=Site)


@receiver(post_save)
def home_page_saved(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth == 2:
        queries.forget_site_roots()
