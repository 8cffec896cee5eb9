import datetime as dt

import numpy as np

from watchdesk.analysis import related
from watchdesk.analysis.related import Doc, Weights
from watchdesk.sample import gold

DAY = dt.date(2017, 3, 6).toordinal()
DOCS = [
    Doc(
        1,
        "Gazprom raises the gas price for Minsk; oil deliveries to Naftan refinery cut.",
        "russia",
        DAY,
    ),
    Doc(
        2,
        "The gas dispute with Gazprom continues; Naftan and Mozyr refineries get less oil.",
        "russia",
        DAY + 7,
    ),
    Doc(
        3,
        "Police detain marchers in Gomel protesting the decree on social parasites.",
        "society",
        DAY,
    ),
    Doc(
        4,
        "Marchers in Gomel and Brest protest the social parasites decree again.",
        "society",
        DAY + 7,
    ),
    Doc(
        5,
        "Gazprom and Minsk settle the gas arrears; oil supplies to Naftan resume.",
        "russia",
        DAY + 28,
    ),
    Doc(6, "The national football team lost again on Saturday evening.", "society", DAY + 7),
]


def _model(**weights):
    return related.build(DOCS, "en", Weights(**{**vars(Weights()), **weights}))


def test_suggestions_come_from_the_same_story_and_say_why():
    model = _model()
    found = model.suggest(model.position[1], k=5)
    assert {s.id for s in found[:2]} == {2, 5}
    first = found[0]
    assert first.same_trend and first.days_apart in {7, 28}
    assert {"gazprom", "naftan"} & {t.lower() for t in first.terms}


def test_unrelated_items_are_not_suggested_even_when_recent_and_in_the_same_trend():
    model = _model()
    assert 6 not in {s.id for s in model.suggest(model.position[3], k=5)}
    assert model.suggest(model.position[6], k=5) == []


def test_updating_a_commentary_equals_building_again():
    model = _model()
    changed = Doc(
        3, "Gazprom and Naftan: the gas price and oil supply quarrel again.", "russia", DAY
    )
    row = model.upsert(changed)
    rebuilt = related.build([changed if d.id == 3 else d for d in DOCS], "en", model.weights)
    ours = [s.id for s in model.suggest(row, 5)]
    assert set(ours[:2]) == {s.id for s in rebuilt.suggest(rebuilt.position[3], 5)[:2]}
    assert 4 not in ours  # no longer about the marches
    model.remove(3)
    assert 3 not in {s.id for s in model.suggest(model.position[1], 5)}


def test_approximate_candidates_keep_recall_at_10():
    docs = gold.storyline_set().docs
    exact = related.build(docs, "en")
    approximate = related.build(docs, "en", approximate_from=10, lsa_dimensions=64)
    assert approximate.ann is not None
    recall = related.recall_at_k(exact.all_lists(10), approximate.all_lists(10), k=10)
    assert recall >= 0.95, recall


def test_tuned_weights_are_read_from_the_data_file():
    weights = Weights.tuned()
    assert 0 <= weights.trend <= 1 and weights.time_scale > 0 and weights.min_content > 0


def test_publishing_scores_both_directions_at_once():
    model = _model()
    new = Doc(
        7, "Gazprom and Naftan agree the oil and gas price for next year.", "russia", DAY + 35
    )
    row, own, reverse = model.publish(new, k=3)
    assert [s.id for s in own] == [s.id for s in model.suggest(row, 3)]
    assert reverse, "the gas story's items may list the new one"
    for other, seen_from_other in reverse:
        # The same pair scored from the other side, as that commentary's own list would.
        (expected,) = model.suggest(other, 1, candidates=np.array([row]))
        assert seen_from_other.id == 7
        assert seen_from_other.score == expected.score
        assert set(seen_from_other.terms) == set(expected.terms)
    assert model.ids[reverse[0][0]] in {1, 2, 5}


def test_recall_counts_tied_items_as_found():
    s = related.Suggestion
    exact = {1: [s(10, 0.9), s(11, 0.5)]}
    assert related.recall_at_k(exact, {1: [s(10, 0.9), s(12, 0.5)]}, k=2) == 1.0
    assert related.recall_at_k(exact, {1: [s(10, 0.9), s(13, 0.4)]}, k=2) == 0.5
    assert related.recall_at_k(exact, {1: []}, k=2) == 0.0


class _CrowdedIndex:
    """Stands in for an HNSW index that finds only a few neighbours unless searched wide."""

    def __init__(self) -> None:
        self.ef = 100
        self.queries: list[tuple[int, int, int]] = []

    def set_ef(self, ef: int) -> None:
        self.ef = ef

    def knn_query(self, vectors, k):
        self.queries.append((len(vectors), k, self.ef))
        if len(vectors) > 1 or (k > 3 and self.ef < 400):
            raise RuntimeError("Cannot return the results in a contiguous 2D array.")
        return np.arange(k, dtype=np.uint64)[None, :], np.zeros((1, k))


def test_index_queries_widen_the_search_when_the_index_finds_too_few():
    model = _model()
    model.ann = _CrowdedIndex()
    found = model._knn(np.zeros((2, 4), dtype=np.float32), k=10)
    assert [list(f) for f in found] == [list(range(10))] * 2
    assert model.ann.ef == 100  # restored after the wider search
    assert (1, 10, 400) in model.ann.queries


def test_index_candidates_carry_their_exact_content_scores():
    docs = gold.storyline_set().docs
    model = related.build(docs, "en", approximate_from=10, lsa_dimensions=32)
    rows = list(range(0, 60, 7))
    for row, (found, content) in zip(rows, model.scored_candidates(rows, 20), strict=True):
        assert found.size and row not in set(found.tolist())
        _, exact, _ = model.score(row, found)
        np.testing.assert_allclose(content, exact, rtol=1e-5, atol=1e-6)
