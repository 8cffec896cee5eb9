"""The sitemap: every public page in every language, with hreflang alternates.

``/sitemap.xml`` is an index (Django's ``index`` view) of paginated sections, so an
archive of hundreds of thousands of commentaries stays a few small documents. Each
section page reads its rows in one query and the language versions of those rows in
one more, grouped by Wagtail's ``translation_key``; nothing is loaded per URL.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils.functional import cached_property
from wagtail.models import Page

from watchdesk.monitoring.bootstrap import languages
from watchdesk.monitoring.models import (
    AboutPage,
    CommentaryPage,
    HomePage,
    TrendIndexPage,
    TrendPage,
)
from watchdesk.monitoring.queries import page_url, public

SECTION_SIZE = 5_000

PAGE_FIELDS = ("id", "url_path", "translation_key", "locale__language_code", "last_published_at")


def _base() -> tuple[str, str]:
    """Scheme and host (with any path prefix) of ``WATCHDESK_BASE_URL``: sitemap
    addresses are the canonical ones, whatever host the request came in on."""
    parts = urlsplit(settings.WATCHDESK_BASE_URL)
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


class _Section(Sitemap):
    """A section of ``(location, lastmod, alternates)`` rows; subclasses say which
    rows (``items``) and how one row becomes addresses (``entries``)."""

    limit = SECTION_SIZE

    @cached_property
    def paginator(self):
        # Django builds a new paginator on every access, which would count again.
        return super().paginator

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, domain = _base()
        return self._urls(page, scheme, domain)

    def _urls(self, page, protocol, domain):
        base = f"{protocol}://{domain}"
        rows = list(self.paginator.page(page).object_list)
        urls = []
        for location, lastmod, versions in self.entries(rows):
            urls.append(
                {
                    "item": location,
                    "location": base + location,
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": "",
                    "alternates": [
                        {"location": base + versions[code], "lang_code": code}
                        for code in languages()
                        if code in versions
                    ],
                }
            )
        stamps = [url["lastmod"] for url in urls if url["lastmod"]]
        if stamps:
            self.latest_lastmod = max(stamps)
        return urls

    def entries(self, rows):
        raise NotImplementedError


class _TranslatedPages(_Section):
    page_types: tuple[type[Page], ...] = ()
    fields = PAGE_FIELDS

    def _pages(self):
        return public(Page.objects.type(*self.page_types))

    def items(self):
        return self._pages().order_by("path").values_list(*self.fields, named=True)

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of reading every item.
        return self._pages().aggregate(d=Max("last_published_at"))["d"]

    def suffixes(self, row) -> tuple[str, ...]:
        """Addresses served below the page itself (routable sub-pages)."""
        return ("",)

    def entries(self, rows):
        versions = _versions({row.translation_key for row in rows})
        for row in rows:
            own = versions.get(row.translation_key, {})
            for suffix in self.suffixes(row):
                location = page_url(row.url_path, row.locale__language_code) + suffix
                yield location, row.last_published_at, {k: v + suffix for k, v in own.items()}


def _versions(keys: set) -> dict:
    """Public addresses of the live, public pages sharing each translation key, by
    language; one query for a whole section page."""
    found: dict = {}
    rows = public(Page.objects.filter(translation_key__in=keys)).values_list(
        "translation_key", "url_path", "locale__language_code"
    )
    for key, url_path, language in rows:
        found.setdefault(key, {})[language] = page_url(url_path, language)
    return found


class PagesSitemap(_TranslatedPages):
    """Home pages (with their ledger), "All trends", the trends and About."""

    page_types = (HomePage, TrendIndexPage, TrendPage, AboutPage)
    fields = (*PAGE_FIELDS, "content_type_id")

    @cached_property
    def _home_type(self) -> int:
        return ContentType.objects.get_for_model(HomePage).pk

    def suffixes(self, row):
        # The ledger is a routable page of each home page, as its own address.
        return ("", "ledger/") if row.content_type_id == self._home_type else ("",)


class CommentarySitemap(_TranslatedPages):
    page_types = (CommentaryPage,)

    def items(self):
        # By id rather than tree path: new commentaries land on the last section page
        # and earlier pages keep their contents.
        return super().items().order_by("pk")


class WeekSitemap(_Section):
    """The week pages: one address per language that has commentaries that week."""

    def _commentaries(self):
        return public(CommentaryPage.objects.filter(week_start__isnull=False))

    def items(self):
        return (
            self._commentaries()
            .values_list("week_start", flat=True)
            .distinct()
            .order_by("week_start")
        )

    def get_latest_lastmod(self):
        return self._commentaries().aggregate(d=Max("last_published_at"))["d"]

    def entries(self, rows):
        found: dict[dt.date, dict[str, dt.datetime | None]] = {}
        per_language = (
            self._commentaries()
            .filter(week_start__in=rows)
            .values_list("week_start", "locale__language_code")
            .annotate(d=Max("last_published_at"))
            .order_by()
        )
        for start, language, stamp in per_language:
            found.setdefault(start, {})[language] = stamp
        for start in rows:
            stamps = found.get(start, {})
            versions = {code: f"/{code}/weeks/{start.isoformat()}/" for code in stamps}
            for code in languages():
                if code in stamps:
                    yield versions[code], stamps[code], versions


SITEMAPS = {"pages": PagesSitemap, "weeks": WeekSitemap, "commentaries": CommentarySitemap}
