"""When was a commentary written? Reading the date its own words imply.

Migrated archives carry fake timestamps: many commentaries share the migration date.
``estimate_written`` reads the cues a text gives — explicit years and their context
("the upcoming presidential election in 2015", "as in March 2012", "ongoing … in
2013"), quarters ("Q3 and Q4 2013"), dated events ("Zapad-2017"), and day-month
mentions without a year ("On May 6th", "26 красавіка") placed in the year the other
cues point to — and returns an estimated writing date with a confidence and the
evidence. ``migration_clusters`` finds timestamps shared by suspiciously many items,
and ``assess`` decides whether a stated date should be flagged for an editor.

Nothing here knows about one particular text: the rules are about how analysts write.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from watchdesk.analysis.dates import MONTHS
from watchdesk.analysis.textre import alternation

_MONTH_ALT = alternation(MONTHS)
_YEAR = r"(?:19[89]\d|20[0-4]\d)"

# Words just before a year (or event) that place it after the writing: it lies ahead.
_FUTURE = re.compile(
    r"(upcoming|forthcoming|coming|next|scheduled|planned|expected|ahead of|preparations? for|"
    r"will|until|by the end of|due in|before the|предстоящ\w*|будущ\w*|следующ\w*|грядущ\w*|"
    r"запланирован\w*|намечен\w*|накануне|подготовк\w*|до конца|прадстаяч\w*|наступн\w*|"
    r"будучы\w*|чарговы\w*|запланаван\w*|напярэдадні|падрыхтоўк\w*|да канца)\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
# Words that place it before the writing.
_PAST = re.compile(
    r"(was|were|had|back in|as in|as early as|since|ago|last|previous|after|following|"
    r"в прошлом|еще в|ещё в|уже в|с\b|после|по итогам|прошл\w*|мінул\w*|яшчэ ў|ужо ў|пасля|"
    r"па выніках|з)\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
# Words that make it the year of writing.
_PRESENT = re.compile(
    r"(this year|current|ongoing|now|so far|в этом году|в текущем|текущ\w*|сейчас|сёлета|"
    r"у гэтым годзе|бягуч\w*|цяпер)\W+(?:\w+\W+){0,6}$",
    re.IGNORECASE,
)

_EXTRA_MONTHS = {
    "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8, "сентябре": 9,
    "октябре": 10, "ноябре": 11, "декабре": 12, "январе": 1, "феврале": 2, "сакавіку": 3,
    "красавіку": 4, "траўні": 5, "чэрвені": 6, "ліпені": 7, "жніўні": 8, "верасні": 9,
    "кастрычніку": 10, "лістападзе": 11, "снежні": 12, "студзені": 1, "лютым": 2,
}  # fmt: skip
_ANY_MONTH = alternation([*MONTHS, *_EXTRA_MONTHS])
_MONTH_YEAR = re.compile(
    rf"\b(?:in\s+|в\s+|у\s+)?(?P<month>{_ANY_MONTH})\s+(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_ALT}))\b"
    rf"(?!,?\s*{_YEAR})",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_ALT}))\s+(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    rf"\b(?:Q(?P<q1>[1-4])(?:\s*(?:and|&|[-–—/,]|и|і)\s*Q?(?P<q2>[1-4]))?"
    rf"|(?P<word>first|second|third|fourth|I{{1,3}}|IV|[1-4])(?:-?(?:й|м|ом|м|га|ым))?\s+"
    rf"(?:quarter|квартал\w*))(?:\s+of)?\s+(?P<year>{_YEAR})",
    re.IGNORECASE,
)
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
}
_BARE_YEAR = re.compile(rf"\b(?P<year>{_YEAR})\b")

_WEEKDAYS = {
    0: "monday понедельник панядзелак панядзелку",
    1: "tuesday вторник аўторак аўторк",
    2: "wednesday среда среду серада сераду",
    3: "thursday четверг чацвер",
    4: "friday пятница пятницу пятніца пятніцу",
    5: "saturday суббота субботу субота суботу",
    6: "sunday воскресенье нядзеля нядзелю",
}
WEEKDAYS = {form: n for n, forms in _WEEKDAYS.items() for form in forms.split()}
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{alternation(WEEKDAYS)}),?\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{_MONTH_ALT})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Event:
    kind: str
    dates: tuple[dt.date, ...]
    pattern: re.Pattern[str]
    recurring: bool
    hints: tuple[str, ...]


@lru_cache(maxsize=1)
def events() -> tuple[Event, ...]:
    """The calendar of dated events in ``data/events.json``."""
    data = json.loads(
        resources.files("watchdesk.analysis").joinpath("data", "events.json").read_text("utf-8")
    )
    found = [
        Event(
            e["kind"],
            tuple(dt.date.fromisoformat(d) for d in e["dates"]),
            re.compile(e["pattern"], re.I),
            True,
            tuple(e["hints"]),
        )
        for e in data["recurring"]
    ]
    found += [
        Event(
            "event",
            (dt.date.fromisoformat(e["date"]),),
            re.compile(e["pattern"], re.I),
            False,
            tuple(e["hints"]),
        )
        for e in data["one_off"]
    ]
    return tuple(found)


@dataclass
class Cue:
    kind: str
    snippet: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    tense: str = "plain"  # plain | past | present | future
    years: tuple[int, ...] = ()  # for a weekday-and-date: the years it fits
    start: int = 0  # where in the text it was found


@dataclass
class Estimate:
    """The estimated writing date (None when the text cannot tell) and why."""

    date: dt.date | None
    confidence: float
    lower: dt.date | None = None
    upper: dt.date | None = None
    evidence: list[str] = field(default_factory=list)


def _tense(text: str, start: int) -> str:
    before = text[max(0, start - 60) : start]
    if _PRESENT.search(before):
        return "present"
    if _FUTURE.search(before):
        return "future"
    if _PAST.search(before):
        return "past"
    return "plain"


def _month(name: str) -> int:
    lowered = name.lower().rstrip(".")
    return MONTHS.get(lowered) or _EXTRA_MONTHS[lowered]


def _snippet(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, max(0, start - 30))
    right = text.find(" ", min(len(text), end + 30))
    return " ".join(text[left + 1 if left >= 0 else 0 : right if right >= 0 else len(text)].split())


def find_cues(text: str) -> list[Cue]:
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for m in _QUARTER.finditer(text):
        quarters = [q for q in (m.group("q1"), m.group("q2")) if q]
        if m.group("word"):
            word = m.group("word").lower()
            quarters = [str(_QUARTER_WORDS.get(word, word))]
        first = min(int(q) for q in quarters)
        cues.append(
            Cue(
                "quarter",
                _snippet(text, *m.span()),
                int(m.group("year")),
                3 * first - 2,
                tense=_tense(text, m.start()),
                start=m.start(),
            )
        )
        taken.append(m.span())
    for m in _FULL_DATE.finditer(text):
        if free(m.span()):
            month = _month(m.group("m1") or m.group("m2"))
            cues.append(
                Cue(
                    "date",
                    _snippet(text, *m.span()),
                    int(m.group("year")),
                    month,
                    int(m.group("d1") or m.group("d2")),
                    _tense(text, m.start()),
                    start=m.start(),
                )
            )
            taken.append(m.span())
    for m in _MONTH_YEAR.finditer(text):
        if free(m.span()):
            cues.append(
                Cue(
                    "month",
                    _snippet(text, *m.span()),
                    int(m.group("year")),
                    _month(m.group("month")),
                    tense=_tense(text, m.start()),
                    start=m.start(),
                )
            )
            taken.append(m.span())
    day_cues: list[tuple[Cue, tuple[int, int]]] = []
    for m in _WEEKDAY_DATE.finditer(text):
        if free(m.span()):
            weekday = WEEKDAYS[m.group("weekday").lower()]
            month, day = _month(m.group("month")), int(m.group("day"))
            years = tuple(
                y
                for y in range(1995, 2031)
                if (d := _safe_date(y, month, day)) and d.weekday() == weekday
            )
            cue = Cue(
                "weekday",
                _snippet(text, *m.span()),
                None,
                month,
                day,
                _tense(text, m.start()),
                years,
                m.start(),
            )
            cues.append(cue)
            day_cues.append((cue, m.span()))
            taken.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        if free(m.span()):
            day = int(m.group("d1") or m.group("d2"))
            if 1 <= day <= 31:
                cue = Cue(
                    "day",
                    _snippet(text, *m.span()),
                    None,
                    _month(m.group("m1") or m.group("m2")),
                    day,
                    _tense(text, m.start()),
                    start=m.start(),
                )
                cues.append(cue)
                day_cues.append((cue, m.span()))
                taken.append(m.span())
    cues += _event_cues(text, day_cues)
    _apply_offsets(text, cues)
    for m in _BARE_YEAR.finditer(text):
        if free(m.span()):
            cues.append(
                Cue(
                    "year",
                    _snippet(text, *m.span()),
                    int(m.group("year")),
                    tense=_tense(text, m.start()),
                    start=m.start(),
                )
            )
            taken.append(m.span())
    return cues


def _dated_cue(text: str, m: re.Match[str], date: dt.date, tense: str) -> Cue:
    return Cue(
        "event", _snippet(text, *m.span()), date.year, date.month, date.day, tense, start=m.start()
    )


def _event_cues(text: str, day_cues) -> list[Cue]:
    """Named events: a one-off event dates itself; a recurring one (an election) is
    dated by the day and month written next to it, or by a year in its name."""
    cues: list[Cue] = []
    lowered = text.lower()
    for event in events():
        if not any(hint in lowered for hint in event.hints):
            continue
        for m in event.pattern.finditer(text):
            tense = _tense(text, m.start())
            if not event.recurring:
                cues.append(_dated_cue(text, m, event.dates[0], tense))
                break
            year_in_name = re.search(_YEAR, m.group(0))
            for date in event.dates:
                if year_in_name and int(year_in_name.group(0)) == date.year:
                    cues.append(_dated_cue(text, m, date, tense))
                    continue
                for cue, span in day_cues:
                    near = abs(span[0] - m.start()) < 80
                    if near and (cue.month, cue.day) == (date.month, date.day) and cue.year is None:
                        cue.year, cue.kind = date.year, "event"
                        cue.snippet = _snippet(text, min(span[0], m.start()), max(span[1], m.end()))
    return cues


_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3,
    "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "тры": 3, "чатыры": 4, "шэсць": 6,
}  # fmt: skip
_OFFSET = re.compile(
    r"(?P<n>\d{1,2}|a few|several|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\s+"
    r"(?P<unit>weeks?|months?|years?|недел\w*|месяц\w*|год\w*|лет|тыдн\w*|тыдзень|месяц\w*|гад\w*)\s+"
    r"(?:after|since|later than|после|пасля|з часу)\s+(?:the\s+)?(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


def _apply_offsets(text: str, cues: list[Cue]) -> None:
    """ "Six months after the Zapad-2017 exercise": the writing time is the event plus
    the span named, not the event itself."""
    for cue in cues:
        if cue.year is None or cue.kind == "quarter":
            continue
        m = _OFFSET.search(text[max(0, cue.start - 80) : cue.start])
        if not m:
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS.get(m.group("n").lower(), 1)
        unit = m.group("unit").lower()
        months = (
            n
            if unit.startswith(("month", "месяц"))
            else 12 * n
            if unit.startswith(("year", "год", "лет", "гад"))
            else 0
        )
        weeks = n if unit.startswith(("week", "недел", "тыд")) else 0
        base = _safe_date(cue.year, cue.month or 7, cue.day or 1)
        if base is None:
            continue
        total = base.month - 1 + months
        shifted = _safe_date(base.year + total // 12, total % 12 + 1, min(base.day, 28))
        if shifted is None:
            continue
        shifted += dt.timedelta(weeks=weeks)
        cue.kind, cue.tense = "date", "present"
        cue.year, cue.month, cue.day = shifted.year, shifted.month, shifted.day


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def estimate_written(
    text: str, *, stated: dt.date | None = None, stated_trusted: bool = False
) -> Estimate:
    """The writing date the text implies, with a confidence in [0, 1].

    ``stated`` is the date the source gives; when it is trusted (not a migration
    timestamp) it anchors day-month mentions that carry no year, and it is the answer
    whenever the text does not contradict it.
    """
    cues = find_cues(text)
    dated = [c for c in cues if c.year is not None]
    days = [c for c in cues if c.kind in {"day", "weekday"} and c.year is None]
    anchor = stated if stated_trusted else None
    if not dated and not days:
        if anchor:
            return Estimate(anchor, 0.3, evidence=["no dated cue; the stated date stands"])
        return Estimate(None, 0.0, evidence=["no dated cue in the text"])

    lower, upper = _bounds(dated)
    scores = _year_scores(dated, days, anchor)
    candidates = []
    for year, score in scores.items():
        if (upper and dt.date(year, 1, 1) > upper) or (lower and dt.date(year, 12, 31) < lower):
            continue
        fits = sum(1 for d in days if _fits(year, d, lower, upper))
        candidates.append((score + 0.5 * fits, year))
    if not candidates:
        return Estimate(
            anchor, 0.2 if anchor else 0.0, lower, upper, ["the cues contradict each other"]
        )
    candidates.sort(reverse=True)
    score, year = candidates[0]
    margin = score - (candidates[1][0] if len(candidates) > 1 else 0.0)
    evidence = [f"{c.kind} ({c.tense}): “{c.snippet}”" for c in dated[:8]]

    # The month: the latest fitting mention of a day in the year chosen (events count,
    # unless they lie ahead); else a month named in that year; else just before the
    # first quarter named; else the middle of what the bounds leave.
    placed = [
        d
        for d in (
            _safe_date(year, c.month, c.day)
            for c in days + [c for c in dated if c.kind == "event"]
            if c.month and c.day and (c.year in (None, year)) and c.tense != "future"
        )
        if d and (upper is None or d <= upper) and (lower is None or d >= lower)
    ]
    if anchor:
        placed = [d for d in placed if d <= anchor + dt.timedelta(days=7)] or placed
    months = [
        _safe_date(year, c.month, 15)
        for c in dated
        if c.kind in {"month", "date"}
        and c.year == year
        and c.tense in {"present", "plain"}
        and c.month
    ]
    quarters = [
        _safe_date(year, c.month, 1) for c in dated if c.kind == "quarter" and c.year == year
    ]
    if placed:
        estimate = max(placed)
        evidence += [f"day placed in {year}: {d:%d %B}" for d in sorted(placed)[-3:]]
        confidence = 0.9 if margin >= 1.5 else 0.7
    elif months:
        estimate = max(m for m in months if m)
        confidence = 0.6
    elif quarters:
        estimate = max(dt.date(year, 1, 15), min(q for q in quarters if q) - dt.timedelta(days=45))
        confidence = 0.5
    elif anchor and anchor.year == year:
        estimate, confidence = anchor, 0.5
    else:
        lo = max(dt.date(year, 1, 1), lower or dt.date(year, 1, 1))
        hi = min(dt.date(year, 12, 31), upper or dt.date(year, 12, 31))
        estimate = lo + (hi - lo) / 2
        confidence = 0.4 if margin >= 1.5 else 0.25
    if upper and estimate > upper:
        estimate = upper
    if lower and estimate < lower:
        estimate = lower
    return Estimate(estimate, round(confidence, 2), lower, upper, evidence)


def _bounds(dated: list[Cue]) -> tuple[dt.date | None, dt.date | None]:
    """What lies ahead was not yet, what is past had happened."""
    lower: dt.date | None = None
    upper: dt.date | None = None
    for c in dated:
        point = _safe_date(c.year, c.month or 1, c.day or 1)
        if point is None:
            continue
        if c.tense == "future" or c.kind == "quarter":
            limit = point if c.kind != "year" else dt.date(c.year, 12, 31)
            upper = limit if upper is None else min(upper, limit)
        elif c.tense == "past" and c.kind in {"date", "month", "event"}:
            lower = point if lower is None else max(lower, point)
    return lower, upper


def _year_scores(dated: list[Cue], days: list[Cue], anchor: dt.date | None) -> Counter[int]:
    """Where the present-tense, quarterly, event and plain cues cluster; years only
    named as the future pull towards just before them."""
    scores: Counter[int] = Counter()
    weights = {"present": 3.0, "plain": 1.0, "past": 0.4, "future": 0.3}
    for c in dated:
        weight = weights[c.tense] * (1.5 if c.kind in {"quarter", "event"} else 1.0)
        scores[c.year] += weight
        if c.tense == "future":
            scores[c.year - 1] += 0.8
            scores[c.year - 2] += 0.6
        if c.kind == "quarter":
            scores[c.year] += 1.0
        if c.kind == "event" and c.tense != "future":
            scores[c.year] += 1.0
    for c in days:
        for year in c.years:  # a weekday with a date fits only some years
            scores[year] += 1.5
    if anchor:
        scores[anchor.year] += 2.0
        if anchor.month <= 1:
            scores[anchor.year - 1] += 1.0
    return scores


def _fits(year: int, cue: Cue, lower: dt.date | None, upper: dt.date | None) -> bool:
    day = _safe_date(year, cue.month or 1, cue.day or 1)
    return day is not None and (upper is None or day <= upper) and (lower is None or day >= lower)


def migration_clusters(
    stamps: Sequence[dt.datetime | None],
    *,
    window: dt.timedelta = dt.timedelta(minutes=10),
    min_size: int = 5,
) -> set[int]:
    """Indexes of items whose timestamp falls in a narrow window shared by at least
    ``min_size`` items: the mark of a bulk migration, not of weekly publishing."""
    order = sorted((s, i) for i, s in enumerate(stamps) if s is not None)
    flagged: set[int] = set()
    start = 0
    for end in range(len(order)):
        while order[end][0] - order[start][0] > window:
            start += 1
        if end - start + 1 >= min_size:
            flagged.update(i for _, i in order[start : end + 1])
    return flagged


@dataclass(frozen=True)
class Assessment:
    flagged: bool
    reason: str


def assess(stated: dt.date | None, estimate: Estimate, *, in_migration_cluster: bool) -> Assessment:
    """Should an editor look at this item's date?"""
    if stated is None:
        return Assessment(estimate.date is not None, "no stated date; estimated from the text")
    if estimate.date is None:
        if in_migration_cluster:
            return Assessment(True, "shares a migration timestamp; the text gives no date")
        return Assessment(False, "")
    gap = abs((stated - estimate.date).days)
    if estimate.confidence >= 0.5 and gap > 183:
        return Assessment(
            True, f"the text implies {estimate.date:%B %Y}, {gap} days from the stated date"
        )
    if in_migration_cluster and gap > 45:
        return Assessment(
            True, f"shares a migration timestamp; the text implies {estimate.date:%B %Y}"
        )
    return Assessment(False, "")
