from watchdesk.analysis import similarity
from watchdesk.analysis.similarity import Neighbour

DOCS = [
    (1, "Gazprom raises the gas price for Minsk; oil supplies cut as the dispute deepens"),
    (2, "The gas dispute with Gazprom continues; oil deliveries to Minsk refineries fall again"),
    (3, "Opposition activists detained after a march against the decree on social parasites"),
    (4, "Police detain marchers protesting the social parasites decree in regional towns"),
    (5, "Gazprom and Minsk settle the gas arrears; oil supplies to refineries resume"),
]


def test_neighbours_come_from_the_same_story():
    lists = similarity.all_neighbours(DOCS, k=2, min_score=0.05)
    assert {n.id for n in lists[1]} == {2, 5}
    assert [n.id for n in lists[3]] == [4]
    assert all(n.id != doc for doc, items in lists.items() for n in items)


def test_below_the_threshold_nothing_is_suggested():
    lists = similarity.all_neighbours(DOCS, k=5, min_score=0.99)
    assert all(items == [] for items in lists.values())


def test_tiny_or_empty_corpora_do_not_fail():
    assert similarity.all_neighbours([]) == {}
    assert similarity.all_neighbours([(1, "only one")]) == {1: []}
    assert similarity.all_neighbours([(1, ""), (2, "")]) == {1: [], 2: []}


def test_refresh_matches_a_full_rebuild_for_the_new_document():
    current = similarity.all_neighbours(DOCS[:4], k=2, min_score=0.05)
    changed = similarity.refresh(5, DOCS, current, k=2, min_score=0.05)
    full = similarity.all_neighbours(DOCS, k=2, min_score=0.05)
    assert [n.id for n in changed[5]] == [n.id for n in full[5]]
    # The gas-story documents now list the new one; the protest ones are untouched.
    assert 5 in {n.id for n in changed[1]}
    assert 3 not in changed and 4 not in changed


def test_refresh_after_removal_recomputes_lists_that_held_it():
    current = similarity.all_neighbours(DOCS, k=2, min_score=0.05)
    holders = [doc for doc, items in current.items() if any(n.id == 5 for n in items)]
    changed = similarity.refresh(5, DOCS[:4], current, k=2, min_score=0.05)
    assert holders and set(holders) <= set(changed)
    assert all(5 not in {n.id for n in items} for items in changed.values())


def test_merge_into_keeps_the_best_k():
    current = [Neighbour(1, 0.9), Neighbour(2, 0.5)]
    assert similarity.merge_into(current, Neighbour(3, 0.4), k=2) is None
    assert [n.id for n in similarity.merge_into(current, Neighbour(3, 0.6), k=2)] == [1, 3]
