"""Write paths for monitoring data: one function per domain change.

Views, signal receivers, commands and the importer call these, so that a
commentary's derived data (similar-article lists) is refreshed in exactly one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from wagtail.models import Locale

from watchdesk.monitoring import similar
from watchdesk.monitoring.models import CommentaryPage, TrendLatest

Progress = Callable[[int], None]


@transaction.atomic
def refresh_similar(page: CommentaryPage, *, withdrawn: bool = False) -> int:
    """Update similar-article lists after ``page`` was published, changed or withdrawn
    (``withdrawn`` also when it is about to be deleted): its own list and the lists it
    enters or leaves. Returns how many lists were written."""
    return similar.refresh(page, withdrawn=withdrawn)


def rebuild_similar(
    locale_ids: Iterable[int] | None = None, *, progress: Progress | None = None
) -> int:
    """Refit the similarity models and recompute every list; returns the list count."""
    languages = None
    if locale_ids is not None:
        languages = list(
            Locale.objects.filter(pk__in=set(locale_ids)).values_list("language_code", flat=True)
        )
    return similar.rebuild(languages, progress=progress)


def refresh_trend_latest(trend_ids: Iterable[int | None]) -> None:
    """Store each trend's latest live commentary (or none) after publishing changes."""
    for trend_id in {t for t in trend_ids if t is not None}:
        latest = (
            CommentaryPage.objects.live()
            .filter(trend_id=trend_id)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if latest is None:
            TrendLatest.objects.filter(trend_id=trend_id).delete()
        else:
            TrendLatest.objects.update_or_create(
                trend_id=trend_id, defaults={"commentary_id": latest}
            )


@transaction.atomic
def commentary_changed(page: CommentaryPage, *, withdrawn: bool = False) -> None:
    """Everything derived from one commentary: its trend's latest item, similar lists."""
    refresh_similar(page, withdrawn=withdrawn)
    if withdrawn:
        # Deleting: the page still exists, so leave it out explicitly.
        latest = (
            CommentaryPage.objects.live()
            .filter(trend_id=page.trend_id)
            .exclude(pk=page.pk)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        TrendLatest.objects.filter(trend_id=page.trend_id).delete()
        if latest is not None:
            TrendLatest.objects.create(trend_id=page.trend_id, commentary_id=latest)
    else:
        refresh_trend_latest([page.trend_id])


def after_bulk_load(trend_ids: Iterable[int]) -> None:
    """Derived data and planner statistics after pages were inserted in bulk.

    Similar lists are left to ``rebuild_similar`` (one pass for everything loaded).
    """
    refresh_trend_latest(trend_ids)
    with connection.cursor() as cursor:
        # Fresh statistics let SQLite's and PostgreSQL's planners pick the selective
        # index (a trend's pages rather than a whole language's) on large archives.
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # The search tables too: search reads their term statistics to tell a common
            # word from a rare one, and the planner needs them as well.
            cursor.execute(
                "ANALYZE wagtailcore_page, monitoring_commentarypage, monitoring_trendpage,"
                " wagtailsearch_indexentry, monitoring_searchterms"
            )
