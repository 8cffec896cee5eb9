"""Reader listings that must leave private sections out (sitemap, feeds, digest form) on
a large generated archive, against the correlated-subquery privacy check they used
before, measured in the same run.

``queries.public`` now uses Wagtail's ``PageQuerySet.public()``: one query reads the
view restrictions, then their sections are left out by path prefix. The baseline
checks each row with ``EXISTS (restriction whose page path prefixes this row's)``,
which saves that query; each baseline request is stopped after ``--baseline-timeout``.

    python benchmarks/listings.py --data-dir /tmp/bench-search
    DATABASE_URL=postgresql://…/watchdesk_bench python benchmarks/listings.py \\
        --data-dir /tmp/bench-search-pg
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from pathlib import Path

URLS = [
    "/sitemap.xml",
    "/sitemap-weeks.xml",
    "/sitemap-commentaries.xml?p=2",
    "/feeds/all.rss",
    "/feeds/en/security.rss",
    "/en/digest/",
]


def correlated_public(queryset):
    """The earlier check: one correlated subquery per row, no query of its own."""
    from django.db.models import Exists, F, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.annotate(prefix=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("prefix"))
    )
    return queryset.filter(live=True).exclude(Exists(restricted))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import archive

    parser = archive.arguments(__doc__, commentaries=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-timeout", type=float, default=30.0)
    args = parser.parse_args()
    archive.start(args.data_dir)
    from django.db import connection
    from django.db.utils import OperationalError
    from django.test import Client

    from search import _stopper
    from watchdesk.monitoring import queries, sitemaps

    archive.ensure(args.commentaries, args.trends)
    client = Client()
    print(f"{connection.vendor}: now the best of {args.rounds} requests, before one request")

    def timed(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - started

    ours = {url: min(timed(url) for _ in range(args.rounds)) for url in URLS}
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # stopped requests
    wagtail_public = queries.public
    queries.public = sitemaps.public = correlated_public  # sitemaps imports the name
    try:
        for url in URLS:
            timer = _stopper(connection, args.baseline_timeout)
            try:
                base = f"{timed(url) * 1000:10.0f} ms"
            except OperationalError:
                base = f"> {args.baseline_timeout:.0f} s (stopped)"
            finally:
                timer.cancel()
                if connection.vendor == "postgresql":
                    connection.close()  # drop the statement timeout with the session
            print(f"  {url:<32} now {ours[url] * 1000:8.1f} ms   before {base}")
    finally:
        queries.public = sitemaps.public = wagtail_public
    print(f"  median now {statistics.median(ours.values()) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
