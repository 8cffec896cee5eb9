import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from watchdesk.analysis.credits import is_credit_line
from watchdesk.analysis.dates import parse_datetime
from watchdesk.analysis.verdicts import parse_verdict

MINSK = ZoneInfo("Europe/Minsk")


@pytest.mark.parametrize(
    ("phrase", "verdict"),
    [
        ("The situation has not changed", "unchanged"),
        ("The situation has gotten better", "improved"),
        ("The situation has improved", "improved"),
        ("The situation got worse", "worsened"),
        ("- (The situation has improved)", "improved"),
        ("Ситуация ухудшилась", "worsened"),
        ("Ситуация не изменилась", "unchanged"),
        ("Сітуацыя палепшылася", "improved"),
        ("Сітуацыя не змянілася", "unchanged"),
    ],
)
def test_verdict_phrases(phrase, verdict):
    reading = parse_verdict(phrase)
    assert reading.verdict == verdict and reading.recognised and reading.warning is None


def test_empty_status_is_not_assessed_without_warning():
    assert parse_verdict("").verdict == "not_assessed"
    assert parse_verdict(None).warning is None


def test_unknown_phrase_is_not_assessed_with_a_warning_naming_it():
    reading = parse_verdict("Mixed signals")
    assert reading.verdict == "not_assessed"
    assert "Mixed signals" in reading.warning


@pytest.mark.parametrize(
    "line",
    ["Image: BelTA", "Фото: RFRM", "Фота: president.gov.by", "photo: Reuters", "(c) РИА Новости"],
)
def test_credit_lines(line):
    assert is_credit_line(line)


@pytest.mark.parametrize(
    "line", ["", "Photographs of the meeting were not published.", "Imagine a deal"]
)
def test_ordinary_lines_are_not_credits(line):
    assert not is_credit_line(line)


def test_dates_as_old_sites_print_them_are_read_in_minsk_time():
    assert parse_datetime("April 22, 2016 18:30", MINSK) == dt.datetime(
        2016, 4, 22, 18, 30, tzinfo=MINSK
    )
    assert parse_datetime("October 02, 2017 11:57", MINSK).day == 2
    assert parse_datetime("not a date", MINSK) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 апреля 2016, 18:30", dt.datetime(2016, 4, 22, 18, 30, tzinfo=MINSK)),
        ("22 красавіка 2016 18:30", dt.datetime(2016, 4, 22, 18, 30, tzinfo=MINSK)),
        ("22 апреля 2016 г., 18:30", dt.datetime(2016, 4, 22, 18, 30, tzinfo=MINSK)),
        (
            "Submitted by editor on Fri, 11/18/2016 - 15:00",
            dt.datetime(2016, 11, 18, 15, 0, tzinfo=MINSK),
        ),
        ("2017-01-03T11:30:00+03:00", dt.datetime(2017, 1, 3, 11, 30, tzinfo=MINSK)),
    ],
)
def test_dates_in_three_languages_and_site_formats(text, expected):
    assert parse_datetime(text, MINSK) == expected


@pytest.mark.parametrize(
    ("label", "published", "monday"),
    [
        ("May 7 – May 13", dt.date(2018, 5, 14), dt.date(2018, 5, 7)),
        ("7 – 13 May", dt.date(2018, 5, 15), dt.date(2018, 5, 7)),
        ("28 декабря – 3 января", dt.date(2016, 1, 4), dt.date(2015, 12, 28)),
        ("Снежань 28 – Студзень 3", dt.date(2016, 1, 5), dt.date(2015, 12, 28)),
        # The old site's wrong year on a week crossing the new year is corrected.
        ("December 28 – January 3, 2015", dt.date(2016, 1, 4), dt.date(2015, 12, 28)),
    ],
)
def test_year_less_week_labels_are_placed_by_the_publication_date(label, published, monday):
    from watchdesk.analysis.dates import parse_week_label, resolve_week_label

    assert resolve_week_label(parse_week_label(label), published) == monday
