"""Commentary page render time and query count on a large generated archive.

Loads a generated archive (default 20,000 commentaries) into a SQLite database under
a data directory, then renders random commentary pages through the full Django stack
(middleware, routing, templates; no page cache) and prints median/p95/p99 time and
the query count, next to the same pages served through Wagtail's stock tree-walking
router measured in the same run.

    python benchmarks/page.py --commentaries 20000 --samples 300
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commentaries", type=int, default=20_000)
    parser.add_argument("--trends", type=int, default=10)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--data-dir", help="reuse this data directory (default: a fresh temporary one)"
    )
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="watchdesk-bench-"))
    os.environ["WATCHDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchdesk.settings")
    os.environ.pop("DATABASE_URL", None)
    # Served as in production: no debug pages, no query log.
    os.environ.setdefault("WATCHDESK_DEBUG", "0")
    sys.path.insert(0, str(Path(__file__).parent))

    import django
    from django.conf import settings

    settings.MIDDLEWARE = ["urls_stock_wagtail.BaselineSwitch", *settings.MIDDLEWARE]
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import archive
    from watchdesk.monitoring import actions
    from watchdesk.monitoring.models import CommentaryPage

    load_s = archive.ensure(args.commentaries, args.trends)
    if load_s is not None:
        created = CommentaryPage.objects.count()
        started = time.perf_counter()
        actions.rebuild_similar()
        similar_s = time.perf_counter() - started
        print(
            f"loaded {created} commentaries in {load_s:.1f} s ({created / load_s:.0f}/s); "
            f"similar lists rebuilt in {similar_s:.1f} s"
        )
    total = CommentaryPage.objects.live().count()
    print(f"archive: {total} live commentaries in {data_dir}")

    rng = random.Random(7)
    ids = list(
        CommentaryPage.objects.live()
        .filter(locale__language_code="en")
        .values_list("pk", flat=True)
    )
    sample = rng.sample(ids, min(args.samples, len(ids)))
    urls = [p.url for p in CommentaryPage.objects.filter(pk__in=sample)]
    client = Client()
    stock = {"HTTP_X_BENCH_BASELINE": "stock"}

    # Warm-up: image renditions are made once per image, not per view.
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url, **stock).status_code == 200, url

    def count_queries(extra) -> set[int]:
        counts = set()
        for url in urls[:50]:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url, **extra)
            counts.add(len(ctx.captured_queries))
        return counts

    ours_q, stock_q = count_queries({}), count_queries(stock)

    # Interleaved, so that the machine's noise falls on all three alike.
    times: dict[str, list[float]] = {"ours": [], "stock": [], "floor": []}
    for url in urls * args.rounds:
        for label, path, extra in (
            ("ours", url, {}),
            ("stock", url, stock),
            ("floor", "/bench-hello/", stock),
        ):
            start = time.perf_counter()
            response = client.get(path, **extra)
            times[label].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, path

    def summary(values: list[float]) -> tuple[float, float, float]:
        values = sorted(values)
        pick = lambda q: values[min(len(values) - 1, int(len(values) * q))]  # noqa: E731
        return statistics.median(values), pick(0.95), pick(0.99)

    rows = {label: summary(values) for label, values in times.items()}
    labels = {
        "ours": f"commentary page, watchdesk ({min(ours_q)}-{max(ours_q)} queries)",
        "stock": f"same page, stock Wagtail routing ({min(stock_q)}-{max(stock_q)} queries)",
        "floor": "minimal view, same middleware (floor)",
    }
    print(f"{len(urls)} pages x {args.rounds} rounds, DEBUG={settings.DEBUG}")
    for label, (median, p95, p99) in rows.items():
        print(f"  {labels[label]:<52} median {median:6.2f} ms  p95 {p95:6.2f}  p99 {p99:6.2f}")
    ours, base = rows["ours"][0], rows["stock"][0]
    floor = rows["floor"][0]
    print(f"ratio stock/ours (median): {base / ours:.2f}x; ours minus floor: {ours - floor:.2f} ms")
    met = ours <= 15 and max(ours_q) <= 12
    print(f"target median <= 15 ms and <= 12 queries: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
