"""Ledger statistics on small hand-made series."""

import datetime as dt

import pytest

from watchdesk.analysis import ledger

UP, SAME, DOWN, NA = "improved", "unchanged", "worsened", "not_assessed"
MON = dt.date(2017, 1, 2)  # a Monday


def week(n: int) -> dt.date:
    return MON + dt.timedelta(weeks=n)


def series(*verdicts):
    """Consecutive weeks from MON; None leaves a week empty."""
    return {week(n): v for n, v in enumerate(verdicts) if v is not None}


def test_mondays_cover_whole_weeks_across_a_year_boundary():
    got = ledger.mondays(dt.date(2016, 12, 28), dt.date(2017, 1, 11))
    assert got == [dt.date(2016, 12, 26), dt.date(2017, 1, 2), dt.date(2017, 1, 9)]


def test_balance_sums_scores_and_carries_over_empty_weeks():
    s = series(UP, UP, DOWN, None, SAME, NA, DOWN)
    weeks = [week(n) for n in range(7)]
    assert ledger.balance(s, weeks) == [1, 2, 1, 1, 1, 1, 0]


def test_balance_of_a_trend_added_mid_way_starts_at_its_first_verdict():
    s = {week(3): DOWN, week(4): DOWN}
    weeks = [week(n) for n in range(5)]
    assert ledger.balance(s, weeks) == [None, None, None, -1, -2]


def test_decayed_balance_lets_the_past_fade():
    s = series(UP, None, DOWN)
    got = ledger.balance(s, [week(n) for n in range(3)], decay=0.5)
    assert got == [1.0, 0.5, -0.75]
    with pytest.raises(ValueError):
        ledger.balance(s, [], decay=0)


def test_streaks_end_at_a_gap_or_a_different_verdict():
    s = series(DOWN, DOWN, None, DOWN, DOWN, DOWN, UP)
    runs = ledger.streaks(s)
    assert [(r.verdict, r.length) for r in runs] == [(DOWN, 2), (DOWN, 3), (UP, 1)]
    assert runs[1].first == week(3) and runs[1].last == week(5)
    third = ledger.current_streak(s, upto=week(5))
    assert (third.verdict, third.length) == (DOWN, 3)  # "third worsening week in a row"
    assert ledger.current_streak({}) is None


def test_turns_are_reversals_of_direction_counting_past_neutral_weeks():
    s = series(DOWN, SAME, None, UP, UP, NA, DOWN, DOWN, SAME, UP)
    turns = ledger.turns(s)
    assert [(t.week, t.direction, t.previous) for t in turns] == [
        (week(3), 1, week(0)),
        (week(6), -1, week(4)),
        (week(9), 1, week(7)),
    ]
    assert ledger.turns(series(SAME, SAME, NA)) == []


def test_co_movement_correlates_shared_assessed_weeks_only():
    a = series(UP, DOWN, UP, DOWN, SAME, UP, DOWN, UP, None, NA)
    b = series(UP, DOWN, UP, DOWN, SAME, UP, DOWN, UP, DOWN, DOWN)
    c = series(DOWN, UP, DOWN, UP, SAME, DOWN, UP, DOWN)
    flat = series(SAME, SAME, SAME, SAME, SAME, SAME, SAME, SAME)
    pairs = ledger.co_movement({"a": a, "b": b, "c": c, "flat": flat}, min_shared=8)
    assert pairs[("a", "b")].shared_weeks == 8  # week 8 empty in a, week 9 unassessed
    assert pairs[("a", "b")].correlation == 1.0
    assert pairs[("a", "c")].correlation == -1.0
    assert pairs[("a", "flat")].correlation is None  # never varies
    assert pairs[("a", "b")].both_worsened == 3 and pairs[("a", "b")].either_worsened == 5
    assert pairs[("a", "b")].worsening_overlap == pytest.approx(0.6)
    assert ledger.strongest(pairs).a == "a" and ledger.strongest(pairs).b == "b"


def test_co_movement_needs_enough_shared_weeks_and_respects_the_window():
    a = series(UP, DOWN, UP, DOWN)
    late = {week(n): v for n, v in enumerate([UP, DOWN, UP, DOWN], start=2)}  # added mid-way
    pairs = ledger.co_movement({"a": a, "late": late}, min_shared=2)
    assert pairs[("a", "late")].shared_weeks == 2
    assert pairs[("a", "late")].correlation == 1.0  # weeks 2 and 3: improved, worsened
    window = ledger.co_movement({"a": a, "late": late}, [week(0), week(1)], min_shared=1)
    assert window[("a", "late")].shared_weeks == 0
    assert window[("a", "late")].correlation is None
    assert ledger.strongest(window) is None


def test_week_changes_name_turns_streaks_and_silences():
    by_trend = {
        "elite": series(DOWN, DOWN, DOWN),
        "society": series(DOWN, SAME, UP),
        "security": series(SAME, SAME, DOWN),
        "west": series(UP, None, UP),
        "russia": series(UP, UP, None),
    }
    changes = {c.trend: c for c in ledger.week_changes(by_trend, week(2))}
    assert changes["elite"].kind == "continues" and changes["elite"].streak.length == 3
    assert changes["society"].kind == "turned"
    assert changes["security"].kind == "changed"
    assert changes["west"].kind == "new"
    assert changes["russia"].kind == "silent" and changes["russia"].streak is None


def test_span_of_several_series():
    assert ledger.span({"a": series(UP, None, DOWN), "b": {week(5): SAME}}) == (week(0), week(5))
    assert ledger.span({"a": {}}) is None
