"""Write paths for monitoring data: one function per domain change.

Views, signal receivers, commands and the importer call these, so that a
commentary's derived data (similar-article lists) is refreshed in exactly one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils.html import strip_tags
from wagtail.models import Locale

from watchdesk.analysis import similarity
from watchdesk.monitoring.models import CommentaryPage, SimilarCommentary, TrendLatest

Progress = Callable[[int], None]


def similarity_text(title: str, lead: str, body_html: str) -> str:
    """The text a commentary is compared by: its words, without markup."""
    return "\n".join(part for part in (title, lead, strip_tags(body_html)) if part)


def _corpus(locale_id: int, *, exclude: int | None = None) -> list[tuple[int, str]]:
    rows = (
        CommentaryPage.objects.live()
        .filter(locale_id=locale_id)
        .order_by("pk")
        .values_list("pk", "title", "lead", "body")
    )
    return [(pk, similarity_text(t, lead, body)) for pk, t, lead, body in rows if pk != exclude]


def _language(locale_id: int) -> str:
    return Locale.objects.get(pk=locale_id).language_code


def _stored_lists(locale_id: int) -> dict[int, list[similarity.Neighbour]]:
    lists: dict[int, list[similarity.Neighbour]] = defaultdict(list)
    rows = (
        SimilarCommentary.objects.filter(source__locale_id=locale_id)
        .order_by("source_id", "rank")
        .values_list("source_id", "target_id", "score")
    )
    for source, target, score in rows:
        lists[source].append(similarity.Neighbour(target, score))
    return lists


def _write_lists(lists: dict[int, list[similarity.Neighbour]]) -> None:
    if not lists:
        return
    SimilarCommentary.objects.filter(source_id__in=list(lists)).delete()
    SimilarCommentary.objects.bulk_create(
        SimilarCommentary(source_id=source, target_id=n.id, rank=rank, score=n.score)
        for source, items in lists.items()
        for rank, n in enumerate(items, start=1)
    )


@transaction.atomic
def refresh_similar(page: CommentaryPage, *, withdrawn: bool = False) -> int:
    """Update similar-article lists after ``page`` was published, changed or withdrawn.

    Recomputes the page's own list (empty if it is no longer live, or is being
    deleted: ``withdrawn``) and the lists it enters or leaves. Returns how many
    lists were written.
    """
    live = not withdrawn and CommentaryPage.objects.live().filter(pk=page.pk).exists()
    docs = _corpus(page.locale_id, exclude=None if live else page.pk)
    changed = similarity.refresh(
        page.pk, docs, _stored_lists(page.locale_id), language=_language(page.locale_id)
    )
    if not live:
        changed[page.pk] = []
    _write_lists(changed)
    return len(changed)


def rebuild_similar(
    locale_ids: Iterable[int] | None = None, *, progress: Progress | None = None
) -> int:
    """Recompute every list from scratch, one language at a time; returns the list count."""
    if locale_ids is None:
        locale_ids = CommentaryPage.objects.live().values_list("locale_id", flat=True).distinct()
    written = 0
    for locale_id in sorted(set(locale_ids)):
        docs = _corpus(locale_id)
        lists = similarity.all_neighbours(docs, language=_language(locale_id))
        with transaction.atomic():
            SimilarCommentary.objects.filter(source__locale_id=locale_id).delete()
            _write_lists({k: v for k, v in lists.items() if v})
        written += len(lists)
        if progress:
            progress(len(lists))
    return written


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
            cursor.execute(
                "ANALYZE wagtailcore_page, monitoring_commentarypage, monitoring_trendpage"
            )
