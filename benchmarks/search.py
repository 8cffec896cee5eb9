"""Search query time on a large generated archive, SQLite FTS5 or PostgreSQL.

Loads a generated archive (default 100,000 commentaries; loading writes the search
index as it goes) and runs a fixed mix of reader queries: names in several spellings,
common words, quoted phrases, and the same with language / trend / verdict / date
filters. Prints median and p99 per kind and overall, next to Wagtail's stock
``.search()`` on the same index and queries, measured in the same run.

    python benchmarks/search.py --commentaries 100000 --data-dir /tmp/bench-search
    DATABASE_URL=postgresql://…/watchdesk_bench python benchmarks/search.py --commentaries 100000
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

QUERIES = {
    "name": ["Lukashenko", "Lukashenka", "Лукашенко", "Лукашэнка", "Makei", "Vilnius", "Minsk"],
    "word": ["border", "observers", "elections", "sanctions", "dairy", "opposition", "official"],
    "phrase": ['"Zapad-2017"', '"relations with the West"', '"nuclear power plant"'],
    "words": ["Lukashenko Moscow", "Vilnius nuclear", "gas price Gazprom", "border guards"],
}


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"median {statistics.median(values) * 1000:6.2f} ms  p99 {p99 * 1000:6.2f} ms"


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import archive

    parser = archive.arguments(__doc__, commentaries=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-timeout", type=float, default=10.0)
    args = parser.parse_args()
    archive.start(args.data_dir)
    from django.db import connection

    from watchdesk.monitoring import actions
    from watchdesk.monitoring.models import CommentaryPage, TrendPage
    from watchdesk.search import engine

    load_s = archive.ensure(args.commentaries, args.trends)
    if load_s is not None:
        actions.after_bulk_load(TrendPage.objects.values_list("pk", flat=True))
        print(f"loaded and indexed {args.commentaries} commentaries in {load_s:.0f} s")
    total = CommentaryPage.objects.live().count()
    print(f"archive: {total} live commentaries on {connection.vendor}")
    if connection.vendor == "postgresql":
        # Dead row versions (left by a rebuild until a vacuum) are read by every search.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_live_tup, n_dead_tup,"
                " pg_size_pretty(pg_total_relation_size('monitoring_searchterms'))"
                " FROM pg_stat_user_tables WHERE relname = 'monitoring_searchterms'"
            )
            live, dead, size = cursor.fetchone()
        print(f"search terms table: {live} live rows, {dead} dead, {size} with its indexes")

    trend = TrendPage.objects.filter(locale__language_code="en").order_by("pk").first()
    latest = CommentaryPage.objects.order_by("-published_at").values_list("published_at", flat=True)
    last_day = latest.first().date()
    filter_sets = {
        "none": engine.Filters(),
        "language": engine.Filters(language="en"),
        "trend+verdict": engine.Filters(trend_key=str(trend.translation_key), verdict="worsened"),
        "dates": engine.Filters(
            language="en", since=last_day - dt.timedelta(days=400), until=last_day
        ),
    }

    # One unmeasured pass reads the index into the OS cache, as a running site has it.
    cold: list[float] = []
    for queries in QUERIES.values():
        for filters in filter_sets.values():
            for q in queries:
                started = time.perf_counter()
                engine.search(q, filters)
                cold.append(time.perf_counter() - started)
    print(f"first pass (cold cache), {len(cold)} queries: {_ms(cold)}")

    timings: dict[str, list[float]] = {}
    every: list[float] = []
    counts = {}
    for _ in range(args.rounds):
        for kind, queries in QUERIES.items():
            for fname, filters in filter_sets.items():
                for q in queries:
                    for page in (1, 3):
                        started = time.perf_counter()
                        results = engine.search(q, filters, page)
                        elapsed = time.perf_counter() - started
                        timings.setdefault(f"{kind:<7} filters={fname}", []).append(elapsed)
                        every.append(elapsed)
                        counts[(q, fname)] = results.total
    print(f"\nWatchdesk search, {len(every)} queries (results page 1 and 3, snippets included):")
    for label, values in sorted(timings.items()):
        print(f"  {label:<32} {_ms(values)}")
    print(f"  {'ALL':<32} {_ms(every)}")
    biggest = max(counts.items(), key=lambda kv: kv[1])
    print(f"  largest match: {biggest[0]} -> {biggest[1]} (capped at {engine.MAX_RESULTS + 1})")

    # Baseline: Wagtail's stock .search() over the same index (same normalised terms),
    # one query of each kind, each stopped after --baseline-timeout seconds.
    from django.db.utils import OperationalError
    from wagtail.models import Locale

    from watchdesk.analysis import search as text

    english = Locale.objects.get(language_code="en").pk
    print("\nWagtail .search() on the same index, language filter, first page:")
    for kind, queries in QUERIES.items():
        q = queries[0]
        parsed = text.parse(q)
        terms = " ".join(
            (p.alternatives[0] if p.alternatives else " ".join(p.phrase)) for p in parsed.parts
        )
        started = time.perf_counter()
        ours = engine.search(q, engine.Filters(language="en"))
        ours_s = time.perf_counter() - started
        stopped = False
        timer = _stopper(connection, args.baseline_timeout)
        started = time.perf_counter()
        try:
            list(
                CommentaryPage.objects.live()
                .filter(locale_id=english)
                .search(terms, operator="and")[:20]
            )
        except OperationalError:
            stopped = True
        finally:
            timer.cancel()
            if connection.vendor == "postgresql":
                connection.close()  # drop the statement timeout with the session
        base_s = time.perf_counter() - started
        base = (
            f"> {args.baseline_timeout:.0f} s (stopped)" if stopped else f"{base_s * 1000:.1f} ms"
        )
        print(
            f"  {kind:<7} {q!r:<28} Wagtail {base:<22} Watchdesk {ours_s * 1000:6.1f} ms"
            f"  ({ours.total} results{'+' if ours.more_than_max else ''})"
        )


def _stopper(connection, seconds: float):
    """Stop the connection's running statement after ``seconds``."""
    import threading

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        timer = threading.Timer(seconds + 3600, lambda: None)
    else:
        raw = connection.connection
        timer = threading.Timer(seconds, raw.interrupt)
    timer.start()
    return timer


if __name__ == "__main__":
    main()
