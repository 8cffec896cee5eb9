"""A generated archive in the benchmark's database, loaded once and reused after."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def arguments(doc: str, commentaries: int) -> argparse.ArgumentParser:
    """The options every archive benchmark takes; add its own, then parse."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--commentaries", type=int, default=commentaries)
    parser.add_argument("--trends", type=int, default=10)
    parser.add_argument("--data-dir", help="reuse this data directory (default: a new one)")
    return parser


def start(data_dir: str | None) -> Path:
    """Point Watchdesk at the data directory (a new one when None) and set Django up."""
    path = Path(data_dir or tempfile.mkdtemp(prefix="watchdesk-bench-"))
    os.environ["WATCHDESK_DATA_DIR"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchdesk.settings")
    os.environ.setdefault("WATCHDESK_DEBUG", "0")
    import django

    django.setup()
    return path


def ensure(commentaries: int, trends: int) -> float | None:
    """Migrate, then load a deterministic generated archive of ``commentaries`` items over
    ``trends`` trends unless the database already holds that many. Returns the load time
    in seconds, or None when the archive was there already. Django must be set up."""
    from django.core.management import call_command

    from watchdesk.monitoring.models import CommentaryPage
    from watchdesk.sample.generator import generate
    from watchdesk.sample.loader import load_items, prepare

    call_command("migrate", verbosity=0)
    if CommentaryPage.objects.count() >= commentaries:
        return None
    weeks = -(-commentaries // trends)
    items = list(generate(weeks=weeks, trends=trends, seed=1))[:commentaries]
    started = time.perf_counter()
    load_items(items, prepare({item.trend for item in items}))
    return time.perf_counter() - started
