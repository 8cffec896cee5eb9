"""A generated archive in the benchmark's database, loaded once and reused after."""

from __future__ import annotations

import time


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
