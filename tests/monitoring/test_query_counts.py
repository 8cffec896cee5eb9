"""Pages read stored data with a fixed number of queries, whatever the archive size."""

import pytest
from wagtail.models import Page

from tests.factories import make_commentary
from watchdesk.monitoring.models import CommentaryPage

# The page (by slug and URL path), Wagtail's two view-restriction checks, byline,
# similar list, recent trends, language switch. The site comes from a short memo.
COMMENTARY_QUERIES = 7


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
