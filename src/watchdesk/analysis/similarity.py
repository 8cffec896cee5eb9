"""Lexical similarity between commentaries of one language: TF-IDF cosine.

Plain functions over (id, text) pairs so that they run the same in a web process,
a worker or a benchmark. The caller stores the results; nothing here is computed
while a page is served.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# Below this cosine two commentaries share little more than common political
# vocabulary; showing them as "similar" would be the old site's mistake again.
MIN_SCORE = 0.08
TOP_K = 5


@dataclass(frozen=True)
class Neighbour:
    id: int
    score: float


def _vectorizer(language: str) -> TfidfVectorizer:
    # Word unigrams (bigrams were measured to dilute the cosine of long texts without
    # improving the storyline gold set); sublinear tf keeps one repeated word from
    # dominating; terms in more than half of the documents carry no signal.
    return TfidfVectorizer(
        lowercase=True,
        ngram_range=(1, 1),
        sublinear_tf=True,
        min_df=1,
        max_df=0.5,
        stop_words="english" if language == "en" else None,
        token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b",  # noqa: S106 - a regex, not a password
    )


def _fit(texts: Sequence[str], language: str):
    vectorizer = _vectorizer(language)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        # Every term was pruned (tiny or empty corpus): nothing is similar to anything.
        return None
    return matrix


def all_neighbours(
    docs: Sequence[tuple[int, str]],
    *,
    language: str = "en",
    k: int = TOP_K,
    min_score: float = MIN_SCORE,
) -> dict[int, list[Neighbour]]:
    """The ``k`` most similar other documents of every document, best first.

    Only pairs with cosine ≥ ``min_score`` are returned, so a document may get
    fewer than ``k`` neighbours, or none.
    """
    ids = [doc_id for doc_id, _ in docs]
    result: dict[int, list[Neighbour]] = {doc_id: [] for doc_id in ids}
    if len(docs) < 2:
        return result
    matrix = _fit([text for _, text in docs], language)
    if matrix is None:
        return result
    # Rows are L2-normalised by TfidfVectorizer, so the dot product is the cosine.
    # Work in blocks to bound memory on large archives.
    block = 2048
    for start in range(0, len(ids), block):
        scores = (matrix[start : start + block] @ matrix.T).toarray()
        for offset, row in enumerate(scores):
            index = start + offset
            row[index] = -1.0
            result[ids[index]] = _top(row, ids, k, min_score)
    return result


def refresh(
    target_id: int,
    docs: Sequence[tuple[int, str]],
    current: Mapping[int, Sequence[Neighbour]],
    *,
    language: str = "en",
    k: int = TOP_K,
    min_score: float = MIN_SCORE,
) -> dict[int, list[Neighbour]]:
    """Lists to store after ``target_id`` was added, changed or removed.

    ``docs`` is the corpus as it is now (without the target if it was removed);
    ``current`` holds the stored lists. Returns the new list of the target and of
    every document whose list the target enters or leaves; other lists are kept.
    """
    ids = [doc_id for doc_id, _ in docs]
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    matrix = _fit([text for _, text in docs], language) if len(docs) > 1 else None
    changed: dict[int, list[Neighbour]] = {}
    holders = [
        d
        for d, items in current.items()
        if d != target_id and any(n.id == target_id for n in items)
    ]

    if matrix is None:
        if target_id in position:
            changed[target_id] = []
        for doc_id in holders:
            changed[doc_id] = []
        return changed

    def full_row(index: int) -> np.ndarray:
        row = (matrix @ matrix[index].T).toarray().ravel()
        row[index] = -1.0
        return row

    # Documents that listed the target: its score moved or it is gone, and the
    # slot it frees may belong to someone else, so recompute them outright.
    for doc_id in holders:
        if doc_id in position:
            changed[doc_id] = _top(full_row(position[doc_id]), ids, k, min_score)

    if target_id in position:
        index = position[target_id]
        row = full_row(index)
        changed[target_id] = _top(row, ids, k, min_score)
        for i, doc_id in enumerate(ids):
            if i == index or doc_id in changed or row[i] < min_score:
                continue
            merged = merge_into(
                current.get(doc_id, ()), Neighbour(target_id, round(float(row[i]), 6)), k=k
            )
            if merged is not None:
                changed[doc_id] = merged
    return changed


def _top(row: np.ndarray, ids: Sequence[int], k: int, min_score: float) -> list[Neighbour]:
    if len(row) <= k:
        candidates = np.argsort(-row)
    else:
        part = np.argpartition(-row, k)[:k]
        candidates = part[np.argsort(-row[part])]
    return [Neighbour(ids[i], round(float(row[i]), 6)) for i in candidates if row[i] >= min_score]


def merge_into(
    current: Iterable[Neighbour], candidate: Neighbour, *, k: int = TOP_K
) -> list[Neighbour] | None:
    """``current`` with ``candidate`` inserted if it makes the top ``k``.

    Returns the new list, or None when nothing changes.
    """
    items = [n for n in current if n.id != candidate.id]
    if len(items) >= k and candidate.score <= items[k - 1].score:
        return None
    items.append(candidate)
    items.sort(key=lambda n: (-n.score, n.id))
    return items[:k]
