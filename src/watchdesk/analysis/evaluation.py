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


# --- baselines for "similar articles" ---------------------------------------------------
def recent_baseline(dates: Mapping[int, int], k: int = 5) -> dict[int, list[int]]:
    """What the old site showed: the latest items, whatever they are about."""
    latest = sorted(dates, key=lambda i: (-dates[i], -i))
    return {q: [i for i in latest if i != q][:k] for q in dates}


class FullTextTokens:
    """Words as MySQL's MyISAM full-text index sees them, which YARPP's queries ran
    against: lower-cased, at least four letters (``ft_min_word_len``), stop words out,
    no stemming."""

    def __init__(self, stop_words: frozenset[str], min_length: int = 4) -> None:
        self.stop_words = stop_words
        self.pattern = rf"[^\W\d_]{{{min_length},}}"

    def __call__(self, text: str) -> list[str]:
        import re

        return [w for w in re.findall(self.pattern, text.lower()) if w not in self.stop_words]


def yarpp_baseline(
    texts: Sequence[str],
    ids: Sequence[int],
    trends: Sequence[object],
    tokens,
    k: int = 5,
    terms: int = 25,
    bonus: float = 1.0,
) -> dict[int, list[int]]:
    """YARPP-style: the item's 25 most frequent words OR-ed into a natural-language
    full-text query, scored with MyISAM's relevance formula (a word's weight in a row:
    (log tf + 1) / Σ(log tf + 1) · U / (1 + 0.0115·U) · log((N − df) / df), where U is
    the row's number of distinct words; words in half the rows or more weigh nothing),
    plus 1 for a shared category, as YARPP's "consider categories" adds."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    counts = CountVectorizer(analyzer=tokens).fit_transform(texts).tocsr().astype(np.float64)
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.clip(np.log(np.maximum(n_docs - df, 1) / np.maximum(df, 1)), 0, None)
    weights = counts.copy()
    weights.data = np.log(weights.data) + 1
    row_of = np.repeat(np.arange(n_docs), np.diff(weights.indptr))
    sums = np.asarray(weights.sum(axis=1)).ravel()
    unique = np.diff(weights.indptr).astype(np.float64)
    pivot = unique / (1 + 0.0115 * unique)
    weights.data = weights.data / sums[row_of] * pivot[row_of] * idf[weights.indices]
    csc = weights.tocsc()
    trends_array = np.asarray(trends, dtype=object)
    out: dict[int, list[int]] = {}
    for row, query_id in enumerate(ids):
        vector = counts[row]
        if vector.nnz == 0:
            out[query_id] = []
            continue
        top = vector.indices[np.argsort(-vector.data, kind="stable")[:terms]]
        relevance = np.asarray(csc[:, top].sum(axis=1)).ravel()
        relevance += bonus * (trends_array == trends_array[row])
        relevance[row] = -np.inf
        best = np.argsort(-relevance)[:k]
        out[query_id] = [ids[i] for i in best]
    return out
