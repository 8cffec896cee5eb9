"""RSS and Atom feeds: the whole site, one language, one trend."""

from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from lxml import etree
from wagtail.models import Page, PageViewRestriction

from tests.factories import make_commentary, minsk
from watchdesk.monitoring import queries
from watchdesk.monitoring.feeds import FEED_SIZE
from watchdesk.monitoring.models import CommentaryPage
from watchdesk.monitoring.verdicts import Verdict

FEEDS = [
    "/feeds/all.rss",
    "/feeds/all.atom",
    *(f"/feeds/{lang}.{fmt}" for lang in ("en", "ru", "be") for fmt in ("rss", "atom")),
    "/feeds/en/security.rss",
    "/feeds/en/security.atom",
    "/feeds/ru/security.rss",
    "/feeds/be/belarus-russia.atom",
]


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


def _verdict_words(lang: str) -> set[str]:
    from django.utils import translation

    with translation.override(lang):
        return {str(v.label) for v in Verdict} | {v.phrase for v in Verdict}


def _path(link: str) -> str:
    assert link.startswith(settings.WATCHDESK_BASE_URL + "/"), link
    return urlsplit(link).path


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_and_every_entry_carries_its_verdict(reader, sample, url):
    feed = _parse(reader, url)
    assert feed.entries
    for entry in feed.entries:
        words = _verdict_words(entry.get("language") or urlsplit(entry.link).path.split("/")[1])
        tags = {tag.term for tag in entry.tags}
        assert tags & words, entry.title
        assert any(word in entry.summary for word in words), entry.summary
        assert entry.id and entry.published_parsed
    for entry in feed.entries[:3]:
        assert reader.get(_path(entry.link)).status_code == 200, entry.link


def test_language_feed_is_the_latest_fifty_of_that_language_newest_first(reader, sample):
    feed = _parse(reader, "/feeds/en.rss")
    expected = (
        CommentaryPage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-published_at", "-pk")
        .values_list("title", flat=True)[:FEED_SIZE]
    )
    assert [entry.title for entry in feed.entries] == list(expected)
    assert len(feed.entries) == FEED_SIZE
    assert all(_path(entry.link).startswith("/en/") for entry in feed.entries)
    assert feed.feed.language == "en"


def test_russian_feed_holds_only_russian_items_in_russian_words(reader, sample):
    feed = _parse(reader, "/feeds/ru.atom")
    assert feed.entries
    assert {_path(entry.link).split("/")[1] for entry in feed.entries} == {"ru"}
    russian = _verdict_words("ru") - _verdict_words("en")
    assert all({tag.term for tag in entry.tags} & russian for entry in feed.entries)


def test_site_wide_feed_mixes_languages_and_marks_each_item(reader, sample):
    response = reader.get("/feeds/all.rss")
    root = etree.fromstring(response.content)
    dc = "{http://purl.org/dc/elements/1.1/}language"
    items = root.findall("./channel/item")
    assert len(items) == FEED_SIZE
    languages = {item.findtext(dc) for item in items}
    assert {"en", "ru"} <= languages
    for item in items:
        assert urlsplit(item.findtext("link")).path.startswith(f"/{item.findtext(dc)}/")


def test_trend_feed_holds_only_that_trend(reader, sample):
    trend = sample["trends"]["security"]["ru"]
    feed = _parse(reader, "/feeds/ru/security.rss")
    assert trend.title in feed.feed.title
    assert _path(feed.feed.link) == trend.url
    count = CommentaryPage.objects.live().filter(trend=trend).count()
    assert len(feed.entries) == min(count, FEED_SIZE) > 0
    for entry in feed.entries:
        assert _path(entry.link).startswith(trend.url)
        assert trend.title in {tag.term for tag in entry.tags}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/en/no-such-trend.rss",
        "/feeds/en/no-such-trend.atom",
        "/feeds/xx.rss",
        "/feeds/xx/security.atom",
        "/feeds/all/security.rss",
    ],
)
def test_unknown_language_or_trend_is_not_found(reader, sample, url):
    assert reader.get(url).status_code == 404


def test_item_ids_stay_when_the_address_changes(reader, sample):
    first = _parse(reader, "/feeds/en/security.atom").entries[0]
    page = CommentaryPage.objects.get(title=first.title, locale__language_code="en")
    # As a move or a slug change leaves it: the same page at a new address.
    Page.objects.filter(pk=page.pk).update(
        slug=page.slug + "-renamed", url_path=page.url_path[:-1] + "-renamed/"
    )
    renamed = _parse(reader, "/feeds/en/security.atom").entries[0]
    assert renamed.id == first.id and renamed.link != first.link


def test_description_escapes_the_excerpt(reader, sample):
    security = sample["trends"]["security"]["en"]
    make_commentary(
        security,
        title="Border <talks> resume",
        lead="Guards & <b>customs</b> meet",
        verdict="improved",
        published_at=minsk(2030, 1, 7),
    )
    root = etree.fromstring(reader.get("/feeds/en/security.rss").content)
    item = root.find("./channel/item")
    assert item.findtext("title") == "Border <talks> resume"
    description = item.findtext("description")
    assert "Verdict: The situation has improved" in description
    assert "Guards &amp; &lt;b&gt;customs&lt;/b&gt; meet" in description


def test_private_commentaries_stay_out_of_feeds(reader, sample):
    trend = sample["trends"]["security"]["en"]
    PageViewRestriction.objects.create(page=trend, restriction_type="login")
    assert reader.get("/feeds/en/security.rss").status_code == 404
    feed = _parse(reader, "/feeds/en.rss")
    assert feed.entries
    assert not [e for e in feed.entries if _path(e.link).startswith(trend.url)]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # the view restrictions, the items (joined with trend and language), their authors
        ("/feeds/all.rss", 3),
        ("/feeds/be.atom", 3),
        ("/feeds/en/security.rss", 5),  # + the restrictions again and the trend itself
    ],
)
def test_feed_query_count_is_pinned(
    reader, sample, monkeypatch, django_assert_num_queries, url, expected
):
    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)
    assert reader.get(url).status_code == 200  # warms the site-root memo
    with django_assert_num_queries(expected):
        reader.get(url)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_items_name_their_authors_in_byline_order(reader, sample, fmt):
    from watchdesk.monitoring.models import CommentaryAuthor

    feed = _parse(reader, f"/feeds/ru.{fmt}")
    by_page = {}
    for link in CommentaryAuthor.objects.order_by("sort_order").select_related("author"):
        by_page.setdefault(link.page_id, []).append(link.author.name)
    named = 0
    for entry in feed.entries:
        page_id = int(entry.id.rsplit(":", 1)[1])  # tag:host,2016:commentary:<id>
        expected = ", ".join(by_page.get(page_id, []))
        assert entry.get("author", "") == expected, entry.link
        named += bool(expected)
    assert named  # the sample's Russian feed has bylined commentaries


def test_pages_announce_their_language_feeds(reader, sample):
    response = reader.get("/ru/trends/")
    head = response.content.decode().split("</head>")[0]
    assert 'type="application/rss+xml" href="/feeds/ru.rss"' in head
    assert 'type="application/atom+xml" href="/feeds/ru.atom"' in head
    for path in ("/feeds/ru.rss", "/feeds/ru.atom"):
        assert reader.get(path).status_code == 200
