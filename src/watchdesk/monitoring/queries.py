"""Read-side helpers for the public pages: each one a bounded number of queries.

Pages call these and only read stored data; nothing here computes similarity or
statistics on the fly.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min
from wagtail.models import Locale, Page, Site

from watchdesk.analysis.weeks import Week
from watchdesk.monitoring.models import (
    Author,
    CommentaryAuthor,
    CommentaryPage,
    SimilarCommentary,
    TrendPage,
)
from watchdesk.monitoring.verdicts import Verdict

_ROOTS_TTL = 5.0
_roots_memo: tuple[float, list] = (float("-inf"), [])


def site_roots() -> list:
    """Wagtail's site root paths, memoised in the process for a few seconds.

    Wagtail keeps them in the Django cache, but every read unpickles the list, and a
    page renders dozens of links. ``forget_site_roots`` drops the memo when a site
    changes (connected to Site saves and deletions).
    """
    global _roots_memo
    now = time.monotonic()
    if now - _roots_memo[0] > _ROOTS_TTL:
        _roots_memo = (now, Site.get_site_root_paths())
    return _roots_memo[1]


def forget_site_roots(**kwargs) -> None:
    global _roots_memo
    _roots_memo = (float("-inf"), [])


def public(queryset):
    """Live pages outside any private section (a view restriction on the page or on
    one of its ancestors).

    Wagtail's own ``PageQuerySet.public()``: one query reads the (few) restrictions,
    then their sections are left out by path prefix. Checking them as a correlated
    subquery instead saved that query but made SQLite search the page tree once per
    row: a 100,000-commentary sitemap did not finish in five minutes.
    """
    return queryset.filter(live=True).public()


def trend_choices(language: str) -> list[tuple[str, str]]:
    """(translation key, name) of the language's public trends, in their order: a key
    names the same trend in every language (search and digest filters)."""
    rows = (
        public(TrendPage.objects.all())
        .filter(locale__language_code=language)
        .order_by("order", "title")
        .values_list("translation_key", "title")
    )
    return [(str(key), title) for key, title in rows]


def absolute(path: str) -> str:
    """A site address with the scheme and host readers know the site by
    (``WATCHDESK_BASE_URL``): for feeds, sitemaps, mails and the API."""
    return settings.WATCHDESK_BASE_URL + path


def page_url(url_path: str, language: str) -> str:
    """The public address of the page at ``url_path`` in ``language``.

    Equivalent to ``Page.url`` for this site's layout (language prefix + path below the
    language's home page) without building a page object or reversing a URL pattern:
    lists render dozens of links, and this is the hot path.
    """
    for root in site_roots():
        if root.language_code == language and url_path.startswith(root.root_path):
            return f"/{language}/{url_path[len(root.root_path) :]}"
    return Page(url_path=url_path).url or "#"


@dataclass(frozen=True)
class Item:
    """A commentary as lists show it: read with ``values()``, no page object."""

    id: int
    title: str
    url: str
    language: str
    published_at: dt.datetime | None
    week_start: dt.date | None
    verdict: str
    excerpt: str
    trend_title: str
    trend_url: str

    @property
    def verdict_info(self) -> Verdict:
        return Verdict(self.verdict)

    @classmethod
    def from_row(cls, row: dict, prefix: str = "") -> Item:
        lang = row[f"{prefix}locale__language_code"]
        return cls(
            id=row[f"{prefix}id"],
            title=row[f"{prefix}title"],
            url=page_url(row[f"{prefix}url_path"], lang),
            language=lang,
            published_at=row[f"{prefix}published_at"],
            week_start=row[f"{prefix}week_start"],
            verdict=row[f"{prefix}verdict"],
            excerpt=row[f"{prefix}excerpt"],
            trend_title=row[f"{prefix}trend__title"] or "",
            trend_url=_optional_url(row[f"{prefix}trend__url_path"], lang),
        )


ITEM_FIELDS = (
    "id",
    "title",
    "url_path",
    "locale__language_code",
    "published_at",
    "week_start",
    "verdict",
    "excerpt",
    "trend__title",
    "trend__url_path",
)


def _optional_url(url_path: str | None, language: str) -> str:
    return page_url(url_path, language) if url_path else ""


def items(queryset, prefix: str = "") -> list[Item]:
    rows = queryset.values(*(prefix + f for f in ITEM_FIELDS))
    return [Item.from_row(row, prefix) for row in rows]


TREND_LINK_FIELDS = ("title", "url_path", "translation_key", "locale_id", "depth", "path", "live")


def page_by_path(root_path: str, components: list[str]) -> Page | None:
    """The live trend or commentary at the home page's ``root_path`` + components, in
    one query (slug is indexed; the URL path confirms the place in the tree)."""
    expected = root_path + "/".join(components) + "/"
    if len(components) == 3 and components[0] == "trends":
        # The trend is shown by name and link only: load just those columns of it.
        own = [f.name for f in CommentaryPage._meta.concrete_fields if f.name != "trend"]
        queryset = CommentaryPage.objects.select_related("trend", "photo").only(
            *own, *(f"trend__{name}" for name in TREND_LINK_FIELDS)
        )
    elif len(components) == 2 and components[0] == "trends":
        queryset = TrendPage.objects.all()
    else:
        return None
    # A slice, not .first(): no ordering clause to add, measurably cheaper per request.
    found = list(queryset.filter(slug=components[-1], url_path=expected, live=True)[:1])
    return found[0] if found else None


def commentary_by_slug(trend: TrendPage, slug: str) -> CommentaryPage | None:
    found = (
        CommentaryPage.objects.select_related("photo")
        .filter(trend=trend, slug=slug, live=True)
        .first()
    )
    if found is not None:
        found.trend = trend
    return found


def live_commentaries(locale_id: int):
    return CommentaryPage.objects.live().filter(locale_id=locale_id)


def latest_week(locale_id: int) -> Week | None:
    start = live_commentaries(locale_id).aggregate(latest=Max("week_start"))["latest"]
    return Week(start) if start else None


def front_week(locale_id: int) -> Week | None:
    """The week the home page leads with: the latest one covered by most trends.

    A lone late item (an imported old page, or the first of a Monday's releases)
    does not push a complete week off the front page; it still shows in "Recent
    trends" and on its own week page.
    """
    trends = TrendPage.objects.live().filter(locale_id=locale_id).count()
    needed = max(1, -(-trends // 2))
    row = (
        live_commentaries(locale_id)
        .values("week_start")
        .annotate(n=Count("trend_id", distinct=True))
        .filter(n__gte=needed)
        .order_by("-week_start")
        .first()
    )
    return Week(row["week_start"]) if row else latest_week(locale_id)


def week_commentaries(locale_id: int, week: Week) -> list[Item]:
    return items(
        live_commentaries(locale_id)
        .filter(week_start=week.start)
        .order_by("trend__order", "trend__title", "-published_at")
    )


def neighbour_weeks(locale_id: int, week: Week) -> tuple[Week | None, Week | None]:
    """The nearest earlier and later weeks that have commentaries."""
    qs = live_commentaries(locale_id)
    before = qs.filter(week_start__lt=week.start).aggregate(d=Max("week_start"))["d"]
    after = qs.filter(week_start__gt=week.start).aggregate(d=Min("week_start"))["d"]
    return (Week(before) if before else None, Week(after) if after else None)


@dataclass(frozen=True)
class TrendStatus:
    title: str
    url: str
    description: str
    latest: Item | None


def recent_trends(locale_id: int) -> list[TrendStatus]:
    """Every trend of the language with its latest live commentary, in one query
    (the latest one per trend is stored by ``actions.refresh_trend_latest``)."""
    prefix = "latest__commentary__"
    # The commentary's trend is the row's own trend: no need to join it again.
    own = [f for f in ITEM_FIELDS if not f.startswith("trend__")]
    rows = (
        TrendPage.objects.live()
        .filter(locale_id=locale_id)
        .order_by("order", "title")
        .values(
            "title", "url_path", "description", "locale__language_code", *(prefix + f for f in own)
        )
    )
    statuses = []
    for row in rows:
        url = page_url(row["url_path"], row["locale__language_code"])
        latest = None
        if row[prefix + "id"]:
            row[prefix + "trend__title"], row[prefix + "trend__url_path"] = (
                row["title"],
                row["url_path"],
            )
            latest = Item.from_row(row, prefix)
        statuses.append(TrendStatus(row["title"], url, row["description"], latest))
    return statuses


def trend_commentaries(trend: TrendPage):
    """The trend's live commentaries, newest first, as ``values()`` rows (see ``items``)."""
    return (
        CommentaryPage.objects.live()
        .filter(trend=trend)
        .order_by("-published_at", "-pk")
        .values(*ITEM_FIELDS)
    )


@dataclass(frozen=True)
class StripCell:
    week: Week
    commentary: Item | None


def verdict_strip(trend: TrendPage, *, weeks: int = 52) -> list[StripCell]:
    """The trend's verdicts over ``weeks`` weeks ending at its latest published week."""
    qs = CommentaryPage.objects.live().filter(trend=trend)
    last = qs.aggregate(d=Max("week_start"))["d"]
    if last is None:
        return []
    end = Week(last)
    first = Week(end.start - dt.timedelta(weeks=weeks - 1))
    by_week: dict = {}
    for item in items(qs.filter(week_start__gte=first.start).order_by("published_at")):
        by_week[item.week_start] = item  # the latest of a week wins
    cells, week = [], first
    while week <= end:
        cells.append(StripCell(week, by_week.get(week.start)))
        week = week.next
    return cells


@dataclass(frozen=True)
class Similar:
    item: Item
    reasons: dict
    pinned: bool


def similar_items(page: CommentaryPage) -> list[Similar]:
    rows = (
        SimilarCommentary.objects.filter(source=page, target__live=True)
        .order_by("rank")
        .values("reasons", "pinned", *(f"target__{f}" for f in ITEM_FIELDS))
    )
    return [
        Similar(Item.from_row(row, "target__"), row["reasons"] or {}, row["pinned"]) for row in rows
    ]


def byline(page: CommentaryPage, locale: Locale | None = None) -> list[Author]:
    """The page's authors in page order, named in ``locale`` where translated."""
    authors = [
        link.author
        for link in CommentaryAuthor.objects.filter(page_id=page.pk)
        .select_related("author")
        .order_by("sort_order")
    ]
    locale_id = locale.pk if locale else page.locale_id
    if all(a.locale_id == locale_id for a in authors):
        return authors
    translated = {
        a.translation_key: a
        for a in Author.objects.filter(
            translation_key__in=[a.translation_key for a in authors], locale_id=locale_id
        )
    }
    return [translated.get(a.translation_key, a) for a in authors]


def translations(*pages: Page) -> list[dict[str, str]]:
    """For each page, the addresses of its live versions by language code (itself
    included); one query for all of them."""
    keys = [p.translation_key for p in pages]
    found: dict = {key: {} for key in keys}
    rows = Page.objects.filter(translation_key__in=keys, live=True).values_list(
        "translation_key", "url_path", "locale__language_code"
    )
    for key, url_path, language in rows:
        found[key][language] = page_url(url_path, language)
    return [found[key] for key in keys]
