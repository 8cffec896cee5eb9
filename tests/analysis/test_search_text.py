"""Search text without a database: terms, names, facets, query syntax, snippets."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from watchdesk.analysis import search


def test_inflected_forms_share_a_term_in_each_language():
    assert search.terms("elections", "en") == search.terms("election", "en")
    assert search.terms("выборах", "ru") == search.terms("выборы", "ru")
    assert search.terms("выбараў", "be") == search.terms("выбары", "be")
    assert search.terms("Makei's visit", "en")[0] == search.terms("Makei", "en")[0]


def test_name_spellings_share_one_term_across_languages():
    keys = {
        search.terms(word, language)[0]
        for word, language in [
            ("Lukashenko", "en"),
            ("Lukashenka", "en"),
            ("Лукашенко", "ru"),
            ("Лукашэнка", "be"),
            ("Лукашэнкі", "be"),
        ]
    }
    assert keys == {"lukashenko"}


def test_stop_words_are_left_out_on_both_sides():
    assert search.terms("relations with the West", "en") == ["relation", "west"]
    query = search.parse('"relations with the West"', ["en"])
    assert query.parts[0].phrase == ["relation", "west"]


def test_a_word_may_match_its_form_in_any_language():
    part = search.parse("выборы").parts[0]
    assert {"выбор"} <= set(part.alternatives)
    assert search.parse("выборы", ["ru"]).parts[0].alternatives == ["выбор"]


def test_a_query_of_stop_words_only_is_empty():
    assert search.parse("the and of", ["en"]).empty
    assert search.parse("   ").empty


def test_date_facets_cover_the_range_with_whole_years_as_one_term():
    facets = search.date_facets(dt.date(2016, 11, 20), dt.date(2018, 2, 3))
    assert facets == ["qzm201611", "qzm201612", "qzy2017", "qzm201801", "qzm201802"]
    assert search.date_facets(None, None) == []


def test_document_carries_title_text_and_facets():
    doc = search.document(
        title="Zapad-2017 observers",
        text="Observers arrived in Minsk.",
        language="en",
        trend_key="0c7f3c1e-1111-4a2b-9c3d-2e2e2e2e2e2e",
        verdict="not_assessed",
        published=dt.date(2017, 9, 18),
        live=True,
    )
    for term in ("observer", "minsk", "qzlen", "qzvnotassessed", "qzt0c7f3c1e1111"):
        assert term in doc.split()
    assert "qzy2017" in doc and "qzm201709" in doc and search.DRAFT not in doc
    unpublished = search.document(
        title="t",
        text="x",
        language="en",
        trend_key=None,
        verdict="improved",
        published=None,
        live=False,
    )
    assert search.DRAFT in unpublished.split()
    query = search.parse("Minsk")
    assert search.fts5(query).endswith('NOT ("qzdraft")')
    assert search.tsquery(query).endswith("& !'qzdraft'")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_any_typed_text_becomes_a_safe_query(raw):
    query = search.parse(raw)
    fts, ts = search.fts5(query), search.tsquery(query)
    for part in query.parts:
        for term in part.alternatives + part.phrase:
            assert '"' not in term and "'" not in term  # cannot close a quoted term
    assert fts.count('"') % 2 == 0
    assert ts.count("'") % 2 == 0


def test_snippet_marks_matches_and_escapes_the_rest():
    query = search.parse("Lukashenka")
    text = "A first sentence. Then <b>Alexander Lukashenko</b> spoke & left. A third one."
    html = search.snippet(text, query, "en")
    assert "<mark>Lukashenko</mark>" in html
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert "<b>" not in html


def test_suggestion_replaces_only_unknown_words():
    query = search.parse("gazporm price", ["en"])
    known = {"price"}
    suggestion = search.suggest(
        query, lambda part: set(part.alternatives) & known, ["gazprom", "gas", "price"]
    )
    assert suggestion == "gazprom price"
    assert search.suggest(query, lambda part: True, ["gazprom"]) == ""
