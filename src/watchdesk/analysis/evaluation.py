"""Ranking metrics for "similar articles" against labelled relevance."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def precision_at_k(ranked: Sequence[int], relevant: set[int], k: int = 5) -> float:
    """Share of the top ``k`` that is relevant; the denominator is capped at the number
    of relevant items, so a perfect list scores 1 even when fewer than ``k`` exist."""
    if not relevant:
        return 0.0
    hits = sum(1 for item in ranked[:k] if item in relevant)
    return hits / min(k, len(relevant))


def ndcg_at_k(ranked: Sequence[int], relevant: set[int], k: int = 5) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def mean_metrics(
    rankings: Mapping[int, Sequence[int]], relevance: Mapping[int, set[int]], k: int = 5
) -> dict[str, float]:
    """Mean P@k and nDCG@k over the queries that have at least one relevant item."""
    queries = [q for q, rel in relevance.items() if rel]
    if not queries:
        return {"p_at_k": 0.0, "ndcg_at_k": 0.0, "queries": 0}
    p = sum(precision_at_k(rankings.get(q, []), relevance[q], k) for q in queries) / len(queries)
    n = sum(ndcg_at_k(rankings.get(q, []), relevance[q], k) for q in queries) / len(queries)
    return {"p_at_k": round(p, 4), "ndcg_at_k": round(n, 4), "queries": len(queries)}
