"""Pages read stored data with a fixed number of queries, whatever the archive size."""

import pytest
from wagtail.models import Page

from tests.factories import make_commentary
from watchdesk.monitoring import queries
from watchdesk.monitoring.models import CommentaryPage

# The page (by slug and URL path), Wagtail's two view-restriction checks, byline,
# similar list, recent trends, language switch. The site comes from a short memo.
COMMENTARY_QUERIES = 7


@pytest.fixture(autouse=True)
def _memos_outlive_the_test(monkeypatch):
    """The counts are for a warm process: the site and site-root memos last 5 s, which
    a slow, shared machine can spend between the warming request and the counted one."""
    from watchdesk.monitoring import views

    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)
    monkeypatch.setattr(views, "_SITE_TTL", 3600.0)


def test_site_memo_expires(reader, sample, monkeypatch, django_assert_num_queries):
    from watchdesk.monitoring import views

    views.forget_sites()  # entries from earlier tests carry real-clock times
    queries.forget_site_roots()
    clock = [1000.0]
    monkeypatch.setattr(views.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(views, "_SITE_TTL", 5.0)
    monkeypatch.setattr(queries, "_ROOTS_TTL", 5.0)
    _warm(reader, "/be/about/")
    with django_assert_num_queries(6):
        reader.get("/be/about/")
    clock[0] += 6.0  # stale: the site is looked up again (root paths come from the cache)
    with django_assert_num_queries(7):
        reader.get("/be/about/")


def _warm(client, url):
    assert client.get(url).status_code == 200  # fills per-process caches (site paths, renditions)


def test_commentary_page_query_count_is_pinned(reader, sample, django_assert_num_queries):
    page = (
        CommentaryPage.objects.live()
        .filter(locale__language_code="ru")
        .exclude(photo=None)
        .filter(author_links__isnull=False)
        .first()
    )
    _warm(reader, page.url)
    with django_assert_num_queries(COMMENTARY_QUERIES):
        reader.get(page.url)


def test_commentary_query_count_does_not_grow_with_similar_items(
    reader, sample, django_assert_num_queries
):
    security = sample["trends"]["security"]["en"]
    text = "<p>" + " ".join(["Zapad-2017 observers troops Grodno training ground"] * 5) + "</p>"
    for n in range(6):
        make_commentary(security, title=f"Zapad-2017 observers {n}", body=text)
    page = CommentaryPage.objects.get(title="Zapad-2017 observers 5")
    assert page.similar_links.count() == 5
    _warm(reader, page.url)
    with django_assert_num_queries(COMMENTARY_QUERIES):
        reader.get(page.url)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/en/", 9),  # + the ledger stamp for "what changed"
        ("/en/trends/", 7),
        ("/en/trends/security/", 10),  # + the ledger stamp for the dynamics
        ("/en/trends/security/?page=2", 10),
        ("/en/weeks/2017-02-06/", 8),
        ("/be/about/", 6),
        ("/en/ledger/?range=all", 5),  # drawn once per change, then read
    ],
)
def test_listing_pages_query_counts_are_pinned(
    reader, sample, django_assert_num_queries, url, queries
):
    _warm(reader, url)
    with django_assert_num_queries(queries):
        reader.get(url)


def test_bulk_inserted_tree_is_consistent(sample):
    problems = Page.find_problems()
    assert all(not group for group in problems), problems
