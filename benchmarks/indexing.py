"""Search-index write rate: each page's search document built once per batch, against
building it wherever a write reads it (Wagtail's SQLite backend reads the field three
times per page; PostgreSQL also writes the narrow ``SearchTerms`` copy).

Rewrites the index entries of the newest ``--pages`` commentaries of a generated archive
(loaded first if missing, as ``search.py`` does), alternating the two ways, and prints
pages per second and the ratio.

    python benchmarks/indexing.py --data-dir /tmp/bench-search
    DATABASE_URL=postgresql://…/watchdesk_bench python benchmarks/indexing.py \
        --data-dir /tmp/bench-search-pg
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import archive

    parser = archive.arguments(__doc__, commentaries=100_000)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    archive.start(args.data_dir)
    from django.db import connection

    from watchdesk.monitoring import search_index
    from watchdesk.monitoring.models import CommentaryPage

    if archive.ensure(args.commentaries, args.trends) is not None:
        search_index.tidy()
    newest = CommentaryPage.objects.select_related("trend", "locale").order_by("-pk")
    pages = list(newest[: args.pages])
    print(f"{len(pages)} commentaries rewritten per round, {connection.vendor}")

    once = search_index._documents_built_once

    @contextlib.contextmanager
    def every_read(batch):
        yield

    rates: dict[str, list[float]] = {"built once per batch": [], "built at every read": []}
    for _ in range(args.rounds):
        for label, way in (("built at every read", every_read), ("built once per batch", once)):
            search_index._documents_built_once = way
            started = time.perf_counter()
            search_index.index(pages)
            rates[label].append(len(pages) / (time.perf_counter() - started))
    search_index._documents_built_once = once
    search_index.tidy()
    for label, values in rates.items():
        print(f"  {label:<22} median {statistics.median(values):7.0f} pages/s")
    ratio = statistics.median(rates["built once per batch"]) / statistics.median(
        rates["built at every read"]
    )
    print(f"  ratio {ratio:.2f}x")


if __name__ == "__main__":
    main()
