# ruff: noqa: S608 - SQL names only constants here; what readers type goes in as parameters
"""Reader search over Wagtail's full-text index (SQLite FTS5 or PostgreSQL).

Wagtail's database backend keeps the index: it writes each commentary's
``search_document`` (analysis/search.py: terms, grouped names, facet terms) on
publish, edit and unpublish, and ``monitoring.search_index`` fills it after bulk loads
(with, on PostgreSQL, the narrow ``SearchTerms`` copy that ranking reads there).
Reading goes straight to those tables, one ranked and bounded statement per page of
results: Wagtail's ``.search()`` ranks through a correlated subquery per matching row,
which costs seconds for a common name in a 100,000-commentary archive; here the
database ranks inside its full-text engine (FTS5 ``bm25``, PostgreSQL ``ts_rank``)
and filters are terms of the same match, so they make a query cheaper, not dearer.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import mark_safe

from watchdesk.analysis import search as text
from watchdesk.monitoring import queries
from watchdesk.monitoring.models import CommentaryPage
from watchdesk.monitoring.queries import ITEM_FIELDS, Item

PAGE_SIZE = 20
MAX_RESULTS = 1000  # readers refine a query long before this; no result set is unbounded
MAX_PAGE = MAX_RESULTS // PAGE_SIZE
# Ranking reads every candidate's term statistics. A word in most commentaries ("Minsk")
# matches tens of thousands, so such queries are ranked among their most recently indexed
# RANK_WINDOW matches: recent commentaries first, and the time a query takes is bounded.
RANK_WINDOW = 2000
FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"
_TAG = re.compile(r"<[^>]*>")
SQLITE_PAGE_ID = "CAST(e.object_id AS INTEGER)"  # Wagtail stores object ids as text


@dataclass(frozen=True)
class Filters:
    language: str = ""  # "" = every language
    trend_key: str = ""  # a trend's translation key: the same trend in every language
    verdict: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Hit:
    item: Item
    snippet: str


@dataclass
class Results:
    text: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # capped at MAX_RESULTS + 1: "more than 1,000"
    page: int = 1
    suggestion: str = ""
    empty_query: bool = False

    @property
    def more_than_max(self) -> bool:
        return self.total > MAX_RESULTS

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, MAX_RESULTS) // PAGE_SIZE))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def build_query(raw: str, filters: Filters) -> text.Query:
    languages = [filters.language] if filters.language else list(text.LANGUAGES)
    query = text.parse(raw, languages)
    query.facets = []
    if filters.language:
        query.facets.append(text.language_facet(filters.language))
    if filters.verdict:
        query.facets.append(text.verdict_facet(filters.verdict))
    if filters.trend_key:
        query.facets.append(text.trend_facet(filters.trend_key))
    query.any_facets = text.date_facets(filters.since, filters.until)
    return query


def search(raw: str, filters: Filters = Filters(), page: int = 1) -> Results:  # noqa: B008
    """One page of ranked results for what a reader typed."""
    query = build_query(raw, filters)
    page = min(max(1, page), MAX_PAGE)
    results = Results(text=query.text, page=page)
    if query.empty:
        results.empty_query = bool(query.text)
        return results
    bounds = _bounds(filters)
    ids = _ranked_ids(query, bounds, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    results.total = _count(query, bounds)
    results.hits = _hits(ids, query)
    if results.total == 0:
        results.suggestion = _suggestion(query, filters)
    return results


# --- the index ------------------------------------------------------------------------


def _bounds(filters: Filters) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The exact date range as aware datetimes (month facets only narrow the match)."""
    zone = timezone.get_default_timezone()  # the zone the index's month terms are in
    since = until = None
    if filters.since:
        since = dt.datetime.combine(filters.since, dt.time.min, tzinfo=zone)
    if filters.until and filters.until < dt.date.max:
        until = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return since, until


def _date_join(bounds, page_id: str) -> tuple[str, list]:
    since, until = bounds
    if since is None and until is None:
        return "", []
    # CROSS JOIN keeps the full-text match as the outer loop: SQLite's planner would
    # otherwise walk the publication-date index and run the match once per page.
    kind = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    sql = f" {kind} monitoring_commentarypage c ON c.page_ptr_id = {page_id}"
    params = []
    if since is not None:
        sql += " AND c.published_at >= %s"
        params.append(since)
    if until is not None:
        sql += " AND c.published_at < %s"
        params.append(until)
    return sql, params


def _content_type() -> int:
    # Authors, images and other pages share the index table; only commentaries count.
    return ContentType.objects.get_for_model(CommentaryPage).pk


def _ranked_ids(query: text.Query, bounds, limit: int, offset: int) -> list[int]:
    if connection.vendor != "sqlite":
        return _ranked_ids_postgres(query, bounds, limit, offset)
    join, join_params = _date_join(bounds, SQLITE_PAGE_ID)
    sql = (
        "SELECT e.object_id FROM ("
        f" SELECT rowid AS id, rank AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        " ORDER BY rowid DESC LIMIT %s) m"
        f" CROSS JOIN {ENTRY_TABLE} e ON e.id = m.id AND e.content_type_id = %s{join}"
        " ORDER BY m.score, m.id DESC LIMIT %s OFFSET %s"
    )
    params = [
        "{body} : (" + text.fts5(query) + ")",
        RANK_WINDOW,
        _content_type(),
        *join_params,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(row[0]) for row in cursor.fetchall()]


COMMON = 0.2  # share of commentaries above which a query counts as common
_frequencies: tuple[float, dict[str, float]] = (float("-inf"), {})


def _term_shares() -> dict[str, float]:
    """PostgreSQL's own statistics of the terms column: the share of rows holding each
    of its most common terms (refreshed by ANALYZE), read at most once a minute."""
    global _frequencies
    now = time.monotonic()
    if now - _frequencies[0] > 60:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'monitoring_searchterms' AND attname = 'terms'"
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _frequencies = (now, shares)
    return _frequencies[1]


def _share_matching(query: text.Query) -> float:
    """An upper estimate of the share of commentaries the query matches: its rarest
    required part (a phrase counts as rare)."""
    shares = _term_shares()
    estimates = [1.0]
    for part in query.parts:
        if part.phrase:
            estimates.append(0.0)
        else:
            estimates.append(min(1.0, sum(shares.get(t, 0.0) for t in part.alternatives)))
    estimates += [shares.get(f, 0.0) for f in query.facets]
    if query.any_facets:
        estimates.append(min(1.0, sum(shares.get(f, 0.0) for f in query.any_facets)))
    return min(estimates)


def _ranked_ids_postgres(query: text.Query, bounds, limit: int, offset: int) -> list[int]:
    """PostgreSQL ranks from the narrow copy of the terms (``SearchTerms``), which Wagtail
    keeps nothing like: its index rows are too wide to read by the thousand."""
    join, join_params = _date_join(bounds, "x.page_id")
    tsq = text.tsquery(query)
    with transaction.atomic(), connection.cursor() as cursor:
        # Two ways to the newest matches, chosen by how common the query is. A word in
        # most commentaries: walk the primary key backwards; the newest few thousand
        # rows hold enough matches. Anything rarer: the full-text index finds every
        # match (the planner, estimating from averages, would walk backwards through
        # most of the table for a name of the archive's older years). Ends with the block.
        if _share_matching(query) >= COMMON:
            # Both settings each time: inside an enclosing transaction an earlier
            # search's SET LOCAL would still hold (it lasts to the outer commit).
            cursor.execute(
                "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan TO DEFAULT"
            )
            # The walk reads each row's terms to test it; ranking reuses what it read.
            window = (
                "SELECT page_id, terms FROM monitoring_searchterms"
                " WHERE terms @@ to_tsquery('simple', %s) ORDER BY page_id DESC LIMIT %s"
            )
            source = f"({window}) x"
        else:
            cursor.execute(
                "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan TO DEFAULT"
            )
            # Collecting every match sorts page ids only: carrying each match's terms
            # through the sort cost more than reading the window's terms back by key.
            window = (
                "SELECT page_id FROM monitoring_searchterms"
                " WHERE terms @@ to_tsquery('simple', %s) ORDER BY page_id DESC LIMIT %s"
            )
            source = f"({window}) w JOIN monitoring_searchterms x ON x.page_id = w.page_id"
        cursor.execute(
            f"SELECT x.page_id FROM {source}{join}"
            " ORDER BY ts_rank(x.terms, to_tsquery('simple', %s)) DESC, x.page_id DESC"
            " LIMIT %s OFFSET %s",
            [tsq, RANK_WINDOW, *join_params, tsq, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def _count(query: text.Query, bounds, cap: int = MAX_RESULTS + 1) -> int:
    if connection.vendor == "sqlite":
        join, join_params = _date_join(bounds, SQLITE_PAGE_ID)
        inner = (
            # The full-text table keeps its own name: MATCH through an alias is not
            # used as an index and degrades into a scan of every row.
            f"SELECT 1 FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e"
            f" ON e.id = {FTS_TABLE}.rowid AND e.content_type_id = %s{join}"
            f" WHERE {FTS_TABLE} MATCH %s LIMIT %s"
        )
        params = [_content_type(), *join_params, "{body} : (" + text.fts5(query) + ")", cap]
    else:
        join, join_params = _date_join(bounds, "x.page_id")
        inner = (
            f"SELECT 1 FROM monitoring_searchterms x{join}"
            " WHERE x.terms @@ to_tsquery('simple', %s) LIMIT %s"
        )
        params = [*join_params, text.tsquery(query), cap]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({inner}) AS hits", params)
        return cursor.fetchone()[0]


def _hits(ids: list[int], query: text.Query) -> list[Hit]:
    if not ids:
        return []
    # Live and outside private sections now: a restriction set on a trend (or a page)
    # after indexing hides its commentaries at once.
    rows = queries.public(CommentaryPage.objects.filter(pk__in=ids)).values(
        *ITEM_FIELDS, "lead", "body"
    )
    by_id = {row["id"]: row for row in rows}
    hits = []
    for pk in ids:
        row = by_id.get(pk)
        if row is None:  # withdrawn or made private since the index was written
            continue
        item = Item.from_row(row)
        body = html.unescape(_TAG.sub(" ", row["body"]))  # sanitised rich text: tags only
        passage = text.snippet(f"{row['lead']}\n{body}", query, item.language)
        hits.append(Hit(item, mark_safe(passage)))  # noqa: S308 - escaped in snippet()
    return hits


def _suggestion(query: text.Query, filters: Filters) -> str:
    from watchdesk.monitoring import similar

    languages = [filters.language] if filters.language else list(text.LANGUAGES)

    def is_known(part: text.Part) -> bool:
        alone = text.Query(text=part.text, parts=[part])
        return _count(alone, (None, None), cap=1) > 0

    # Each language's vocabulary (lemmas, which read as words, and names) as the last
    # fit of the similar-articles models wrote it beside their snapshot.
    words = [w for language in languages for w in similar.vocabulary(language)]
    return text.suggest(query, is_known, words)
