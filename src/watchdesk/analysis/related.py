"""Similar articles: what a reader of one commentary would want to read next.

For the commentaries of one language, ``build`` fits a model and ``Model.suggest``
ranks, for a commentary, the others by a blend of signals a reader cares about:

- **text**: cosine of TF-IDF vectors over lemmas (sublinear term frequency, stop
  words dropped, terms in more than half of the archive ignored);
- **names**: cosine over the people, places, institutions and dated events named
  (the storyline: the same actors and places recur from week to week);
- **trend**: the same trend;
- **time**: closeness in time, ``exp(-days apart / time_scale)``.

The weights are ``Weights`` (tuned on the gold sets, see ``watchdesk eval related
--tune``). An item is suggested only when its text-and-names score clears a floor,
so a list is never filled with unrelated recent items. Every suggestion says why:
the key terms the two share, same trend, how far apart in time.

Candidates come from exact sparse products on small archives, and from an HNSW index
over LSA vectors (TruncatedSVD of the TF-IDF matrix) on large ones; either way the
final ranking uses the exact scores above.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import sparse

from watchdesk.analysis import vectors
from watchdesk.analysis.textnorm import names as textnorm_names
from watchdesk.analysis.textnorm import normal_words

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Doc:
    id: int
    text: str
    trend: int | str
    day: int  # date ordinal of publication
    title: str = ""


@dataclass(frozen=True)
class Weights:
    text: float = 1.0
    names: float = 0.5
    trend: float = 0.08
    time: float = 0.08
    time_scale: float = 28.0  # days
    min_content: float = 0.08  # text and names must say at least this much
    candidates: int = 50
    semantic: float = 0.0  # sentence-embedding cosine, when the model has embeddings

    @classmethod
    def tuned(cls) -> Weights:
        return _tuned_weights()


@lru_cache(maxsize=1)
def _tuned_weights() -> Weights:
    data = json.loads(
        resources.files("watchdesk.analysis").joinpath("data", "related_weights.json").read_text()
    )
    return Weights(**data["weights"])


@dataclass(frozen=True)
class Suggestion:
    id: int
    score: float
    terms: tuple[str, ...] = ()
    same_trend: bool = False
    days_apart: int = 0

    def reasons(self) -> dict:
        return {
            "terms": list(self.terms),
            "same_trend": self.same_trend,
            "days_apart": self.days_apart,
        }


@dataclass
class Model:
    """A fitted model of one language's archive.

    Rows fitted at build time live in ``words``/``names``; commentaries published
    since are appended to small ``*_delta`` matrices (vectorised with the fitted
    vocabulary), and replaced or withdrawn rows are marked dead, so that an update
    costs milliseconds whatever the archive size. ``watchdesk related rebuild`` refits.
    """

    language: str
    weights: Weights
    ids: list[int]
    trends: np.ndarray
    days: np.ndarray
    words: sparse.csr_matrix
    names: sparse.csr_matrix
    word_vocabulary: np.ndarray
    name_vocabulary: np.ndarray
    word_space: vectors.Space | None = None
    name_space: vectors.Space | None = None
    lsa: np.ndarray | None = None
    lsa_delta: np.ndarray | None = None
    svd: object | None = None
    ann: object | None = None
    words_delta: sparse.csr_matrix | None = None
    names_delta: sparse.csr_matrix | None = None
    alive: np.ndarray | None = None
    pool: int = 3  # HNSW proposes this many times the candidates; exact scores choose
    # Unit-length sentence embeddings, one row per model row (the `semantic` extra).
    embeddings: np.ndarray | None = None
    position: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {doc_id: n for n, doc_id in enumerate(self.ids)}
        width_w, width_n = self.words.shape[1], self.names.shape[1]
        if self.words_delta is None:
            self.words_delta = sparse.csr_matrix((0, width_w), dtype=np.float32)
            self.names_delta = sparse.csr_matrix((0, width_n), dtype=np.float32)
        if self.alive is None:
            self.alive = np.ones(len(self.ids), dtype=bool)

    def __len__(self) -> int:
        return int(self.alive.sum())

    @property
    def base(self) -> int:
        return self.words.shape[0]

    # --- rows -----------------------------------------------------------------------
    def _rows(self, kind: str, rows: np.ndarray) -> sparse.csr_matrix:
        base, delta = (
            (self.words, self.words_delta) if kind == "words" else (self.names, self.names_delta)
        )
        rows = np.asarray(rows, dtype=np.int64)
        old = rows < self.base
        if old.all():
            return base[rows]
        if not old.any():
            return delta[rows - self.base]
        # Only the rows asked for are stacked, never the whole matrix.
        stacked = sparse.vstack([base[rows[old]], delta[rows[~old] - self.base]]).tocsr()
        order = np.concatenate([np.flatnonzero(old), np.flatnonzero(~old)])
        return stacked[np.argsort(order)]

    def _dots(self, kind: str, row: int, others: np.ndarray) -> np.ndarray:
        vector = self._rows(kind, np.array([row]))
        return np.asarray((self._rows(kind, others) @ vector.T).todense()).ravel()

    # --- candidates ---------------------------------------------------------------
    def candidates(self, rows: Sequence[int], m: int) -> list[np.ndarray]:
        """For each row, up to ``m`` other live rows with the highest content scores."""
        return [found for found, _ in self.scored_candidates(rows, m)]

    def scored_candidates(self, rows: Sequence[int], m: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each row, up to ``m`` other live rows with the highest content scores,
        and those scores. On a large archive the HNSW index over LSA vectors proposes
        ``pool`` times as many, and the exact sparse scores pick the best of them."""
        rows = list(rows)
        if self.ann is not None:
            vectors = self._lsa_rows(rows)
            want = m * self.pool
            # Withdrawn rows are marked deleted in the index, which skips them.
            k = min(want + 1, int(self.alive.sum()))
            labels = self._knn(vectors, k)
            pools = [
                np.array([c for c in found if c != row and self.alive[c]][:want], dtype=np.int64)
                for row, found in zip(rows, labels, strict=True)
            ]
            sizes = [p.size for p in pools]
            content = self._pool_scores(rows, pools)
            out, start = [], 0
            for pool, size in zip(pools, sizes, strict=True):
                scores = content[start : start + size]
                start += size
                if size > m:
                    top = np.argpartition(-scores, m)[:m]
                    pool, scores = pool[top], scores[top]
                keep = scores > 0
                out.append((pool[keep], scores[keep]))
            return out
        w = self.weights
        everything = np.arange(len(self.ids))
        out = []
        block_w = self._rows("words", np.array(rows)) @ self._rows("words", everything).T
        block = w.text * block_w
        if w.names:
            block_n = self._rows("names", np.array(rows)) @ self._rows("names", everything).T
            block = block + w.names * block_n
        block = block.toarray()
        for n, row in enumerate(rows):
            scores = block[n]
            scores[row] = -1.0
            scores[~self.alive] = -1.0
            top = np.argpartition(-scores, min(m, len(scores) - 1))[:m]
            top = top[scores[top] > 0]
            out.append((top, scores[top].copy()))
        return out

    def _knn(self, vectors: np.ndarray, k: int) -> list[np.ndarray]:
        """Nearest index rows of each vector. hnswlib refuses a whole batch when it finds
        fewer than ``k`` for one vector (many identical texts crowd a region of the
        graph); those are asked again one by one with a wider search, then for fewer."""
        try:
            return list(self.ann.knn_query(vectors, k=k)[0])
        except RuntimeError:
            return [self._knn_one(vector, k) for vector in vectors]

    def _knn_one(self, vector: np.ndarray, k: int) -> np.ndarray:
        ef = self.ann.ef
        try:
            for want in (k, k, k, k // 2, k // 4, 1):
                try:
                    return self.ann.knn_query(vector[None, :], k=max(1, want))[0][0]
                except RuntimeError:
                    self.ann.set_ef(min(self.ann.ef * 2, 4096))
            return np.array([], dtype=np.uint64)
        finally:
            self.ann.set_ef(ef)

    def _pool_scores(self, rows: list[int], pools: list[np.ndarray]) -> np.ndarray:
        """Content scores of each row against its pool, concatenated. The rows are
        made dense a few at a time and each pool row's entries gathered from them:
        cheaper than pairing up copies of sparse rows."""
        sizes = np.array([p.size for p in pools], dtype=np.int64)
        total = int(sizes.sum())
        scores = np.zeros(total, dtype=np.float32)
        if total == 0:
            return scores
        right = np.concatenate(pools)
        owner = np.repeat(np.arange(len(rows)), sizes)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        w = self.weights
        for kind, weight in (("words", w.text), ("names", w.names)):
            if not weight:
                continue
            others = self._rows(kind, right)
            if others.nnz == 0:
                continue
            mine = self._rows(kind, np.asarray(rows, dtype=np.int64))
            pair_of_entry = np.repeat(np.arange(total), np.diff(others.indptr))
            for start in range(0, len(rows), 64):
                stop = min(start + 64, len(rows))
                first, last = others.indptr[offsets[start]], others.indptr[offsets[stop]]
                if first == last:
                    continue
                dense = mine[start:stop].toarray()
                pairs = pair_of_entry[first:last]
                values = dense[owner[pairs] - start, others.indices[first:last]]
                values *= others.data[first:last]
                scores += weight * np.bincount(pairs, weights=values, minlength=total).astype(
                    np.float32
                )
        return scores

    def _lsa_rows(self, rows: list[int]) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        old = rows < self.base
        if old.all():
            return self.lsa[rows]
        stacked = np.vstack([self.lsa[rows[old]], self.lsa_delta[rows[~old] - self.base]])
        order = np.concatenate([np.flatnonzero(old), np.flatnonzero(~old)])
        return stacked[np.argsort(order)]

    # --- scoring ------------------------------------------------------------------
    def score(self, row: int, others: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Total and content scores of ``others`` against ``row``, and days apart."""
        w = self.weights
        content = w.text * self._dots("words", row, others) + w.names * self._dots(
            "names", row, others
        )
        total, gap = self._totals(row, others, content)
        return total, content, gap

    def _totals(
        self, row: int, others: np.ndarray, content: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Total scores from content scores (the trend, time and optional embedding
        signals added), and days apart."""
        w = self.weights
        gap = np.abs(self.days[others] - self.days[row])
        total = content + w.trend * (self.trends[others] == self.trends[row])
        total = total + w.time * np.exp(-gap / w.time_scale)
        if w.semantic and self.embeddings is not None:
            total = total + w.semantic * (self.embeddings[others] @ self.embeddings[row])
        return total, gap

    def _picks(
        self,
        others: np.ndarray,
        total: np.ndarray,
        content: np.ndarray,
        gap: np.ndarray,
        k: int | None,
    ) -> list[tuple[int, float, int]]:
        """The best ``k`` (all when None) of ``others`` that clear the content floor, as
        (row, total score, days apart), best first."""
        keep = np.flatnonzero(content >= self.weights.min_content)
        order = keep[_ranking(total[keep], others[keep])[:k]]
        return [(int(others[i]), float(total[i]), int(gap[i])) for i in order]

    def _suggestions(
        self, chosen: Sequence[tuple[int, list[tuple[int, float, int]]]]
    ) -> list[list[Suggestion]]:
        """Picks of several rows as suggestions, their shared terms found in one go."""
        terms = iter(self.shared_terms_many([(r, o) for r, picks in chosen for o, _, _ in picks]))
        return [
            [
                Suggestion(
                    id=self.ids[other],
                    score=round(total, 6),
                    terms=next(terms),
                    same_trend=bool(self.trends[other] == self.trends[row]),
                    days_apart=gap,
                )
                for other, total, gap in picks
            ]
            for row, picks in chosen
        ]

    def suggest(
        self, row: int, k: int = 5, candidates: np.ndarray | None = None
    ) -> list[Suggestion]:
        if candidates is None:
            candidates = self.candidates([row], self.weights.candidates)[0]
        candidates = np.asarray(candidates, dtype=np.int64)
        if candidates.size == 0:
            return []
        total, content, gap = self.score(row, candidates)
        return self._suggestions([(row, self._picks(candidates, total, content, gap, k))])[0]

    def shared_terms_many(
        self, pairs: Sequence[tuple[int, int]], n: int = 3
    ) -> list[tuple[str, ...]]:
        """The names and words that weigh most in both texts of each pair, for many
        pairs at once: one elementwise product per kind."""
        if not pairs:
            return []
        left = np.array([a for a, _ in pairs], dtype=np.int64)
        right = np.array([b for _, b in pairs], dtype=np.int64)
        found: list[list[str]] = [[] for _ in pairs]
        for kind, vocabulary in (("names", self.name_vocabulary), ("words", self.word_vocabulary)):
            both = self._rows(kind, left).multiply(self._rows(kind, right)).tocsr()
            for i in range(len(pairs)):
                start, end = both.indptr[i], both.indptr[i + 1]
                terms = found[i]
                if start == end or len(terms) >= n:
                    continue
                # Ties broken by term, so that a pair explains itself the same both ways.
                indices = both.indices[start:end]
                order = np.lexsort((indices, -np.round(both.data[start:end], 6)))
                for index in indices[order]:
                    term = str(vocabulary[index])
                    if all(term not in t and t not in term for t in terms):
                        terms.append(term)
                        if len(terms) >= n:
                            break
        return [tuple(t) for t in found]

    def all_lists(
        self, k: int = 5, *, progress: Progress | None = None, block: int = 512
    ) -> dict[int, list[Suggestion]]:
        return dict(self.iter_lists(k, progress=progress, block=block))

    def iter_lists(
        self, k: int = 5, *, progress: Progress | None = None, block: int = 512
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """Every live commentary's suggestions, a block of rows at a time: candidates
        for the block, then one sparse product against the union of their candidates."""
        w = self.weights
        live = np.flatnonzero(self.alive)
        for start in range(0, len(live), block):
            rows = live[start : start + block]
            # Content scores of just the (row, candidate) pairs come with the candidates:
            # an elementwise product of paired rows costs what the two rows hold.
            scored = self.scored_candidates(rows.tolist(), w.candidates)
            chosen: list[tuple[int, list[tuple[int, float, int]]]] = []
            for row, (others, content) in zip(rows, scored, strict=True):
                total, gap = self._totals(row, others, content)
                chosen.append((row, self._picks(others, total, content, gap, k)))
            # Explanations for the whole block at once.
            for (row, _), suggestions in zip(chosen, self._suggestions(chosen), strict=True):
                yield self.ids[row], suggestions
            if progress:
                progress(len(rows))

    # --- changes ------------------------------------------------------------------
    def publish(
        self, doc: Doc, k: int = 5
    ) -> tuple[int, list[Suggestion], list[tuple[int, Suggestion]]]:
        """Add (or replace) a commentary in one step: its row, its own ``k`` best
        suggestions, and for every candidate that may list it, the new commentary as a
        suggestion seen from that candidate (scores are symmetric, so one vectorised
        scoring of the candidates serves both directions). The caller compares each with
        the weakest item of the candidate's stored list to know which lists it enters."""
        row = self.upsert(doc)
        found = self.candidates([row], self.weights.candidates)[0]
        if found.size == 0:
            return row, [], []
        total, content, gap = self.score(row, found)
        picks = self._picks(found, total, content, gap, None)
        suggestions = self._suggestions([(row, picks)])[0]
        reverse = [
            (other, replace(s, id=doc.id))
            for (other, _, _), s in zip(picks, suggestions, strict=True)
        ]
        return row, suggestions[:k], reverse

    def upsert(self, doc: Doc) -> int:
        """Add a commentary, or replace its text; returns its row. The fitted vocabulary
        stays as it is: words new to the archive count from the next rebuild."""
        if doc.id in self.position:
            self.remove(doc.id)
        text = _doc_text(doc)
        words = _transform(self.word_space, normal_words(text, self.language), self.words.shape[1])
        names = _transform(
            self.name_space, textnorm_names(text, self.language), self.names.shape[1]
        )
        self.words_delta = sparse.vstack([self.words_delta, words]).tocsr()
        self.names_delta = sparse.vstack([self.names_delta, names]).tocsr()
        row = len(self.ids)
        self.ids.append(doc.id)
        self.position[doc.id] = row
        self.trends = np.append(self.trends, np.array([doc.trend], dtype=self.trends.dtype))
        self.days = np.append(self.days, doc.day)
        self.alive = np.append(self.alive, True)
        if self.ann is not None:
            vector = _project(self.svd, words, names, self.weights)
            delta = self.lsa_delta
            self.lsa_delta = vector if delta is None else np.vstack([delta, vector])
            if self.ann.get_current_count() >= self.ann.get_max_elements():
                self.ann.resize_index(self.ann.get_max_elements() * 2)
            self.ann.add_items(vector, np.array([row]))
        return row

    def remove(self, doc_id: int) -> None:
        row = self.position.pop(doc_id, None)
        if row is None:
            return
        self.alive[row] = False
        if self.ann is not None:
            self.ann.mark_deleted(row)


def _transform(space: vectors.Space | None, tokens: list[str], width: int) -> sparse.csr_matrix:
    if space is None or width == 0:
        return sparse.csr_matrix((1, width), dtype=np.float32)
    return space.transform(tokens)


def build(
    docs: Iterable[Doc] | Callable[[], Iterable[Doc]],
    language: str,
    weights: Weights | None = None,
    *,
    approximate_from: int = 20_000,
    lsa_dimensions: int = 128,
    threads: int = 2,
    expected: int | None = None,
) -> Model:
    """Fit a model on one language's commentaries.

    ``docs`` is a sequence, or a function returning a fresh iterable of them: the texts
    are then read twice (words, names) without ever being held in memory together.
    """
    weights = weights or Weights.tuned()
    if not callable(docs):
        kept = list(docs)
        expected = len(kept)

        def docs() -> Iterable[Doc]:
            return kept

    ids: list[int] = []
    trends: list = []
    days: list[int] = []

    def first_pass() -> Iterator[str]:
        for doc in docs():
            ids.append(doc.id)
            trends.append(doc.trend)
            days.append(doc.day)
            yield _doc_text(doc)

    word_space, words, name_space, names = vectors.fit(
        first_pass(),
        language,
        workers=threads,
        expected=expected if expected is not None else 10**9,
    )
    model = Model(
        language=language,
        weights=weights,
        ids=ids,
        trends=np.asarray(trends, dtype=object)
        if any(isinstance(t, str) for t in trends)
        else np.asarray(trends),
        days=np.asarray(days, dtype=np.int64),
        words=words,
        names=names,
        word_vocabulary=word_space.terms,
        name_vocabulary=name_space.terms,
        word_space=word_space,
        name_space=name_space,
    )
    if len(ids) >= approximate_from:
        add_ann(model, lsa_dimensions, threads=threads)
    return model


def _doc_text(doc: Doc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def add_ann(
    model: Model,
    dimensions: int = 128,
    *,
    threads: int = 2,
    ef: int = 200,
    m: int = 24,
    svd_sample: int = 200_000,
) -> None:
    """LSA vectors and an HNSW index over them, for candidates on large archives."""
    import hnswlib
    from sklearn.decomposition import TruncatedSVD

    combined = _combined(model.words, model.names, model.weights)
    rows = combined.shape[0]
    dimensions = max(2, min(dimensions, combined.shape[1] - 1, len(model) - 1))
    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=4, random_state=0)
    # The projection is learnt from a sample (a dense rows × dimensions float64 working
    # set for a million rows would take gigabytes) and applied in chunks.
    if rows > svd_sample:
        chosen = np.sort(np.random.default_rng(0).choice(rows, svd_sample, replace=False))
        svd.fit(combined[chosen])
    else:
        svd.fit(combined)
    lsa = np.empty((rows, dimensions), dtype=np.float32)
    for start in range(0, rows, 65_536):
        lsa[start : start + 65_536] = svd.transform(combined[start : start + 65_536])
    del combined
    norms = np.linalg.norm(lsa, axis=1, keepdims=True)
    lsa /= np.where(norms == 0, 1, norms)
    index = hnswlib.Index(space="ip", dim=dimensions)
    index.init_index(max_elements=len(model) + 1024, ef_construction=ef, M=m, random_seed=0)
    index.set_num_threads(threads)
    index.add_items(lsa, np.arange(len(model)))
    index.set_ef(max(ef, model.weights.candidates * 2))
    model.lsa, model.svd, model.ann = lsa, svd, index


def _combined(words: sparse.csr_matrix, names: sparse.csr_matrix, weights: Weights):
    # With names weighing nothing, the word matrix itself (no copy of a large matrix).
    if weights.names == 0 or names.shape[1] == 0:
        return words
    return sparse.hstack([words, weights.names * names]).tocsr()


def _project(
    svd, words: sparse.csr_matrix, names: sparse.csr_matrix, weights: Weights
) -> np.ndarray:
    vector = svd.transform(_combined(words, names, weights)).astype(np.float32)
    vector /= max(float(np.linalg.norm(vector)), 1e-12)
    return vector


def _ranking(total: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Positions by score, best first; equal scores (as stored, to six places) in row
    order, so that a list comes out the same whichever way it was computed."""
    return np.lexsort((rows, -np.round(total, 6)))


def days_of(day: dt.date) -> int:
    return day.toordinal()


# --- evaluation helpers (used by `watchdesk eval related` and the quality gate) -------------
def recall_at_k(
    exact: dict[int, list[Suggestion]], approximate: dict[int, list[Suggestion]], k: int = 10
) -> float:
    """Share of the exact top-k that the approximate lists recover. As in
    ann-benchmarks, a returned item counts when its score reaches the exact k-th score:
    generated and real archives hold items that tie exactly (the same template or
    repeated announcements), and which of two tied items is "the" tenth is arbitrary."""
    hits = total = 0
    for doc_id, truth in exact.items():
        truth = truth[:k]
        if not truth:
            continue
        floor = truth[-1].score - 1e-6
        got = approximate.get(doc_id, [])[:k]
        hits += min(len(truth), sum(1 for s in got if s.score >= floor))
        total += len(truth)
    return hits / total if total else 1.0


def weights_json(weights: Weights, metrics: dict) -> str:
    return json.dumps({"weights": asdict(weights), "measured": metrics}, indent=2) + "\n"


def time_decay(days: float, scale: float) -> float:
    return math.exp(-abs(days) / scale)
