"""The search page at /<lang>/search/: results, filters, snippets, errors, index upkeep."""

import pytest

from tests.factories import make_commentary
from watchdesk.monitoring.models.pages import site_date
from watchdesk.search import engine


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ru", "be"])
def test_search_page_reads_in_every_language(reader, sample, lang):
    response = reader.get(f"/{lang}/search/")
    assert response.status_code == 200
    html = _html(response)
    assert f'<html lang="{lang}">' in html and 'role="search"' in html


def test_results_show_highlighted_passages(reader, sample):
    html = _html(reader.get("/en/search/", {"q": "Lukashenka"}))
    assert "<mark>Lukashenko</mark>" in html
    assert "commentaries" in html and 'class="card' in html


def test_the_page_language_is_the_default_filter_and_all_languages_can_be_asked(reader, sample):
    only_russian = _html(reader.get("/ru/search/", {"q": "Lukashenko"}))
    assert (
        "<mark>Лукашенко</mark>" in only_russian and "<mark>Lukashenko</mark>" not in only_russian
    )
    every = _html(reader.get("/ru/search/", {"q": "Lukashenko", "language": ""}))
    assert "<mark>Лукашенко</mark>" in every and "Lukashenko" in every


def test_filters_narrow_the_results(reader, sample):
    security = sample["trends"]["security"]["en"]
    response = reader.get(
        "/en/search/",
        {"q": "observers", "trend": str(security.translation_key), "verdict": "improved"},
    )
    hits = response.context["results"].hits
    assert hits
    assert {hit.item.verdict for hit in hits} == {"improved"}
    assert {hit.item.trend_title for hit in hits} == {security.title}


def test_date_range_is_exact_to_the_day(sample):
    import datetime as dt

    filters = engine.Filters(language="en", since=dt.date(2017, 2, 1), until=dt.date(2017, 2, 14))
    hits = engine.search("Minsk", filters).hits
    assert hits
    for hit in hits:
        day = site_date(hit.item.published_at)
        assert dt.date(2017, 2, 1) <= day <= dt.date(2017, 2, 14)


def test_misspelling_offers_a_correction(reader, sample):
    html = _html(reader.get("/en/search/", {"q": "Lukashneko"}))
    assert "Did you mean" in html and "?q=lukashenko" in html


def test_bad_input_gets_a_clear_answer_not_an_error(reader, sample):
    response = reader.get("/en/search/", {"q": "x", "since": "2017-05-01", "until": "2017-01-01"})
    assert response.status_code == 400
    assert "The start date is after the end date." in _html(response)
    assert reader.get("/en/search/", {"q": "x", "since": "yesterday"}).status_code == 400
    assert reader.get("/en/search/", {"q": "x", "page": "100000"}).status_code == 400
    assert reader.get("/en/search/", {"q": "x", "verdict": "splendid"}).status_code == 400
    for far in ({"until": "9999-12-31"}, {"since": "0001-01-01"}):
        response = reader.get("/en/search/", {"q": "minsk", **far})
        assert response.status_code == 400 and "between 1900 and 2200" in _html(response)


def test_typed_markup_and_operators_are_plain_text(reader, sample):
    for q in ["<script>alert(1)</script>", 'NEAR(a b) OR "', "a' | b & !c", "*", '"""']:
        response = reader.get("/en/search/", {"q": q})
        assert response.status_code == 200, q
        assert "<script>alert" not in _html(response)


def test_results_are_bounded(sample):
    results = engine.search("Minsk", engine.Filters())
    assert len(results.hits) <= engine.PAGE_SIZE
    assert results.total <= engine.MAX_RESULTS + 1
    assert engine.search("Minsk", page=10_000).page == engine.MAX_PAGE


def test_publishing_and_withdrawing_keep_the_index_current(sample):
    security = sample["trends"]["security"]["en"]
    page = make_commentary(
        security, title="Quokka sightings near Brest", body="<p>A quokka crossed.</p>"
    )
    assert [h.item.id for h in engine.search("quokka").hits] == [page.pk]
    page.unpublish()
    assert engine.search("quokka").hits == []
    assert engine.search("quokka").total == 0


def test_search_query_count_is_pinned(reader, sample, django_assert_num_queries, monkeypatch):
    from watchdesk.monitoring import queries, views

    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)  # counted for a warm process
    monkeypatch.setattr(views, "_SITE_TTL", 3600.0)
    reader.get("/en/search/", {"q": "Minsk"})
    # locale, view restrictions and trends for the form, ranked ids, count, result rows,
    # private sections, recent trends; on PostgreSQL the ranking runs in a savepoint
    # with a planner setting of its own (savepoint, SET LOCAL, release)
    from django.db import connection

    with django_assert_num_queries(8 if connection.vendor == "sqlite" else 11):
        reader.get("/en/search/", {"q": "Minsk"})


def test_private_sections_stay_out_of_results(sample):
    from wagtail.models import PageViewRestriction

    security = sample["trends"]["security"]["en"]
    page = make_commentary(security, title="Wombat census", body="<p>Wombats counted.</p>")
    assert engine.search("wombat").total == 1
    PageViewRestriction.objects.create(
        page=security, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert engine.search("wombat").hits == []
    assert page.pk not in {h.item.id for h in engine.search("security").hits}


def test_only_commentaries_are_results(sample):
    from watchdesk.monitoring.models import Author

    security = sample["trends"]["security"]["en"]
    page = make_commentary(security, title="Nothing about it")
    # Another indexed object with the same id and a word no commentary has
    author = Author(pk=page.pk, name="Zyxwvut Quillfeather", locale=page.locale)
    author.save()
    assert engine.search("Quillfeather").hits == []
    assert engine.search("Quillfeather").total == 0


def test_a_moved_commentary_is_found_under_its_new_trend(sample):
    security = sample["trends"]["security"]["en"]
    west = sample["trends"]["belarus-west"]["en"]
    page = make_commentary(security, title="Platypus exchange", body="<p>A platypus.</p>")
    page.move(west, pos="last-child")
    under = engine.Filters(trend_key=str(west.translation_key))
    before = engine.Filters(trend_key=str(security.translation_key))
    assert [h.item.id for h in engine.search("platypus", under).hits] == [page.pk]
    assert engine.search("platypus", before).hits == []


def test_symbols_that_make_no_term_are_not_a_match_all(sample):
    assert engine.search("²").total == 0 and engine.search("²").hits == []
    assert engine.search("Lukashenko ²").total == engine.search("Lukashenko").total


def test_imports_index_their_items_once_at_the_end(sample, tmp_path, monkeypatch):
    import json

    from watchdesk.importer.jsonl import export_records
    from watchdesk.importer.run import run_import
    from watchdesk.monitoring import search_index

    calls = []
    real = search_index.get_search_backend

    def counting():
        backend = real()
        original = backend.add_bulk

        def add_bulk(model, objs):
            calls.append(len(objs))
            return original(model, objs)

        backend.add_bulk = add_bulk
        return backend

    monkeypatch.setattr(search_index, "get_search_backend", counting)
    dump = tmp_path / "items.jsonl"
    records = [r for r in export_records() if r.get("type") != "commentary"]
    commentaries = [r for r in export_records() if r.get("type") == "commentary"][:3]
    for n, record in enumerate(commentaries):
        record.update(key=f"00000000-0000-4000-8000-00000000000{n}", title=f"Echidna report {n}")
    dump.write_text("\n".join(json.dumps(r) for r in records + commentaries) + "\n")
    summary = run_import([str(dump)], fmt="jsonl", keep_going=True)
    assert summary.counts["imported"] == 3, summary.failures
    assert calls == [3]  # one batch for the whole import, not one per item
    assert engine.search("echidna").total == 3


def test_language_switch_keeps_the_search(reader, sample):
    html = _html(reader.get("/ru/search/", {"q": "Лукашенко"}))
    assert 'href="/be/search/?q=' in html and 'href="/en/search/?q=' in html
    digest = _html(reader.get("/be/digest/"))
    assert 'href="/ru/digest/"' in digest


def test_rebuild_restores_a_lost_index(sample):
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    from watchdesk.monitoring.models import CommentaryPage, SearchTerms

    before = [h.item.id for h in engine.search("Lukashenko").hits]
    assert before
    kind = ContentType.objects.get_for_model(CommentaryPage)
    IndexEntry.objects.filter(content_type=kind).delete()
    SearchTerms.objects.all().delete()
    assert engine.search("Lukashenko").total == 0
    call_command("search", "rebuild")
    assert [h.item.id for h in engine.search("Lukashenko").hits] == before


WAYS_QUERIES = [
    ("Minsk", {}),
    ("Lukashenko", {"language": "en"}),
    ('"relations with the West"', {}),
    ("border guards", {"language": "en"}),
    ("Лукашэнка", {}),
    ("sanctions", {"since": "2017-01-01", "until": "2018-06-30"}),
    ("Minsk", {"verdict": "worsened"}),
]


def test_both_postgresql_ways_to_the_newest_matches_agree(sample, monkeypatch):
    import datetime as dt

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the choice between an index walk and a bitmap is PostgreSQL's")
    # A window smaller than the matches, so that which matches are newest decides.
    monkeypatch.setattr(engine, "RANK_WINDOW", 5)
    for raw, filters in WAYS_QUERIES:
        wanted = engine.Filters(
            **{
                k: dt.date.fromisoformat(v) if k in ("since", "until") else v
                for k, v in filters.items()
            }
        )
        answers = []
        # every query common (walk the key backwards), then none (collect all matches)
        for common, bitmap, index in ((0.0, "off", "on"), (2.0, "on", "off")):
            monkeypatch.setattr(engine, "COMMON", common)
            results = engine.search(raw, wanted)
            answers.append(([h.item.id for h in results.hits], results.total))
            # The test's transaction keeps the last search's SET LOCAL: each way sets
            # both switches, so an earlier search's choice does not linger.
            with connection.cursor() as cursor:
                cursor.execute("SHOW enable_bitmapscan")
                assert cursor.fetchone()[0] == bitmap
                cursor.execute("SHOW enable_indexscan")
                assert cursor.fetchone()[0] == index
        assert answers[0][0], raw  # the sample archive has matches for each of these
        assert answers[0] == answers[1], raw


def test_a_bulk_index_write_builds_each_document_once(sample, monkeypatch):
    from watchdesk.analysis import search as text
    from watchdesk.monitoring import search_index
    from watchdesk.monitoring.models import CommentaryPage

    built = []
    real = text.document

    def counting(**fields):
        built.append(fields["title"])
        return real(**fields)

    monkeypatch.setattr(text, "document", counting)
    pages = list(CommentaryPage.objects.select_related("trend", "locale").order_by("pk")[:4])
    assert search_index.index(pages) == 4
    # Wagtail's backend reads the field several times (SQLite) and PostgreSQL writes the
    # narrow copy as well: all from one build.
    assert sorted(built) == sorted(p.title for p in pages)
    assert all(search_index.DOCUMENT_MEMO not in p.__dict__ for p in pages)
    pages[0].title = "Retitled"
    assert "retitl" in pages[0].search_document()  # afterwards built afresh


def test_a_failed_bulk_build_leaves_no_stale_document_behind(sample, monkeypatch):
    from watchdesk.analysis import search as text
    from watchdesk.monitoring import search_index
    from watchdesk.monitoring.models import CommentaryPage

    pages = list(CommentaryPage.objects.select_related("trend", "locale").order_by("pk")[:3])
    real = text.document

    def failing_on_the_third(**fields):
        if fields["title"] == pages[2].title:
            raise RuntimeError("broken page")
        return real(**fields)

    monkeypatch.setattr(text, "document", failing_on_the_third)
    with pytest.raises(RuntimeError):
        search_index.index(pages)
    assert all(search_index.DOCUMENT_MEMO not in p.__dict__ for p in pages)
