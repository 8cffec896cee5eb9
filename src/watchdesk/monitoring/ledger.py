"""The verdict ledger: every trend's weekly verdicts in one grid, and its open data.

``build`` reads one language's trends and the verdicts of a range of weeks with two
queries; ``svg`` draws the grid as server-rendered SVG (each cell a link to its
commentary, its headline as the cell's title); ``rows`` are the same cells as the
CSV and JSON downloads give them. Statistics come from ``analysis.ledger``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from html import escape

from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from watchdesk.analysis import ledger as stats
from watchdesk.analysis.weeks import Week
from watchdesk.monitoring.models import CommentaryPage, TrendPage
from watchdesk.monitoring.queries import page_url
from watchdesk.monitoring.verdicts import Verdict

WEEK_CHOICES = (12, 26, 52)
DEFAULT_WEEKS = 52
COLUMNS = ("trend", "week_start", "week_end", "verdict", "url", "language", "title")


@dataclass(frozen=True)
class LocaleRef:
    """A language's locale id and code, without loading the Locale row."""

    pk: int
    language_code: str


class RangeError(ValueError):
    """A range the ledger cannot show, with a message that says what would work."""


@dataclass(frozen=True)
class Range:
    """Which weeks to show: the last ``weeks`` weeks, one calendar ``year`` (weeks
    starting in it), or everything."""

    weeks: int | None = DEFAULT_WEEKS
    year: int | None = None

    @classmethod
    def parse(cls, params) -> Range:
        """From query parameters: ``range=12|26|52|all`` or ``year=YYYY``."""
        year, which = params.get("year"), params.get("range")
        if year:
            if not (year.isascii() and year.isdigit() and 1900 <= int(year) <= 2200):
                raise RangeError(_("The year must be a number such as 2017."))
            return cls(weeks=None, year=int(year))
        if which in (None, ""):
            return cls()
        if which == "all":
            return cls(weeks=None)
        if which.isascii() and which.isdigit() and int(which) in WEEK_CHOICES:
            return cls(weeks=int(which))
        raise RangeError(_("The range must be 12, 26, 52 or all, or give a year."))

    @property
    def key(self) -> str:
        if self.year:
            return str(self.year)
        return str(self.weeks) if self.weeks else "all"

    @property
    def query(self) -> str:
        if self.year:
            return f"year={self.year}"
        return f"range={self.weeks}" if self.weeks else "range=all"

    def mondays(self, span: tuple[dt.date, dt.date] | None) -> list[dt.date]:
        """The weeks to show, given the first and last week with a verdict."""
        if self.year:
            return stats.mondays(_first_monday_in(self.year), _last_monday_in(self.year))
        if span is None:
            return []
        first, last = span
        if self.weeks:
            first = max(first, last - dt.timedelta(weeks=self.weeks - 1))
        return stats.mondays(first, last)


def _first_monday_in(year: int) -> dt.date:
    day = dt.date(year, 1, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday_in(year: int) -> dt.date:
    day = dt.date(year, 12, 31)
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Trend:
    id: int
    title: str
    url: str


@dataclass(frozen=True)
class Cell:
    trend: Trend
    week: dt.date
    verdict: str
    title: str
    url: str


@dataclass
class Ledger:
    language: str
    range: Range
    trends: list[Trend]
    weeks: list[dt.date]
    cells: dict[tuple[int, dt.date], Cell] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)  # years with any verdict

    def series(self) -> dict[int, dict[dt.date, str]]:
        out: dict[int, dict[dt.date, str]] = {t.id: {} for t in self.trends}
        for (trend_id, week), cell in self.cells.items():
            out[trend_id][week] = cell.verdict
        return out

    def rows(self, base_url: str = "") -> list[dict]:
        """The cells as the downloads give them: trend order, then week."""
        out = []
        for trend in self.trends:
            for week in self.weeks:
                cell = self.cells.get((trend.id, week))
                if cell is None:
                    continue
                out.append(
                    {
                        "trend": trend.title,
                        "week_start": week.isoformat(),
                        "week_end": (week + dt.timedelta(days=6)).isoformat(),
                        "verdict": cell.verdict,
                        "url": base_url + cell.url,
                        "language": self.language,
                        "title": cell.title,
                    }
                )
        return out

    def co_movement(self) -> tuple[list[list[stats.Pair | None]], stats.Pair | None]:
        """The trends × trends matrix of how verdicts moved together in the range, and
        the pair that moved together most."""
        pairs = stats.co_movement(
            {t.id: s for t, s in zip(self.trends, self.series().values(), strict=True)}, self.weeks
        )
        matrix = []
        for a in self.trends:
            row = []
            for b in self.trends:
                row.append(pairs.get((a.id, b.id)) or pairs.get((b.id, a.id)))
            matrix.append(row)
        return matrix, stats.strongest(pairs)


def range_links(data: Ledger) -> list[dict]:
    """The ranges a reader can switch between, the current one marked."""
    choices = [(Range(weeks=n), _("%(n)d weeks") % {"n": n}) for n in WEEK_CHOICES] + [
        (Range(weeks=None), _("All time"))
    ]
    choices += [(Range(weeks=None, year=y), str(y)) for y in data.years]
    return [
        {"label": label, "query": rng.query, "current": rng == data.range} for rng, label in choices
    ]


def build(locale, rng: Range) -> Ledger:
    language = locale.language_code
    trends = [
        Trend(pk, title, page_url(url_path, language))
        for pk, title, url_path in TrendPage.objects.live()
        .filter(locale_id=locale.pk)
        .order_by("order", "path")
        .values_list("pk", "title", "url_path")
    ]
    live = CommentaryPage.objects.live().filter(locale_id=locale.pk, trend__isnull=False)
    span = live.aggregate(first=Min("week_start"), last=Max("week_start"))
    first, last = span["first"], span["last"]
    years = list(range(first.year, last.year + 1)) if first else []
    weeks = rng.mondays((first, last) if first else None)
    result = Ledger(language, rng, trends, weeks, years=years)
    if not weeks:
        return result
    by_id = {t.id: t for t in trends}
    rows = (
        live.filter(week_start__gte=weeks[0], week_start__lte=weeks[-1])
        .order_by("published_at", "pk")
        .values_list("trend_id", "week_start", "verdict", "title", "url_path")
    )
    cells = result.cells
    for trend_id, week, verdict, title, url_path in rows:
        trend = by_id.get(trend_id)
        if trend is not None:  # the latest of a week wins
            cells[(trend_id, week)] = Cell(trend, week, verdict, title, url_path)
    # Addresses once per cell kept (not per row read), through the same helper as lists.
    for key, cell in cells.items():
        cells[key] = Cell(
            cell.trend, cell.week, cell.verdict, cell.title, page_url(cell.url, language)
        )
    return result


def _verdicts() -> dict[str, tuple[str, str, str]]:
    """Label, symbol and CSS class of each verdict, translated once per render."""
    return {v.value: (str(v.label), v.symbol, v.css) for v in Verdict}


# --- drawing -----------------------------------------------------------------------------
ROW = 30  # px per trend row
MONTHS_SHORT = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "ru": "янв фев мар апр май июн июл авг сен окт ноя дек".split(),
    "be": "сту лют сак кра тра чэр ліп жні вер кас ліс сне".split(),
}
CELL_H = 22


def svg(data: Ledger) -> str:
    """The grid as an SVG element: one row per trend, one column per week, each cell a
    link with the commentary's headline as its title; month (or year) marks on top."""
    lang = data.language
    n = len(data.weeks)
    step = 18 if n <= 60 else (10 if n <= 160 else 6)
    cell_w = step - 2
    top = 22
    width = max(n * step, 1)
    height = top + ROW * len(data.trends)
    out = [
        f'<svg class="ledger__grid" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(_("Verdicts by trend and week"))}">'
    ]
    # Marks on top: each month's first week on short ranges, each year's on long ones.
    previous = None
    for i, week in enumerate(data.weeks):
        mark = (week.year, week.month) if n <= 60 else week.year
        if mark != previous:
            label = MONTHS_SHORT.get(lang, MONTHS_SHORT["en"])[week.month - 1] if n <= 60 else ""
            if n > 60 or week.month == 1 or previous is None:
                label = f"{label} {week.year}".strip()
            out.append(f'<text class="ledger__mark" x="{i * step}" y="14">{escape(label)}</text>')
            previous = mark
    verdicts = _verdicts()
    labels = {week: Week(week).label(lang) for week in data.weeks}
    for r, trend in enumerate(data.trends):
        y = top + r * ROW
        name = escape(trend.title)
        for i, week in enumerate(data.weeks):
            cell = data.cells.get((trend.id, week))
            x = i * step
            if cell is None:
                out.append(
                    f'<rect class="ledger__empty" x="{x}" y="{y}" width="{cell_w}" '
                    f'height="{CELL_H}"/>'
                )
                continue
            label, symbol, css = verdicts[cell.verdict]
            mark = (
                f'<text class="ledger__symbol" x="{x + cell_w / 2}" y="{y + 15}" '
                f'text-anchor="middle">{symbol}</text>'
                if step >= 18 and cell.verdict != "not_assessed"
                else ""
            )
            out.append(
                f'<a href="{escape(cell.url)}" data-trend="{trend.id}" '
                f'data-week="{week.isoformat()}" data-verdict="{cell.verdict}">'
                f"<title>{name}, {labels[week]}: {label} — {escape(cell.title)}</title>"
                f'<rect class="ledger__cell {css}" x="{x}" y="{y}" '
                f'width="{cell_w}" height="{CELL_H}"/>{mark}</a>'
            )
    out.append("</svg>")
    return "".join(out)


TABLE_WEEKS = 104  # longer ranges: the downloads and the per-year views are the table


def table(data: Ledger) -> str:
    """The grid as an HTML table (weeks as rows, newest first; trends as columns), for
    screen readers and for reading exact weeks; built as a string, like the SVG. Up to
    ``TABLE_WEEKS`` weeks: "" for longer ranges."""
    if len(data.weeks) > TABLE_WEEKS:
        return ""
    lang = data.language
    verdicts = _verdicts()
    head = "".join(f'<th scope="col">{escape(t.title)}</th>' for t in data.trends)
    out = [
        '<table class="ledger__table"><caption>',
        escape(_("Verdicts by week and trend")),
        f'</caption><thead><tr><th scope="col">{escape(_("Week"))}</th>{head}</tr></thead><tbody>',
    ]
    for week in reversed(data.weeks):
        cells = []
        for trend in data.trends:
            cell = data.cells.get((trend.id, week))
            if cell is None:
                cells.append('<td class="muted">—</td>')
                continue
            label, symbol, _css = verdicts[cell.verdict]
            cells.append(
                f'<td><a href="{escape(cell.url)}"><span aria-hidden="true">{symbol}</span> '
                f"{label}</a></td>"
            )
        out.append(f'<tr><th scope="row">{Week(week).label(lang)}</th>{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


# --- sentences ---------------------------------------------------------------------------
def streak_sentence(streak: stats.Streak | None) -> str:
    """ "Worsening for 3 weeks in a row" and the like; "" without a verdict."""
    if streak is None:
        return ""
    n = streak.length
    if n == 1:
        return _("Latest week: %(verdict)s") % {"verdict": Verdict(streak.verdict).label}
    forms = {
        stats.IMPROVED: ngettext(
            "Improving for %(n)d week in a row", "Improving for %(n)d weeks in a row", n
        ),
        stats.WORSENED: ngettext(
            "Worsening for %(n)d week in a row", "Worsening for %(n)d weeks in a row", n
        ),
        stats.UNCHANGED: ngettext(
            "Unchanged for %(n)d week in a row", "Unchanged for %(n)d weeks in a row", n
        ),
    }
    default = ngettext(
        "Not assessed for %(n)d week in a row", "Not assessed for %(n)d weeks in a row", n
    )
    return forms.get(streak.verdict, default) % {"n": n}


def turn_sentence(direction: int) -> str:
    return _("Turned to improving") if direction > 0 else _("Turned to worsening")


@dataclass(frozen=True)
class Dynamics:
    weeks: list[dt.date]
    balance: list[float | None]
    streak: str
    turns: list[tuple[str, str, str]]  # (sentence, week label, commentary URL), newest first
    low: float
    high: float

    def chart(self, width: int = 520, height: int = 80) -> str:
        """The running balance as a small SVG line chart with its zero line."""
        points = [(i, b) for i, b in enumerate(self.balance) if b is not None]
        if len(points) < 2:
            return ""
        low, high = min(self.low, 0.0), max(self.high, 0.0)
        spread = (high - low) or 1.0
        n = max(len(self.balance) - 1, 1)

        def xy(i: int, value: float) -> str:
            x = 4 + i * (width - 8) / n
            y = 6 + (high - value) * (height - 12) / spread
            return f"{x:.1f},{y:.1f}"

        zero = 6 + high * (height - 12) / spread
        line = " ".join(xy(i, b) for i, b in points)
        summary = _("Running balance (improved +1, worsened −1) from %(first)s to %(last)s") % {
            "first": _number(points[0][1]),
            "last": _number(points[-1][1]),
        }
        return (
            f'<svg class="balance__chart" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="none" role="img" aria-label="{escape(summary)}">'
            f'<line class="balance__zero" x1="0" x2="{width}" y1="{zero:.1f}" y2="{zero:.1f}"/>'
            f'<polyline class="balance__line" points="{line}"/></svg>'
        )


def _number(value: float) -> str:
    return f"{value:+g}".replace("-", "−")


def trend_dynamics(trend, weeks: int = 52) -> Dynamics | None:
    """Balance over the last ``weeks`` weeks, current streak and recent turns of a trend."""
    return _cached(
        LocaleRef(trend.locale_id, translation.get_language()),
        Range(weeks=weeks),
        f"trend:{trend.pk}",
        lambda: _dynamics(trend, weeks),
    )


def _dynamics(trend, weeks: int) -> Dynamics | None:
    language = translation.get_language()
    rows = list(
        CommentaryPage.objects.live()
        .filter(trend=trend)
        .order_by("published_at", "pk")
        .values_list("week_start", "verdict", "url_path")
    )
    if not rows:
        return None
    series = {week: verdict for week, verdict, _ in rows}
    urls = {week: page_url(url_path, language) for week, _, url_path in rows}
    last = max(series)
    window = stats.mondays(last - dt.timedelta(weeks=weeks - 1), last)
    balance = stats.balance(series, window)
    values = [b for b in balance if b is not None]
    turns = [
        (turn_sentence(t.direction), Week(t.week).label(language), urls[t.week])
        for t in reversed(stats.turns(series)[-5:])
    ]
    return Dynamics(
        window,
        balance,
        streak_sentence(stats.current_streak(series)),
        turns,
        min(values) if values else 0.0,
        max(values) if values else 0.0,
    )


def what_changed(locale, week: dt.date) -> list[dict]:
    """This week against last week, trend by trend, in sentences for the home page."""
    return _cached(locale, Range(weeks=12), f"changed:{week}", lambda: _what_changed(locale, week))


def _what_changed(locale, week: dt.date) -> list[dict]:
    data = build(locale, Range(weeks=12))
    changes = stats.week_changes(data.series(), week)
    titles = {t.id: t for t in data.trends}
    out = []
    for change in changes:
        trend = titles[change.trend]
        if change.kind == "turned":
            direction = stats.SCORE[change.this]
            text = turn_sentence(direction)
        elif change.kind == "continues":
            text = streak_sentence(change.streak)
        elif change.kind == "changed":
            text = _("%(verdict)s, after %(previous)s the week before") % {
                "verdict": Verdict(change.this).label,
                "previous": str(Verdict(change.last).label).lower(),
            }
        elif change.kind == "new":
            text = _("%(verdict)s; nothing was published the week before") % {
                "verdict": Verdict(change.this).label
            }
        else:
            text = _("Nothing published this week")
        out.append({"trend": trend, "kind": change.kind, "verdict": change.this, "text": text})
    return out


# --- stored renderings -------------------------------------------------------------------
# The ledger is derived data: drawn once per change of the archive, then read. The key
# holds a stamp of the language's live commentaries and trends (how many, the latest
# publication, the highest id), so any publication, withdrawal, deletion or edit makes
# a new key; old entries age out of the cache.
CACHE_SECONDS = 24 * 3600


def stamp(locale) -> str:
    """Changes whenever any page of the language is published, withdrawn or deleted."""
    a = (
        Page.objects.live()
        .filter(locale_id=locale.pk)
        .aggregate(n=Count("pk"), last=Max("last_published_at"), top=Max("pk"))
    )
    parts = (a["n"], a["last"], a["top"])
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]  # noqa: S324 - a cache key


def _cached(locale, rng: Range, what: str, compute):
    key = f"watchdesk:ledger:{locale.language_code}:{rng.key}:{what}:{stamp(locale)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def page_parts(locale, rng: Range) -> dict:
    """Everything the ledger page shows for a range, drawn once per archive change."""

    def compute() -> dict:
        data = build(locale, rng)
        matrix, strongest = data.co_movement()
        parts = {
            "svg": svg(data),
            "table": table(data),
            "ranges": range_links(data),
            "matrix": matrix,
            "strongest": strongest,
            "trend_titles": {t.id: t.title for t in data.trends},
        }
        data.cells = {}  # drawn above; what is stored is read on every view
        parts["ledger"] = data
        return parts

    return _cached(locale, rng, "page", compute)


def download(locale, rng: Range, fmt: str, base_url: str) -> tuple[Ledger, str]:
    """The range's cells as a CSV or JSON document, made once per archive change."""

    def compute():
        data = build(locale, rng)
        rows = data.rows(base_url)
        data.cells = {}
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(COLUMNS)
            writer.writerows([_spreadsheet_safe(str(row[c])) for c in COLUMNS] for row in rows)
            return data, buffer.getvalue()
        document = {
            "language": data.language,
            "range": {"weeks": rng.weeks, "year": rng.year},
            "first_week": data.weeks[0].isoformat() if data.weeks else None,
            "last_week": data.weeks[-1].isoformat() if data.weeks else None,
            "trends": [t.title for t in data.trends],
            "columns": list(COLUMNS),
            "rows": rows,
        }
        return data, json.dumps(document, ensure_ascii=False, indent=1)

    return _cached(locale, rng, f"{fmt}:{base_url}", compute)


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with =, +, - or @ is a formula to spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
