"""Thousands of malformed inputs per parser: no crash, only reported problems.

The loader then gets a smaller stream of broken items through the database: every
item either becomes a complete commentary or a failure record, never half of one.
"""

import os
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchdesk.importer.feed import parse_feed
from watchdesk.importer.html import parse_html
from watchdesk.importer.items import ParseResult, SourceItem
from watchdesk.importer.text import parse_text_dump

MINSK = ZoneInfo("Europe/Minsk")
EXAMPLES = 5000

# Pieces real archives are made of, mixed with noise, so that the fuzzer reaches the
# parsers' inner branches and not only their "not a document" exits.
LINES = st.sampled_from(
    [
        "Category status:",
        "Category status: The situation got worse",
        "Статус категории: -",
        "April 22, 2016 18:30",
        "22 апреля 2016, 18:30",
        "32.13.2016 25:61",
        "May 7 – May 13",
        "Фото: RFRM",
        "(c)",
        "Image:",
        "Similar articles",
        "Recent trends",
        "Похожие статьи",
        "Error message",
        "Notice: Undefined index: x in include() (line 12 of /var/www/a.php).",
        "",
        " ",
        "\t",
        "\u00a0",
        "\ufeff",
        "—",
        "The situation has improved.",
    ]
)
TEXTS = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=30).map("\n".join)
TAGS = st.sampled_from(
    [
        "<h1>",
        "</h1>",
        "<p>",
        "</p>",
        "<div class='field-body'>",
        "<div class='submitted'>",
        "</div>",
        "<div class='field-category-status'>",
        "<div class='similar-articles'><h2>Similar articles</h2>",
        "<h3><a href='/x'>",
        "</a></h3>",
        "<span class='date'>",
        "</span>",
        "<meta property='article:published_time' content='",
        "'>",
        "<script>",
        "</script>",
        "<html lang='be'>",
        "<article class='post status-publish'>",
        "<p class='verdict'>",
        "<figure><figcaption><span class='credit'>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#0;",
    ]
)
HTMLS = st.lists(st.one_of(TAGS, LINES, st.text(max_size=40)), max_size=40).map("".join)
FEED_PARTS = st.sampled_from(
    [
        "<?xml version='1.0'?>",
        "<rss version='2.0'><channel>",
        "</channel></rss>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<link>https://a.example/x</link>",
        "<pubDate>",
        "</pubDate>",
        "Tue, 10 May 2016 09:00:00 +0300",
        "Fri, 31 Feb 2016 99:00:00 +9999",
        "<description>",
        "</description>",
        "&lt;p&gt;Category status: The situation has not changed&lt;/p&gt;",
        "<category>Security</category>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<updated>2017-13-45</updated>",
        "<content type='html'>",
        "</content>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
        "&e;",
    ]
)
FEEDS = st.lists(st.one_of(FEED_PARTS, LINES, st.text(max_size=30)), max_size=40).map("".join)

# derandomize: the same 5,000 inputs on every run, so that CI is repeatable; change
# HYPOTHESIS_SEED-free exploration by running with --hypothesis-seed=random locally.
# The same inputs on every run keep CI repeatable; WATCHDESK_FUZZ_RANDOM=1 explores new ones.
RANDOM = bool(os.environ.get("WATCHDESK_FUZZ_RANDOM"))
FUZZ = settings(
    derandomize=not RANDOM,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def _well_formed(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for item in result.items:
        assert isinstance(item, SourceItem)
        assert isinstance(item.title, str) and isinstance(item.paragraphs, list)
        assert item.raw is not None
        if item.published_at is not None:
            assert item.published_at.tzinfo is not None
        # Anything incomplete says so instead of passing silently.
        if not item.title or item.published_at is None or not item.paragraphs:
            assert item.problems


@FUZZ
@given(TEXTS)
def test_text_parser_never_crashes(text):
    _well_formed(parse_text_dump(text, tz=MINSK, origin="fuzz.txt"))


@FUZZ
@given(HTMLS)
def test_html_parser_never_crashes(html):
    result = parse_html(html, tz=MINSK, origin="fuzz.html")
    _well_formed(result)
    for item in result.items:
        assert (
            "<script" not in item.body_html.lower() and "javascript:" not in item.body_html.lower()
        )


@FUZZ
@given(FEEDS)
def test_feed_parser_never_crashes(feed):
    result = parse_feed(feed, tz=MINSK, origin="fuzz.xml")
    _well_formed(result)
    for item in result.items:
        assert "root:" not in item.text  # no external entity was ever resolved


@pytest.mark.django_db
@settings(
    derandomize=not RANDOM,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(st.lists(st.one_of(TEXTS, HTMLS), min_size=1, max_size=4))
def test_loader_writes_whole_commentaries_or_nothing(sample, tmp_path_factory, documents):
    from watchdesk.importer.models import ImportRecord
    from watchdesk.importer.normalise import TrendMap
    from watchdesk.importer.run import run_import
    from watchdesk.monitoring.models import CommentaryPage, CommentarySource

    folder = tmp_path_factory.mktemp("fuzz")
    for n, document in enumerate(documents):
        (folder / f"{n}.{'html' if document.startswith('<') else 'txt'}").write_text(
            document, encoding="utf-8"
        )
    pages_before = CommentaryPage.objects.count()
    summary = run_import(
        [str(folder)],
        trend_map=TrendMap(
            files={f"{n}.{ext}": "security" for n in range(4) for ext in ("html", "txt")}
        ),
        keep_going=True,
    )
    created = CommentaryPage.objects.count() - pages_before
    assert created == summary.counts["imported"]
    # No orphans: every source address belongs to a page, every record to a page or a failure.
    assert not CommentarySource.objects.filter(page__isnull=True).exists()
    assert not ImportRecord.objects.filter(page__isnull=True).exclude(status="failed").exists()
    for page in CommentaryPage.objects.filter(import_records__origin__startswith=str(folder)):
        assert page.title and page.published_at and page.live and page.trend_id


RECORD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "trend",
            "author",
            "commentary",
            "en",
            "ru",
            "xx",
            "2016-04-22T18:30:00+03:00",
            "not-a-uuid",
            "5b0f5f8e-3a55-4c61-9a3c-2f4a52f0c7d1",
            "improved",
            "\u0000",
        ]
    ),
    st.lists(st.text(max_size=10), max_size=3),
)
RECORDS = st.dictionaries(
    st.sampled_from(
        [
            "type",
            "key",
            "language",
            "trend",
            "slug",
            "title",
            "verdict",
            "published_at",
            "authors",
            "sources",
            "links",
            "photo",
            "order",
            "name",
            "body",
        ]
    ),
    RECORD_VALUES,
    max_size=12,
)
JSONL = st.lists(
    st.one_of(RECORDS.map(lambda r: __import__("json").dumps(r)), st.text(max_size=60)), max_size=8
).map("\n".join)


@FUZZ
@given(JSONL)
def test_jsonl_reader_never_crashes(text):
    from watchdesk.importer.jsonl import _records
    from watchdesk.importer.load import Summary
    from watchdesk.importer.sources import Source

    summary = Summary()
    records = list(_records(Source("fuzz.jsonl", "jsonl", text), summary))
    assert all(
        isinstance(r, dict) and r.get("type") in {"trend", "author", "commentary"}
        for _, r in records
    )
    assert summary.counts["failed"] == len(summary.failures)


@pytest.mark.django_db
@settings(
    derandomize=not RANDOM,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(JSONL)
def test_jsonl_records_apply_whole_or_not_at_all(sample, text):
    from watchdesk.importer.jsonl import load_jsonl
    from watchdesk.importer.load import Summary
    from watchdesk.importer.sources import Source
    from watchdesk.monitoring.models import Author, CommentaryPage, TrendPage

    before = (CommentaryPage.objects.count(), TrendPage.objects.count(), Author.objects.count())
    summary = Summary()
    load_jsonl(Source("fuzz.jsonl", "jsonl", text), summary, keep_going=True)
    after = (CommentaryPage.objects.count(), TrendPage.objects.count(), Author.objects.count())
    written = summary.counts["imported"]
    assert sum(after) - sum(before) == written
