"""Quality gate: similar-article rankings on the storyline gold set.

The generated demo archive records which storyline each commentary belongs to;
items of one storyline are relevant to each other. Floors live in floors.json;
lowering one is a deliberate, explained change.
"""

import json
from collections import defaultdict
from pathlib import Path

from watchdesk.analysis import similarity
from watchdesk.analysis.evaluation import mean_metrics
from watchdesk.sample.generator import demo_archive

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())["similarity"]


def _gold():
    items = demo_archive()
    docs = [
        (
            n,
            "\n".join(
                [i.versions["en"].title, i.versions["en"].lead, *i.versions["en"].paragraphs]
            ),
        )
        for n, i in enumerate(items)
    ]
    members = defaultdict(set)
    for n, item in enumerate(items):
        members[item.storyline].add(n)
    relevance = {n: members[item.storyline] - {n} for n, item in enumerate(items)}
    return items, docs, relevance


def test_tfidf_meets_its_floor_and_beats_recent_items():
    items, docs, relevance = _gold()
    lists = similarity.all_neighbours(docs, language="en", k=5, min_score=0.0)
    ours = mean_metrics({q: [n.id for n in lists[q]] for q in lists}, relevance)
    # The old site's "similar articles": the five latest other items.
    by_date = sorted(range(len(items)), key=lambda n: items[n].published_at, reverse=True)
    recent = mean_metrics({q: [n for n in by_date if n != q][:5] for q in relevance}, relevance)
    measured = f"tf-idf {ours}, recent items {recent}"
    assert ours["p_at_k"] >= FLOORS["tfidf_storyline_p_at_5"], measured
    assert ours["ndcg_at_k"] >= FLOORS["tfidf_storyline_ndcg_at_5"], measured
    assert ours["p_at_k"] > 3 * recent["p_at_k"], measured
