"""Keeping Wagtail's full-text index whole when pages are written without signals.

Single edits, publications and withdrawals are indexed by Wagtail's own signal
handlers; bulk inserts (``tree.add_live_children``) and in-place re-imports
(``CommentaryPage.write_in_place``) call ``index`` here instead. On PostgreSQL every
write also goes to the narrow ``SearchTerms`` copy that ranking reads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from wagtail.search.backends import get_search_backend

BATCH = 1000
DOCUMENT_MEMO = "_search_document_built"  # see _documents_built_once
_deferred = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Collect index writes and make them once, in batches, at the end: an import that
    writes items one by one would otherwise pay the backend's per-call cost each time.
    The pages are read again at the end, so whatever was rolled back is not indexed."""
    if getattr(_deferred, "ids", None) is not None:  # already collecting
        yield
        return
    _deferred.ids = set()
    try:
        yield
    finally:
        ids, _deferred.ids = _deferred.ids, None
        # Inside a transaction marked for rollback (a dry run, a failed step) nothing
        # written will stay, so there is nothing to index.
        if ids and not (connection.in_atomic_block and connection.needs_rollback):
            from watchdesk.monitoring.models import CommentaryPage

            found = CommentaryPage.objects.filter(pk__in=ids).select_related("trend", "locale")
            index(found.order_by("pk").iterator(chunk_size=BATCH))


def index(pages: Iterable, *, progress: Callable[[int], None] | None = None) -> int:
    """Write commentaries (with ``trend`` and ``locale`` loaded) into the index."""
    from watchdesk.monitoring.models import CommentaryPage

    collecting = getattr(_deferred, "ids", None)
    if collecting is not None:
        collecting.update(p.pk for p in pages if isinstance(p, CommentaryPage))
        return 0
    backend = get_search_backend()
    done = 0
    batch: list = []

    def flush() -> None:
        nonlocal done, batch
        if batch:
            with _documents_built_once(batch):
                backend.add_bulk(CommentaryPage, batch)
                write_terms(batch)
            done += len(batch)
            if progress:
                progress(len(batch))
            batch = []

    for page in pages:
        if isinstance(page, CommentaryPage):
            batch.append(page)
            if len(batch) == BATCH:
                flush()
    flush()
    return done


@contextmanager
def _documents_built_once(pages: list) -> Iterator[None]:
    """Build each page's search document once for a batch's writes: Wagtail's SQLite
    backend reads the field three times per page, and PostgreSQL writes the document
    twice (Wagtail's entry and ``SearchTerms``). Only for these writes: an instance
    edited afterwards builds its document afresh."""
    try:
        for page in pages:
            page.__dict__[DOCUMENT_MEMO] = page.search_document()
        yield
    finally:
        for page in pages:
            page.__dict__.pop(DOCUMENT_MEMO, None)


def write_terms(pages: list) -> None:
    """PostgreSQL: the narrow copy of the pages' search terms (see ``SearchTerms``)."""
    if connection.vendor != "postgresql" or not pages:
        return
    rows = [(page.pk, page.search_document()) for page in pages]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO monitoring_searchterms (page_id, terms)"
            " VALUES (%s, to_tsvector('simple', %s))"
            " ON CONFLICT (page_id) DO UPDATE SET terms = EXCLUDED.terms",
            rows,
        )


def page_saved(page_id: int) -> None:
    """After Wagtail indexed a saved commentary (publish, edit, unpublish)."""
    if connection.vendor != "postgresql":
        return
    from watchdesk.monitoring.models import CommentaryPage

    found = CommentaryPage.objects.select_related("trend").filter(pk=page_id).first()
    if found is not None:
        write_terms([found])


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Index every commentary again (after an upgrade of the search text, say)."""
    from watchdesk.monitoring.models import CommentaryPage

    pages = CommentaryPage.objects.select_related("trend", "locale").order_by("pk")
    written = index(pages.iterator(chunk_size=BATCH), progress=progress)
    tidy()
    return written


def tidy() -> None:
    """PostgreSQL, after every row of the index was written again: reclaim the old row
    versions and refresh the term statistics now. Until autovacuum comes round (or
    never, where it is off) the dead half of the table is read by every search, and
    search decides from those statistics how to find a word's newest matches."""
    if connection.vendor != "postgresql":
        return
    tables = "wagtailsearch_indexentry, monitoring_searchterms"
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
