"""Statistics of weekly verdict series: balance, streaks, turns, trends moving together.

A *series* maps the Monday that starts a week to that week's verdict for one trend
(``"improved"``, ``"unchanged"``, ``"worsened"`` or ``"not_assessed"``); a week with
nothing published is simply absent. Everything here is a plain function of such
series, so the ledger page, the trend archives, the home page and the downloads all
read the same numbers, and tests pin them on hand-made series.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

IMPROVED, UNCHANGED, WORSENED, NOT_ASSESSED = "improved", "unchanged", "worsened", "not_assessed"
SCORE = {IMPROVED: 1, UNCHANGED: 0, WORSENED: -1}
WEEK = dt.timedelta(weeks=1)

Series = Mapping[dt.date, str]


def mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every Monday from ``first``'s week to ``last``'s week, both included."""
    start = first - dt.timedelta(days=first.weekday())
    end = last - dt.timedelta(days=last.weekday())
    count = (end - start).days // 7 + 1
    return [start + n * WEEK for n in range(max(count, 0))]


def span(series_by_trend: Mapping[object, Series]) -> tuple[dt.date, dt.date] | None:
    """The first and last week with a verdict in any of the series."""
    weeks = [week for series in series_by_trend.values() for week in series]
    return (min(weeks), max(weeks)) if weeks else None


# --- one trend ---------------------------------------------------------------------------
def balance(series: Series, weeks: Sequence[dt.date], *, decay: float = 1.0) -> list[float | None]:
    """The running balance over ``weeks``: improved +1, worsened −1, anything else 0,
    each week's balance being ``decay`` times the previous one plus the week's score
    (``decay`` 1 is a plain running sum; below 1 the past fades). Weeks before the
    trend's first verdict are ``None``: a trend added mid-way starts at its first week.
    """
    if not 0 < decay <= 1:
        raise ValueError("decay must be in (0, 1]")
    out: list[float | None] = []
    running: float | None = None
    for week in weeks:
        verdict = series.get(week)
        if running is None and verdict is None:
            out.append(None)
            continue
        running = (running or 0.0) * decay + SCORE.get(verdict, 0)
        out.append(round(running, 6))
    return out


@dataclass(frozen=True)
class Streak:
    verdict: str
    length: int
    first: dt.date  # Monday of its first week
    last: dt.date  # Monday of its last week


def streaks(series: Series) -> list[Streak]:
    """Runs of the same verdict in consecutive weeks, oldest first. A week with nothing
    published ends a run, as does a different verdict."""
    runs: list[Streak] = []
    for week in sorted(series):
        verdict = series[week]
        if runs and runs[-1].verdict == verdict and runs[-1].last + WEEK == week:
            previous = runs[-1]
            runs[-1] = Streak(verdict, previous.length + 1, previous.first, week)
        else:
            runs.append(Streak(verdict, 1, week, week))
    return runs


def current_streak(series: Series, upto: dt.date | None = None) -> Streak | None:
    """The run the trend is in at its latest verdict (at or before ``upto``)."""
    if upto is not None:
        series = {week: v for week, v in series.items() if week <= upto}
    runs = streaks(series)
    return runs[-1] if runs else None


@dataclass(frozen=True)
class Turn:
    week: dt.date
    direction: int  # +1: turned to improving; -1: turned to worsening
    previous: dt.date  # the week of the last verdict in the other direction


def turns(series: Series) -> list[Turn]:
    """Weeks where the direction changed: an improvement after the last directional
    verdict was a worsening, or the reverse. Unchanged or unassessed weeks and gaps in
    between keep the direction as it was."""
    found: list[Turn] = []
    last_direction, last_week = 0, None
    for week in sorted(series):
        direction = SCORE.get(series[week], 0)
        if direction == 0:
            continue
        if last_direction and direction != last_direction:
            found.append(Turn(week, direction, last_week))
        last_direction, last_week = direction, week
    return found


# --- trends together ---------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    a: object
    b: object
    shared_weeks: int  # weeks where both trends have an assessed verdict
    correlation: float | None  # Pearson correlation of the scores on those weeks
    both_worsened: int
    either_worsened: int

    @property
    def worsening_overlap(self) -> float | None:
        """Weeks both worsened, as a share of the weeks either did (Jaccard)."""
        return self.both_worsened / self.either_worsened if self.either_worsened else None


def co_movement(
    series_by_trend: Mapping[object, Series],
    weeks: Iterable[dt.date] | None = None,
    *,
    min_shared: int = 8,
) -> dict[tuple[object, object], Pair]:
    """For every pair of trends (in the mapping's order), how their verdicts moved
    together over ``weeks`` (all weeks when None). The correlation is left out (None)
    when they share fewer than ``min_shared`` assessed weeks or one of them never
    varies there: too little to say anything."""
    allowed = set(weeks) if weeks is not None else None
    scored = {
        trend: {
            week: SCORE[v]
            for week, v in series.items()
            if v in SCORE and (allowed is None or week in allowed)
        }
        for trend, series in series_by_trend.items()
    }
    keys = list(series_by_trend)
    out: dict[tuple[object, object], Pair] = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            shared = sorted(scored[a].keys() & scored[b].keys())
            xs = [scored[a][w] for w in shared]
            ys = [scored[b][w] for w in shared]
            worse_a = {w for w, s in scored[a].items() if s < 0}
            worse_b = {w for w, s in scored[b].items() if s < 0}
            out[(a, b)] = Pair(
                a,
                b,
                len(shared),
                _pearson(xs, ys) if len(shared) >= min_shared else None,
                len(worse_a & worse_b),
                len(worse_a | worse_b),
            )
    return out


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return round(sxy / math.sqrt(sxx * syy), 4)


def strongest(pairs: Mapping[tuple[object, object], Pair]) -> Pair | None:
    """The pair whose verdicts moved together most (highest correlation; more shared
    weeks break ties), or None when no pair has enough data."""
    scored = [p for p in pairs.values() if p.correlation is not None]
    if not scored:
        return None
    return max(scored, key=lambda p: (p.correlation, p.shared_weeks))


# --- this week against last week ---------------------------------------------------------
@dataclass(frozen=True)
class Change:
    trend: object
    this: str | None  # this week's verdict, None when nothing was published
    last: str | None  # last week's verdict
    kind: str  # "turned", "continues", "changed", "new" or "silent"
    streak: Streak | None  # the run this week's verdict belongs to


def week_changes(series_by_trend: Mapping[object, Series], week: dt.date) -> list[Change]:
    """Each trend's verdict this week against the previous week:

    - ``turned``: the direction reversed (improved after worsened, or the reverse,
      counting back past unchanged weeks);
    - ``continues``: the same verdict as last week, a streak of two or more weeks;
    - ``changed``: a different verdict that is not a reversal (e.g. worsened after
      unchanged);
    - ``new``: a verdict this week and none last week;
    - ``silent``: nothing published this week.
    """
    out = []
    for trend, series in series_by_trend.items():
        this, last = series.get(week), series.get(week - WEEK)
        streak = current_streak(series, upto=week) if this is not None else None
        if this is None:
            kind = "silent"
        elif any(t.week == week for t in turns({w: v for w, v in series.items() if w <= week})):
            kind = "turned"
        elif last is None:
            kind = "new"
        elif this == last:
            kind = "continues"
        else:
            kind = "changed"
        out.append(Change(trend, this, last, kind, streak))
    return out
