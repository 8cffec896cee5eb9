"""Quality gate for search: the gold queries over the sample archive."""

import json
from pathlib import Path

from watchdesk.search import evaluation

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())["search"]


def test_search_meets_its_floors(sample):
    outcomes = evaluation.evaluate()
    report = evaluation.summary(outcomes)
    detail = json.dumps(report) + "\n" + "\n".join(map(str, outcomes))
    assert report["queries"] >= FLOORS["queries"], detail
    assert report["mean_precision"] >= FLOORS["mean_precision"], detail
    assert report["mean_recall"] >= FLOORS["mean_recall"], detail
    assert report["min_recall"] >= FLOORS["min_recall"], detail
    assert report["suggestions_right"] >= FLOORS["suggestions_right"], detail


def test_every_spelling_of_a_name_finds_the_same_commentaries(sample):
    from watchdesk.search import engine

    found = {
        spelling: {hit.item.id for hit in engine.search(spelling).hits}
        for spelling in ("Lukashenko", "Lukashenka", "Лукашенко", "Лукашэнка", "лукашэнкі")
    }
    first = found["Lukashenko"]
    assert len(first) >= 10
    assert all(ids == first for ids in found.values()), found
    for language in ("en", "ru", "be"):  # one spelling, every language's own spelling
        hits = engine.search("Lukashenka", engine.Filters(language=language)).hits
        assert hits and {hit.item.language for hit in hits} == {language}
