"""Quality gate for similar articles: ours against three baselines on two gold sets."""

import json
from pathlib import Path

from watchdesk.sample import gold

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())["related"]


def test_similar_articles_meet_their_floors():
    report = gold.evaluate()
    measured = json.dumps(report, indent=1)
    story, hand = report["storylines"], report["hand-labelled"]
    assert story["ours"]["p_at_k"] >= FLOORS["storylines_p_at_5"], measured
    assert story["ours"]["ndcg_at_k"] >= FLOORS["storylines_ndcg_at_5"], measured
    assert hand["ours"]["p_at_k"] >= FLOORS["hand_p_at_5"], measured
    assert hand["ours"]["ndcg_at_k"] >= FLOORS["hand_ndcg_at_5"], measured
    assert story["ours_vs_yarpp"] >= FLOORS["storylines_vs_yarpp"], measured
    assert hand["ours_vs_yarpp"] >= FLOORS["hand_vs_yarpp"], measured
    for rows in (story, hand):
        assert rows["ours"]["p_at_k"] > rows["recent"]["p_at_k"] * 5
        assert rows["ours"]["p_at_k"] >= rows["tfidf"]["p_at_k"]
