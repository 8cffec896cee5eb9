"""RSS 2.0 and Atom 1.0 feeds of the latest commentaries.

Three scopes: the whole site (every language), one language, one trend of one
language. A feed is one query for its items and one for their authors (plus one for
the trend it follows);
links are absolute on ``WATCHDESK_BASE_URL``, the address readers know the site by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from watchdesk.monitoring import queries
from watchdesk.monitoring.models import CommentaryAuthor, CommentaryPage, TrendPage
from watchdesk.monitoring.verdicts import Verdict

FEED_SIZE = 50
EVERY_LANGUAGE = "all"
# The year of the archive's first commentary: the date part of the items' tag URIs
# (RFC 4151), fixed so that an item's id never changes.
TAG_DATE = "2016"


class _RssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's language (Dublin Core), as the site-wide feed mixes them."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class _AtomFeed(Atom1Feed):
    def item_attributes(self, item):
        return {"xml:lang": item["language"]} if item.get("language") else {}


@dataclass(frozen=True)
class Scope:
    """What one feed follows: a language (None: all of them), optionally one trend."""

    language: str | None
    trend: TrendPage | None
    path: str


@dataclass(frozen=True)
class FeedItem(queries.Item):
    """A commentary with its authors' names, in byline order."""

    authors: tuple[str, ...] = field(default=())


def _with_authors(items: list[queries.Item]) -> list[FeedItem]:
    names: dict[int, list[str]] = {}
    links = (
        CommentaryAuthor.objects.filter(page_id__in=[item.id for item in items])
        .order_by("page_id", "sort_order")
        .values_list("page_id", "author__name")
    )
    for page_id, name in links:
        names.setdefault(page_id, []).append(name)
    return [FeedItem(**vars(item), authors=tuple(names.get(item.id, ()))) for item in items]


class CommentaryFeed(Feed):
    feed_type = _RssFeed

    def __call__(self, request, lang: str, trend: str | None = None):
        if lang != EVERY_LANGUAGE and lang not in dict(settings.LANGUAGES):
            raise Http404(_("There is no feed in that language."))
        # Titles, descriptions and verdict words in the feed's own language, whatever
        # the reader's browser asks for; the site-wide feed speaks the default one.
        with translation.override(settings.LANGUAGE_CODE if lang == EVERY_LANGUAGE else lang):
            return super().__call__(request, lang=lang, trend=trend)

    def get_object(self, request, lang: str, trend: str | None = None) -> Scope:
        language = None if lang == EVERY_LANGUAGE else lang
        found = None
        if trend is not None:
            if language is None:
                raise Http404
            found = (
                queries.public(TrendPage.objects.filter(slug=trend, locale__language_code=language))
                .only("title", "url_path", "slug")
                .first()
            )
            if found is None:
                raise Http404(_("There is no such trend."))
        return Scope(language, found, request.path)

    # --- the feed ---------------------------------------------------------------------
    def title(self, scope: Scope) -> str:
        site = settings.WAGTAIL_SITE_NAME
        if scope.trend is not None:
            return _("%(site)s: %(trend)s") % {"site": site, "trend": scope.trend.title}
        if scope.language is None:
            return _("%(site)s: commentaries in every language") % {"site": site}
        return _("%(site)s: weekly commentaries") % {"site": site}

    def description(self, scope: Scope) -> str:
        if scope.trend is not None:
            return _("The latest weekly commentaries on “%(trend)s”, with their verdicts.") % {
                "trend": scope.trend.title
            }
        if scope.language is None:
            return _("The latest weekly commentaries in every language, with their verdicts.")
        return _("The latest weekly commentaries on political trends, with their verdicts.")

    subtitle = description  # Atom's name for it

    def link(self, scope: Scope) -> str:
        if scope.trend is not None:
            return queries.absolute(queries.page_url(scope.trend.url_path, scope.language))
        return queries.absolute(f"/{scope.language}/" if scope.language else "/")

    def feed_url(self, scope: Scope) -> str:
        return queries.absolute(scope.path)

    feed_guid = feed_url  # Atom's feed id: its own address, distinct for each format

    def items(self, scope: Scope) -> list[FeedItem]:
        commentaries = queries.public(CommentaryPage.objects.filter(published_at__isnull=False))
        if scope.language is not None:
            commentaries = commentaries.filter(locale__language_code=scope.language)
        if scope.trend is not None:
            commentaries = commentaries.filter(trend=scope.trend)
        return _with_authors(
            queries.items(commentaries.order_by("-published_at", "-pk")[:FEED_SIZE])
        )

    # --- one commentary ----------------------------------------------------------------
    def item_title(self, item: queries.Item) -> str:
        return item.title

    def item_link(self, item: queries.Item) -> str:
        return queries.absolute(item.url)

    def item_guid(self, item: queries.Item) -> str:
        # The page id, not the address: a renamed commentary is not a new item.
        host = urlsplit(settings.WATCHDESK_BASE_URL).hostname or "localhost"
        return f"tag:{host},{TAG_DATE}:commentary:{item.id}"

    item_guid_is_permalink = False

    def item_author_name(self, item: FeedItem) -> str | None:
        # RSS gets it as dc:creator, Atom as the entry's author; one field for all names.
        return ", ".join(item.authors) or None

    def item_pubdate(self, item: queries.Item):
        return item.published_at

    def item_description(self, item: queries.Item) -> str:
        # In the commentary's own language: the site-wide feed mixes them.
        with translation.override(item.language):
            verdict = _("Verdict: %(verdict)s") % {"verdict": _verdict(item).phrase}
        if not item.excerpt:
            return format_html("<p>{}</p>", verdict)
        return format_html("<p>{}</p><p>{}</p>", verdict, item.excerpt)

    def item_categories(self, item: queries.Item) -> list[str]:
        with translation.override(item.language):
            verdict = str(_verdict(item).label)
        return [c for c in (item.trend_title, verdict) if c]

    def item_extra_kwargs(self, item: queries.Item) -> dict:
        return {"language": item.language}


class CommentaryAtomFeed(CommentaryFeed):
    feed_type = _AtomFeed


def _verdict(item: queries.Item) -> Verdict:
    try:
        return Verdict(item.verdict)
    except ValueError:
        return Verdict.NOT_ASSESSED
