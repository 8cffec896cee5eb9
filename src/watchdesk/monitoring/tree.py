"""Fast insertion of many published pages under one parent.

Wagtail's ``add_child`` + ``save_revision().publish()`` costs tens of queries per
page; loading a sample archive, a generated benchmark archive or a large import
that way takes minutes. Here the tree paths are computed once, base rows go in
with one bulk INSERT, type rows with one INSERT each, and the parent's child count
is updated once. The pages are live and without revisions, exactly as if loaded
from a fixture; editing one in the admin creates its first revision.

Search indexing is not done here: callers re-index what they inserted.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from watchdesk.monitoring import search_index


@transaction.atomic
def add_live_children(parent: Page, pages: Sequence[Page]) -> list[Page]:
    """Insert ``pages`` (unsaved instances of one or more Page subclasses) under ``parent``.

    Each page needs ``title`` and ``slug``; ``locale`` defaults to the parent's,
    ``translation_key`` to a new one. Returns the pages with primary keys set.
    """
    if not pages:
        return []
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    path = last._inc_path() if last else Page._get_path(parent.path, parent.depth + 1, 1)
    now = timezone.now()
    content_types = {}
    bases = []
    for page in pages:
        model = type(page)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        page.content_type = content_types[model]
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = page.locale_id or parent.locale_id
        page.translation_key = page.translation_key or uuid.uuid4()
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        published = getattr(page, "published_at", None) or now
        page.first_published_at = page.first_published_at or published
        page.last_published_at = page.last_published_at or published
        if hasattr(page, "fill_derived_fields"):
            page.fill_derived_fields()
        if getattr(page, "trend_id", None) == parent.pk:
            page.trend = parent.specific  # read by the search text below, without a query
        bases.append(
            Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
        )
        path = Page._get_path(parent.path, parent.depth + 1, _step(path) + 1)

    Page.objects.bulk_create(bases)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = base.pk
        if type(page) is not Page:
            setattr(page, type(page)._meta.pk.attname, base.pk)
            # raw=True writes only the subclass table (its Page row exists already)
            # and tells signal receivers, as fixture loading does, not to index yet.
            page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    search_index.index(pages)
    return list(pages)


def _step(path: str) -> int:
    return int(path[-Page.steplen :], 36)
