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
