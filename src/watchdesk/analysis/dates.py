"""Reading publication date-times as old monitoring sites printed them."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_FORMATS = (
    "%B %d, %Y %H:%M",
    "%B %d, %Y, %H:%M",
    "%B %d, %Y",
    "%d %B %Y %H:%M",
    "%d %B %Y, %H:%M",
    "%d %B %Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y, %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
)


def parse_datetime(text: str, tz: ZoneInfo) -> dt.datetime | None:
    """An aware date-time from a line such as ``April 22, 2016 18:30``, or None.

    Times without a zone are taken as ``tz`` (the site's zone, Europe/Minsk).
    """
    cleaned = re.sub(r"\s+", " ", text.strip())
    if not cleaned or len(cleaned) > 40:
        return None
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        parsed = None
    if parsed is None:
        for fmt in _FORMATS:
            try:
                parsed = dt.datetime.strptime(cleaned, fmt)  # noqa: DTZ007 - zone added below
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
