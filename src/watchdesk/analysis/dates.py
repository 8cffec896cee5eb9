"""Dates as monitoring sites print them, in English, Russian and Belarusian.

``parse_datetime`` reads a date-time line ("April 22, 2016 18:30", "22 апреля 2016,
18:30", "22 красавіка 2016 18:30", "22.04.2016"); common forms go through a fast
pattern, anything else through dateparser. ``parse_week_label`` and
``resolve_week_label`` read year-less week labels ("May 7 – May 13", "28 декабря –
3 января") and place them in the right year against a publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from watchdesk.analysis.textre import alternation

_MONTH_FORMS = {
    1: "january jan январь января янв студзень студзеня студз",
    2: "february feb февраль февраля фев люты лютага лют",
    3: "march mar март марта мар сакавік сакавіка сак",
    4: "april apr апрель апреля апр красавік красавіка крас",
    5: "may май мая травень траўня",
    6: "june jun июнь июня июн чэрвень чэрвеня чэрв",
    7: "july jul июль июля июл ліпень ліпеня ліп",
    8: "august aug август августа авг жнівень жніўня жнів",
    9: "september sep sept сентябрь сентября сен сент верасень верасня вер",
    10: "october oct октябрь октября окт кастрычнік кастрычніка кастр",
    11: "november nov ноябрь ноября ноя лістапад лістапада ліст",
    12: "december dec декабрь декабря дек снежань снежня снеж",
}
MONTHS: dict[str, int] = {
    form: month for month, forms in _MONTH_FORMS.items() for form in forms.split()
}
_MONTH = r"(?P<{name}>" + alternation(MONTHS) + r")\.?"
_TIME = r"(?:\s*,?\s*(?:at\s+|в\s+|а\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
_YEAR_SUFFIX = r"(?:\s*(?:г\.?|года|году|гады|года\.))?"

_PATTERNS = [
    # April 22, 2016 18:30 — Apr 22nd 2016
    re.compile(
        r"^" + _MONTH.format(name="month") + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})" + _TIME + r"$",
        re.IGNORECASE,
    ),
    # 22 April 2016, 18:30 — 22 апреля 2016 г., 18:30 — 22 красавіка 2016 18:30
    re.compile(
        r"^(?P<day>\d{1,2})\s+"
        + _MONTH.format(name="month")
        + r",?\s+(?P<year>\d{4})"
        + _YEAR_SUFFIX
        + _TIME
        + r"$",
        re.IGNORECASE,
    ),
    # 22.04.2016 18:30 — 22/04/2016 — 11/18/2016 (month first when the day cannot be)
    re.compile(
        r"^(?P<day>\d{1,2})(?P<sep>[./])(?P<nmonth>\d{1,2})[./](?P<year>\d{4})" + _TIME + r"$"
    ),
]


_PREFIX = re.compile(
    r"^(?:submitted\s+by\s+.{1,40}?\s+on|posted\s+(?:on|by\s+.{1,40}?\s+on)|published(?:\s+on)?|"
    r"updated(?:\s+on)?|опубликовано|обновлено|апублікавана|абноўлена)\s*:?\s*",
    re.IGNORECASE,
)
_WEEKDAY_PREFIX = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|^(?:пн|вт|ср|чт|пт|сб|вс|нд)\.?,\s+",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    cleaned = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().strip("|·—–-").strip()
    cleaned = _WEEKDAY_PREFIX.sub("", _PREFIX.sub("", cleaned))
    # "11/18/2016 - 15:00": a dash between date and time
    return re.sub(r"(\d{4})\s+[-–—]\s+(\d{1,2}[:.]\d{2})$", r"\1 \2", cleaned)


def parse_datetime(text: str, tz: ZoneInfo, *, fallback: bool = True) -> dt.datetime | None:
    """An aware date-time from a short line, or None. Zone-less times are in ``tz``."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 40 or not any(ch.isdigit() for ch in cleaned):
        return None
    try:
        parsed = dt.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        parsed = _fast(cleaned)
    if parsed is None and fallback:
        parsed = _dateparser(cleaned)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _fast(text: str) -> dt.datetime | None:
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        day = int(parts["day"])
        if parts.get("nmonth"):
            month = int(parts["nmonth"])
            if month > 12 and day <= 12:  # US order: month/day/year
                day, month = month, day
        else:
            month = MONTHS[parts["month"].lower()]
        try:
            return dt.datetime(  # noqa: DTZ001 - the caller attaches the zone
                int(parts["year"]),
                month,
                day,
                int(parts["hour"] or 0),
                int(parts["minute"] or 0),
            )
        except ValueError:
            return None
    return None


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> dt.datetime | None:
    # Only full dates: a lone month or weekday on a line is not a publication date.
    if not re.search(r"\d{4}", text):
        return None
    import dateparser  # imported late: loading its language data takes a moment

    try:
        return dateparser.parse(
            text,
            languages=["en", "ru", "be"],
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
        )
    except (ValueError, OverflowError, RecursionError):
        return None


@dataclass(frozen=True)
class WeekLabel:
    start_month: int
    start_day: int
    end_month: int
    end_day: int
    year: int | None


_LABEL_PART = (
    r"(?:(?P<{p}m1>{month})\s+(?P<{p}d1>\d{{1,2}})|(?P<{p}d2>\d{{1,2}})(?:\s+(?P<{p}m2>{month}))?)"
)
_MONTH_ALT = alternation(MONTHS)
_WEEK_LABEL = re.compile(
    r"^\s*"
    + _LABEL_PART.format(p="a", month=_MONTH_ALT)
    + r"\.?\s*[-–—]\s*"
    + _LABEL_PART.format(p="b", month=_MONTH_ALT)
    + r"\.?(?:\s*,?\s*(?P<year>\d{4}))?\s*(?:г\.?)?\s*$",
    re.IGNORECASE,
)


def parse_week_label(text: str) -> WeekLabel | None:
    """``May 7 – May 13``, ``7 – 13 May``, ``28 декабря – 3 января``, ``Dec 28 – Jan 3, 2015``."""
    match = _WEEK_LABEL.match(_clean(text))
    if not match:
        return None
    g = match.groupdict()
    end_month_name = g["bm1"] or g["bm2"]
    start_month_name = g["am1"] or g["am2"] or end_month_name
    if not end_month_name:
        return None
    end_month = MONTHS[end_month_name.lower()]
    start_month = MONTHS[start_month_name.lower()]
    start_day = int(g["ad1"] or g["ad2"])
    end_day = int(g["bd1"] or g["bd2"])
    return WeekLabel(
        start_month, start_day, end_month, end_day, int(g["year"]) if g["year"] else None
    )


def resolve_week_label(label: WeekLabel, published: dt.date) -> dt.date | None:
    """The Monday that starts the labelled week, placed in the year that ends it most
    recently on or before ``published``; a year printed in the label is ignored when it
    contradicts that (old sites printed "December 28 – January 3, 2015")."""
    best: dt.date | None = None
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            end = dt.date(year, label.end_month, label.end_day)
            start_year = (
                year
                if (label.start_month, label.start_day) <= (label.end_month, label.end_day)
                else year - 1
            )
            start = dt.date(start_year, label.start_month, label.start_day)
        except ValueError:
            continue
        if end > published or (end - start).days != 6 or start.weekday() != 0:
            continue
        if best is None or start > best:
            best = start
    return best
