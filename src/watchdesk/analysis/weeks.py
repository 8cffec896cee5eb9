"""Monday–Sunday monitoring weeks and their labels in English, Russian and Belarusian.

A week is identified by its Monday. Labels always carry the year and handle weeks
that cross a month or a year boundary ("29 December 2014 – 4 January 2015"), which
the old sites got wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # Genitive forms: "6 – 12 февраля 2017".
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    "be": (
        "студзеня",
        "лютага",
        "сакавіка",
        "красавіка",
        "мая",
        "чэрвеня",
        "ліпеня",
        "жніўня",
        "верасня",
        "кастрычніка",
        "лістапада",
        "снежня",
    ),
}

# Months on their own ("May 2013"): nominative forms.
MONTHS_NOMINATIVE = {
    "en": MONTHS["en"],
    "ru": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "be": (
        "студзень", "люты", "сакавік", "красавік", "травень", "чэрвень",
        "ліпень", "жнівень", "верасень", "кастрычнік", "лістапад", "снежань",
    ),
}  # fmt: skip


def format_month(day: dt.date, lang: str) -> str:
    """``May 2013`` / ``май 2013`` / ``травень 2013``."""
    return f"{MONTHS_NOMINATIVE.get(lang, MONTHS['en'])[day.month - 1]} {day.year}"


# A thin space would be nicer, but some screen readers announce it; an en dash
# between plain spaces reads as "to" everywhere.
DASH = " – "


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the Monday–Sunday week that contains ``day``."""
    return day - dt.timedelta(days=day.weekday())


def format_day(day: dt.date, lang: str, *, with_month: bool = True, with_year: bool = True) -> str:
    """``6 February 2017`` in the given language (day first in all three)."""
    months = MONTHS.get(lang, MONTHS["en"])
    parts = [str(day.day)]
    if with_month:
        parts.append(months[day.month - 1])
    if with_year:
        parts.append(str(day.year))
    return " ".join(parts)


@dataclass(frozen=True, order=True)
class Week:
    """One monitoring week, Monday to Sunday."""

    start: dt.date

    def __post_init__(self) -> None:
        if self.start.weekday() != 0:
            raise ValueError(f"a week starts on a Monday; {self.start.isoformat()} is not one")

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        return cls(monday_of(day))

    @classmethod
    def covered_by_release(cls, published_on: dt.date) -> Week:
        """The week a commentary released on ``published_on`` reports on.

        Commentaries go out on the Monday after the week they cover, sometimes a day
        or two late, so a release covers the last complete week before its own week.
        """
        return cls(monday_of(published_on) - dt.timedelta(days=7))

    @classmethod
    def parse(cls, text: str) -> Week:
        """Parse ``YYYY-MM-DD`` (a Monday); raise ValueError with a readable reason."""
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
        return cls(day)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def previous(self) -> Week:
        return Week(self.start - dt.timedelta(days=7))

    @property
    def next(self) -> Week:
        return Week(self.start + dt.timedelta(days=7))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def label(self, lang: str = "en") -> str:
        """``6 – 12 February 2017``, ``27 February – 5 March 2017``,
        ``26 December 2016 – 1 January 2017``."""
        start, end = self.start, self.end
        if start.year != end.year:
            left = format_day(start, lang)
        elif start.month != end.month:
            left = format_day(start, lang, with_year=False)
        else:
            left = format_day(start, lang, with_month=False, with_year=False)
        return left + DASH + format_day(end, lang)

    def isoformat(self) -> str:
        return self.start.isoformat()


def weeks_between(first: dt.date, last: dt.date) -> list[Week]:
    """Every week from the one containing ``first`` to the one containing ``last``."""
    week, stop = Week.containing(first), Week.containing(last)
    out = []
    while week <= stop:
        out.append(week)
        week = week.next
    return out
