import datetime as dt

import pytest

from watchdesk.analysis.weeks import Week, monday_of, weeks_between


def test_label_within_one_month_carries_the_year():
    assert Week(dt.date(2017, 2, 6)).label("en") == "6 – 12 February 2017"


def test_label_across_months():
    assert Week(dt.date(2017, 2, 27)).label("en") == "27 February – 5 March 2017"


def test_label_across_a_year_boundary_names_both_years():
    # The old site printed "December 28 – January 3, 2015" for this week.
    assert Week(dt.date(2015, 12, 28)).label("en") == "28 December 2015 – 3 January 2016"


def test_labels_in_russian_and_belarusian_use_genitive_months():
    week = Week(dt.date(2017, 2, 6))
    assert week.label("ru") == "6 – 12 февраля 2017"
    assert week.label("be") == "6 – 12 лютага 2017"
    assert Week(dt.date(2016, 12, 26)).label("be") == "26 снежня 2016 – 1 студзеня 2017"


def test_a_week_must_start_on_monday():
    with pytest.raises(ValueError, match="Monday"):
        Week(dt.date(2017, 2, 7))


@pytest.mark.parametrize(
    ("published", "covered"),
    [
        (dt.date(2017, 2, 13), dt.date(2017, 2, 6)),  # the usual Monday release
        (dt.date(2017, 2, 14), dt.date(2017, 2, 6)),  # a day late: still last week
        (dt.date(2017, 2, 19), dt.date(2017, 2, 6)),  # Sunday: the last complete week
        (dt.date(2016, 1, 4), dt.date(2015, 12, 28)),  # across the new year
    ],
)
def test_a_release_covers_the_last_complete_week(published, covered):
    assert Week.covered_by_release(published).start == covered


def test_parse_rejects_non_dates_with_a_readable_reason():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Week.parse("last week")
    assert Week.parse("2017-02-06").end == dt.date(2017, 2, 12)


def test_neighbours_and_ranges():
    week = Week(dt.date(2017, 1, 2))
    assert week.previous.start == dt.date(2016, 12, 26)
    assert week.next.start == dt.date(2017, 1, 9)
    assert dt.date(2017, 1, 8) in week and dt.date(2017, 1, 9) not in week
    assert monday_of(dt.date(2017, 1, 8)) == dt.date(2017, 1, 2)
    assert [w.start.day for w in weeks_between(dt.date(2017, 1, 4), dt.date(2017, 1, 20))] == [
        2,
        9,
        16,
    ]
