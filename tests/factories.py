"""Build commentaries through Wagtail's own page API (add_child, revisions, publish),
so that tests exercise the same signals and actions an editor's click does."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from watchdesk.monitoring.models import CommentaryPage, TrendPage

_counter = itertools.count(1)


def make_commentary(
    trend: TrendPage,
    *,
    title: str | None = None,
    body: str = "<p>Officials met in Minsk to discuss the border regime.</p>",
    verdict: str = "unchanged",
    published_at: dt.datetime | None = None,
    publish: bool = True,
    user=None,
    **fields,
) -> CommentaryPage:
    n = next(_counter)
    page = CommentaryPage(
        title=title or f"Test commentary {n}",
        slug=f"test-commentary-{n}",
        body=body,
        verdict=verdict,
        published_at=published_at,
        owner=user,
        live=False,  # as the admin creates it: a draft until a revision is published
        **fields,
    )
    trend.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def minsk(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A date-time in the site's zone, as an editor would enter it."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())
