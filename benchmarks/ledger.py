"""Verdict ledger render time on a generated archive of 10 trends × 520 weeks.

Loads the archive into a fresh SQLite database, then requests the ledger page (every
range), its CSV download and the home page's "what changed" through the full Django
stack, interleaved with a minimal view through the same middleware (the floor: how busy
the machine was), and prints median and p95. The ledger is drawn once per change of
the archive and stored in the cache; the "cold" row times the request that draws it.

    python benchmarks/ledger.py --trends 10 --weeks 520 --rounds 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trends", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="watchdesk-ledger-"))
    os.environ["WATCHDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchdesk.settings")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("WATCHDESK_DEBUG", "0")
    sys.path.insert(0, str(Path(__file__).parent))

    import django
    from django.conf import settings

    settings.MIDDLEWARE = ["urls_stock_wagtail.BaselineSwitch", *settings.MIDDLEWARE]
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from watchdesk.monitoring.models import CommentaryPage
    from watchdesk.sample.generator import generate
    from watchdesk.sample.loader import load_items, prepare

    call_command("migrate", verbosity=0)
    items = list(generate(weeks=args.weeks, trends=args.trends, seed=1))
    started = time.perf_counter()
    created = load_items(items, prepare({item.trend for item in items}))
    print(f"loaded {created} commentaries in {time.perf_counter() - started:.1f} s")
    weeks = CommentaryPage.objects.values("week_start").distinct().count()
    print(f"archive: {args.trends} trends × {weeks} weeks")

    client = Client()
    floor = (
        "floor: minimal view, same middleware",
        "/bench-hello/",
        {"HTTP_X_BENCH_BASELINE": "1"},
    )
    targets = [
        ("ledger, all time", "/en/ledger/?range=all", {}),
        ("ledger, last 52 weeks", "/en/ledger/?range=52", {}),
        ("ledger, one year", f"/en/ledger/?year={items[len(items) // 2].published_at.year}", {}),
        ("ledger.csv, all time", "/en/ledger.csv?range=all", {}),
        ("home page (what changed)", "/en/", {}),
        floor,
    ]
    for label, path, extra in targets:  # warm-up, status and query counts
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.status_code)
        size, queries = len(response.content) / 1024, len(ctx.captured_queries)
        print(f"  {label}: {size:.0f} KiB, {queries} queries")
    # "cold": the first request after the archive changed, when the ledger is drawn
    # again (the cache is emptied just before); the others read the stored drawing.
    times: dict[str, list[float]] = {label: [] for label, _, _ in targets}
    for _ in range(args.rounds):
        for label, path, extra in targets:
            start = time.perf_counter()
            client.get(path, **extra)
            times[label].append((time.perf_counter() - start) * 1000)
    for label, path in (
        ("ledger, all time, cold (drawn after a change)", "/en/ledger/?range=all"),
        ("ledger.csv, all time, cold", "/en/ledger.csv?range=all"),
    ):
        times[label] = []
        for _ in range(max(3, args.rounds // 3)):
            cache.clear()
            start = time.perf_counter()
            client.get(path)
            times[label].append((time.perf_counter() - start) * 1000)
    print(f"{args.rounds} rounds, DEBUG={settings.DEBUG}")
    for label, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {label:<40} median {statistics.median(values):7.2f} ms  p95 {p95:7.2f} ms")
    ours = statistics.median(times["ledger, all time"])
    print(f"target: all-time ledger median <= 50 ms: {'met' if ours <= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
