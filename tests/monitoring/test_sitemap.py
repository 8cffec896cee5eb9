"""The sitemap: an index of paginated sections listing every public page with its
language versions."""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from lxml import etree
from wagtail.models import Page, PageViewRestriction

from watchdesk.monitoring import queries
from watchdesk.monitoring.models import (
    AboutPage,
    CommentaryPage,
    HomePage,
    TrendIndexPage,
    TrendPage,
)
from watchdesk.monitoring.sitemaps import CommentarySitemap

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
PUBLIC_TYPES = (HomePage, TrendIndexPage, TrendPage, AboutPage, CommentaryPage)


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def _local(address: str) -> str:
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sitemap(client) -> dict[str, set[tuple[str, str]]]:
    """Every listed address with its (hreflang, address) alternates, read through the
    index and each section page it lists."""
    index = _xml(client, "/sitemap.xml")
    sections = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert sections
    found: dict[str, set[tuple[str, str]]] = {}
    for section in sections:
        urlset = _xml(client, _local(section))
        for url in urlset.xpath("//sm:url", namespaces=NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            assert loc not in found, loc
            assert url.findtext("sm:lastmod", namespaces=NS)
            found[loc] = {
                (link.get("hreflang"), link.get("href"))
                for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=NS)
            }
    return found


def _absolute(page: Page) -> str:
    return settings.WATCHDESK_BASE_URL + queries.page_url(page.url_path, page.locale.language_code)


def _public_pages():
    return Page.objects.live().type(*PUBLIC_TYPES).select_related("locale")


def test_sitemap_lists_every_live_public_page_in_every_language(reader, sample):
    listed = _sitemap(reader)
    expected = {_absolute(page) for page in _public_pages()}
    assert expected <= set(listed), sorted(expected - set(listed))[:5]
    assert {urlsplit(loc).path.split("/")[1] for loc in listed} == {"en", "ru", "be"}
    for home in sample["homes"].values():
        assert _absolute(home) + "ledger/" in listed
    assert settings.WATCHDESK_BASE_URL + "/en/weeks/2017-02-06/" in listed


def test_listed_addresses_resolve(reader, sample):
    listed = sorted(_sitemap(reader))
    commentaries = [loc for loc in listed if loc.count("/") > 6]
    others = [loc for loc in listed if loc.count("/") <= 6]
    # Every page that is not a commentary, and a spread of commentaries.
    for loc in others + commentaries[::25]:
        assert reader.get(_local(loc)).status_code == 200, loc


def test_every_translated_page_lists_each_language_version(reader, sample):
    listed = _sitemap(reader)
    versions = defaultdict(set)
    pages = list(_public_pages())
    for page in pages:
        versions[page.translation_key].add((page.locale.language_code, _absolute(page)))
    translated = [p for p in pages if len(versions[p.translation_key]) > 1]
    assert any(p.specific_class is CommentaryPage for p in translated)
    for page in translated:
        assert listed[_absolute(page)] == versions[page.translation_key], page.url_path


def test_private_pages_are_left_out(reader, sample):
    trend = sample["trends"]["security"]["en"]
    PageViewRestriction.objects.create(page=trend, restriction_type="password", password="x")
    listed = _sitemap(reader)
    hidden = _absolute(trend)
    assert not [loc for loc in listed if loc.startswith(hidden)]
    russian = _absolute(sample["trends"]["security"]["ru"])
    assert ("en", hidden) not in listed[russian]
    assert ("ru", russian) in listed[russian]


def test_sections_are_paginated_with_bounded_queries(
    reader, sample, monkeypatch, django_assert_num_queries
):
    whole = _sitemap(reader)
    monkeypatch.setattr(CommentarySitemap, "limit", 40)
    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)
    index = _xml(reader, "/sitemap.xml")
    pages = [
        _local(loc)
        for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
        if "commentaries" in loc
    ]
    total = CommentaryPage.objects.live().count()
    assert len(pages) == -(-total // 40) > 2
    assert pages[1].endswith("?p=2")
    # A count, the section page's rows, their language versions, and the view
    # restrictions read once for the rows and once for the versions: the same for any size.
    for page in (pages[0], pages[-1]):
        with django_assert_num_queries(5):
            urlset = _xml(reader, page)
        assert 0 < len(urlset) <= 40
    assert _sitemap(reader) == whole
    assert reader.get(pages[0].split("?")[0] + f"?p={len(pages) + 1}").status_code == 404


@pytest.mark.parametrize("section", ["pages", "weeks", "commentaries"])
def test_section_query_count_does_not_grow_with_the_archive(
    reader, sample, monkeypatch, django_assert_num_queries, section
):
    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)
    url = f"/sitemap-{section}.xml"
    assert reader.get(url).status_code == 200
    with django_assert_num_queries(5):  # as above
        reader.get(url)


def test_unknown_section_is_not_found(reader, sample):
    assert reader.get("/sitemap-nothing.xml").status_code == 404
