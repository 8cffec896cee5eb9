"""Importing messy archives: the labelled gold set, idempotence, safety."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils.html import strip_tags

from watchdesk.importer.models import ImportRecord
from watchdesk.importer.normalise import TrendMap
from watchdesk.importer.run import run_import
from watchdesk.monitoring.models import CommentaryLink, CommentaryPage, CommentarySource

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
ALIASES = {"monitor-by.example": "belarusmonitor.example"}


def _import(**options):
    return run_import(
        [str(FIXTURES)],
        trend_map=TrendMap.load(str(FIXTURES / "trend-map.json")),
        aliases=ALIASES,
        keep_going=True,
        **options,
    )


def _imported_pages():
    return {
        p.title: p
        for p in CommentaryPage.objects.filter(import_records__origin__contains="fixtures/import")
        .distinct()
        .select_related("trend", "locale")
        .prefetch_related("sources")
    }


def test_gold_set_imports_exactly(sample):
    summary = _import()
    assert summary.counts["imported"] == len(MANIFEST["commentaries"]) == 42
    assert summary.counts["failed"] == 1
    (failure,) = summary.failures
    assert MANIFEST["failures"][0]["file"] in failure and "date" in failure
    pages = _imported_pages()
    mismatches = []
    for expected in MANIFEST["commentaries"]:
        page = pages.get(expected["title"])
        if page is None:
            mismatches.append((expected["title"], "missing"))
            continue
        body = " ".join(strip_tags(page.body.replace("</p>", " </p>")).split())
        got = {
            "trend": page.trend.slug,
            "verdict": page.verdict,
            "published_at": page.published_at,
            "week_start": page.week_start.isoformat(),
            "credit": page.photo_credit,
            "language": page.locale.language_code,
            "urls": sorted(s.url for s in page.sources.all()),
            "first_words": body[: len(expected["first_words"])],
        }
        want = {
            "trend": expected["trend"],
            "verdict": expected["verdict"],
            "published_at": dt.datetime.fromisoformat(expected["published_at"]),
            "week_start": expected["week_start"],
            "credit": expected["credit"],
            "language": expected["language"],
            "urls": sorted(expected["urls"]),
            "first_words": expected["first_words"],
        }
        mismatches += [(expected["title"], k, got[k], want[k]) for k in want if got[k] != want[k]]
        if expected.get("listed_under"):
            parent = pages[expected["listed_under"]]
            if not CommentaryLink.objects.filter(from_page=parent, to_page=page).exists():
                mismatches.append((expected["title"], "listed_under"))
    assert mismatches == []


def test_duplicates_merge_and_keep_every_address(sample):
    _import()
    merged = [c for c in MANIFEST["commentaries"] if len(c["sources"]) > 1]
    assert len(merged) == 4
    for expected in merged:
        page = CommentaryPage.objects.get(title=expected["title"])
        records = ImportRecord.objects.filter(page=page)
        assert records.count() == len(expected["sources"])  # every copy's raw source kept
        assert {s.url for s in page.sources.all()} == set(expected["urls"])


def test_reimport_changes_nothing(sample):
    _import()
    before = (
        CommentaryPage.objects.count(),
        CommentarySource.objects.count(),
        ImportRecord.objects.count(),
    )
    again = _import()
    assert again.counts["imported"] == again.counts["updated"] == again.counts["merged"] == 0
    assert again.counts["unchanged"] == 46
    after = (
        CommentaryPage.objects.count(),
        CommentarySource.objects.count(),
        ImportRecord.objects.count(),
    )
    assert after == before


def test_changed_source_updates_the_commentary(sample, tmp_path):
    page_file = FIXTURES / "old-layout" / "government-reshuffle-technocrats.html"
    copy = tmp_path / page_file.name
    copy.write_text(page_file.read_text(encoding="utf-8"), encoding="utf-8")
    trend_map = TrendMap.load(str(FIXTURES / "trend-map.json"))
    first = run_import([str(copy)], trend_map=trend_map, keep_going=True)
    assert first.counts["imported"] >= 1
    copy.write_text(
        copy.read_text(encoding="utf-8").replace(
            "The situation has not changed", "The situation got worse"
        )
    )
    second = run_import([str(copy)], trend_map=trend_map, keep_going=True)
    assert second.counts["updated"] == 1
    record = ImportRecord.objects.get(origin=str(copy))
    assert record.page.verdict == "worsened" and "got worse" in record.raw


def test_dry_run_writes_nothing(sample):
    before = (CommentaryPage.objects.count(), ImportRecord.objects.count())
    summary = _import(dry_run=True)
    assert summary.counts["imported"] == 42
    assert (CommentaryPage.objects.count(), ImportRecord.objects.count()) == before


def test_without_keep_going_the_run_stops_at_the_first_failure(sample):
    summary = run_import(
        [str(FIXTURES / "old-layout")],
        trend_map=TrendMap.load(str(FIXTURES / "trend-map.json")),
        aliases=ALIASES,
    )
    assert summary.stopped and summary.counts["failed"] == 1
    imported_before_stop = (
        summary.counts["imported"] + summary.counts["unchanged"] + summary.counts["merged"]
    )
    assert imported_before_stop < 16  # the items after the broken page were not read


def test_failures_keep_their_raw_source_and_nothing_else(sample):
    _import()
    failed = ImportRecord.objects.get(status="failed")
    assert failed.page is None and "Registration of political parties" in failed.raw
    assert not CommentaryPage.objects.filter(
        title="Registration of political parties remains frozen"
    ).exists()


def test_unknown_categories_are_reported_not_invented(sample, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        (FIXTURES / "old-layout" / "government-reshuffle-technocrats.html").read_text(
            encoding="utf-8"
        )
    )
    summary = run_import([str(page)], trend_map=TrendMap(), keep_going=True)
    assert summary.counts["failed"] >= 1
    assert any("unknown category" in f and "trend map" in f for f in summary.failures)


def test_imported_html_is_sanitised(sample, tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><body><h1>Bad markup</h1><div class='submitted'>April 22, 2016 18:30</div>"
        "<div class='field-body'><p onclick='steal()'>Hello <a href='javascript:alert(1)'>link</a>"
        "<script>alert(2)</script><img src=x onerror=alert(3)></p><p>Second <a href='https://ok.example/'>ok</a></p>"
        "<iframe src='https://evil.example'></iframe></div></body></html>",
        encoding="utf-8",
    )
    summary = run_import(
        [str(page)], trend_map=TrendMap(files={"evil.html": "security"}), keep_going=True
    )
    assert summary.counts["imported"] == 1, summary.failures
    body = CommentaryPage.objects.get(title="Bad markup").body.lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<img"):
        assert bad not in body
    assert 'href="https://ok.example/"' in body


def test_the_seed_came_in_through_the_importer(sample):
    seed = CommentaryPage.objects.get(title="Minsk deliberately strains relations with the Kremlin")
    similar = CommentaryPage.objects.get(
        title__startswith="Belarusian and Ukrainian Defence Ministries"
    )
    assert CommentaryLink.objects.filter(
        from_page=seed, to_page=similar, kind="listed-similar"
    ).exists()
    assert similar.photo_credit == "Фото: RFRM" and "Фото" not in similar.body
    assert seed.date_flagged and seed.published_at.date() == dt.date(2016, 4, 22)
    assert (seed.written_estimate.year, seed.written_estimate.month) == (2013, 5)
    assert any("2013" in line for line in seed.date_evidence)
    assert ImportRecord.objects.filter(page=seed).get().raw.startswith("Minsk deliberately")


@pytest.mark.parametrize("bad", ["no-such-dir/", ""])
def test_missing_sources_are_reported(sample, bad):
    summary = run_import([bad or "/nonexistent/file.html"], keep_going=True)
    assert summary.counts["failed"] == 1 and "no such file" in summary.failures[0]
