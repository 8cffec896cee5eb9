"""The verdict ledger page and its downloads on the sample archive."""

import csv
import io
import json
import re

import pytest

from watchdesk.monitoring.models import CommentaryPage

CELL = re.compile(
    r'<a href="(?P<url>[^"]+)" data-trend="(?P<trend>\d+)" data-week="(?P<week>[\d-]+)" '
    r'data-verdict="(?P<verdict>[a-z_]+)"><title>(?P<title>[^<]*)</title>'
)


def _cells(html: str) -> dict[tuple[str, str], dict]:
    return {(m["trend"], m["week"]): m.groupdict() for m in CELL.finditer(html)}


@pytest.mark.parametrize("query", ["", "?range=12", "?range=26", "?range=all", "?year=2017"])
@pytest.mark.parametrize("lang", ["en", "ru", "be"])
def test_the_ledger_renders_every_range_in_every_language(reader, sample, lang, query):
    response = reader.get(f"/{lang}/ledger/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html

    assert len(_cells(html)) >= 5  # five trends, at least one week
    assert f'<html lang="{lang}">' in html


def test_cells_link_to_the_commentary_of_their_trend_and_week(reader, sample):
    html = reader.get("/en/ledger/?range=all").content.decode()
    cells = _cells(html)
    live = CommentaryPage.objects.live().filter(locale__language_code="en")
    assert len(cells) == live.values("trend_id", "week_start").distinct().count()
    for (trend, week), cell in list(cells.items())[:40]:
        page = live.filter(trend_id=int(trend), week_start=week).order_by("-published_at").first()
        assert cell["url"] == page.url
        assert cell["verdict"] == page.verdict
        assert page.title.replace("'", "&#x27;") in cell["title"]


def test_downloads_match_the_ledger_cell_by_cell(reader, sample):
    for query in ("?range=26", "?range=all", "?year=2017"):
        html = reader.get(f"/en/ledger/{query}").content.decode()
        cells = _cells(html)
        raw = reader.get(f"/en/ledger.csv{query}")
        assert raw["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(raw.content.decode())))
        data = json.loads(reader.get(f"/en/ledger.json{query}").content)
        assert data["columns"] == [
            "trend", "week_start", "week_end", "verdict", "url", "language", "title",
        ]  # fmt: skip
        assert rows == [{k: str(v) for k, v in row.items()} for row in data["rows"]]
        assert len(rows) == len(cells)
        by_cell = {(r["week_start"], r["url"].removeprefix("http://testserver")): r for r in rows}
        for (_, week), cell in cells.items():
            row = by_cell[(week, cell["url"])]
            assert row["verdict"] == cell["verdict"] and row["language"] == "en"
            assert row["title"] in cell["title"].replace("&#x27;", "'").replace("&amp;", "&")


def test_a_bad_range_is_explained_not_a_crash(reader, sample):
    response = reader.get("/en/ledger/?range=7")
    assert response.status_code == 400
    assert "12, 26, 52 or all" in response.content.decode()
    response = reader.get("/en/ledger.csv?year=nineteen")
    assert response.status_code == 400 and b"2017" in response.content
    # Digits that are not 0-9 ("²", Arabic-Indic) pass str.isdigit but not int()
    assert reader.get("/en/ledger.json?year=²").status_code == 400
    assert reader.get("/en/ledger/?range=٥٢").status_code == 400


def test_csv_cells_cannot_become_spreadsheet_formulas(reader, sample):
    page = CommentaryPage.objects.live().filter(locale__language_code="en").first()
    page.title = "=HYPERLINK(evil)"
    page.save_revision().publish()
    text = reader.get("/en/ledger.csv?range=all").content.decode()
    assert "'=HYPERLINK(evil)" in text
