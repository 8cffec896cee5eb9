"""TF-IDF spaces fitted in one streaming pass, for words and names at once.

scikit-learn's TfidfVectorizer reads the texts once per vectorizer and runs its
analyzer in one process. Similar articles need two spaces (words, names) over the
same texts, for up to a million commentaries: here each text is analysed once, in
worker processes when there are many, and both spaces are counted in the same pass.
The weighting is the usual one: sublinear term frequency (1 + ln tf), smoothed
inverse document frequency (1 + ln((1 + n) / (1 + df))), rows scaled to unit length;
terms in more than ``max_df`` of the documents are left out.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from watchdesk.analysis.textnorm import names, normal_words

# Below this many texts, analysing in worker processes costs more than it saves.
PARALLEL_FROM = 5000
MAX_DF_FROM = 20


def analyse(job: tuple[str, str]) -> tuple[list[str], list[str], dict[str, str], dict[str, str]]:
    """Words and names of one text, with readable forms of the terms it introduces."""
    text, language = job
    word_forms: dict[str, str] = {}
    name_forms: dict[str, str] = {}
    words = normal_words(text, language, word_forms)
    found = names(text, language, name_forms)
    # Each process reports a term's readable form once, not with every document.
    word_forms = {t: f for t, f in word_forms.items() if ("w", t) not in _reported}
    name_forms = {t: f for t, f in name_forms.items() if ("n", t) not in _reported}
    _reported.update(("w", t) for t in word_forms)
    _reported.update(("n", t) for t in name_forms)
    return words, found, word_forms, name_forms


_reported: set[tuple[str, str]] = set()


def analysed(texts: Iterable[str], language: str, workers: int, *, parallel: bool) -> Iterator:
    _reported.clear()  # a new fit: every form is needed again (in this process)
    jobs = ((text, language) for text in texts)
    if not parallel or workers < 2:
        yield from map(analyse, jobs)
        return
    # Executor.map takes every job at once; batches keep only a few thousand texts
    # (and their results) in memory at a time, whatever the archive size.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while batch := list(itertools.islice(jobs, 8192)):
            yield from pool.map(analyse, batch, chunksize=256)


@dataclass
class Space:
    vocabulary: dict[str, int]
    idf: np.ndarray
    terms: np.ndarray  # a readable word for each column

    @property
    def width(self) -> int:
        return len(self.terms)

    def transform(self, tokens: list[str]) -> sparse.csr_matrix:
        counts: dict[int, int] = {}
        for token in tokens:
            column = self.vocabulary.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int32, count=len(counts))
        values = 1 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        values *= self.idf[columns]
        norm = float(np.linalg.norm(values))
        if norm:
            values /= norm
        order = np.argsort(columns)
        return sparse.csr_matrix(
            (values[order], columns[order], np.array([0, len(columns)])), shape=(1, self.width)
        )


class _Counter:
    """Counts of terms per document, accumulated into flat CSR buffers (a million
    documents' worth of small arrays would cost more in object headers than in data)."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.indices = array("i")
        self.counts = array("f")
        self.indptr = array("q", [0])

    def add(self, tokens: list[str]) -> None:
        vocabulary = self.vocabulary
        row: dict[int, int] = {}
        for token in tokens:
            column = vocabulary.get(token)
            if column is None:
                column = vocabulary[token] = len(vocabulary)
            row[column] = row.get(column, 0) + 1
        self.indices.extend(row)
        self.counts.extend(row.values())
        self.indptr.append(self.indptr[-1] + len(row))

    def space(self, max_df: float, surface: dict[str, str]) -> tuple[Space, sparse.csr_matrix]:
        n_docs = len(self.indptr) - 1
        width = len(self.vocabulary)
        # Views on the buffers, not copies: at a million documents each is ~400 MB.
        indices = np.frombuffer(self.indices, dtype=np.int32)
        data = np.frombuffer(self.counts, dtype=np.float32)
        indptr = np.frombuffer(self.indptr, dtype=np.int64)
        df = np.bincount(indices, minlength=width)
        # On a handful of texts every shared word is "common": the cut applies from 20.
        limit = max_df * n_docs if n_docs >= MAX_DF_FROM else n_docs
        keep = np.flatnonzero(df <= limit) if n_docs else np.array([], dtype=np.int64)
        if keep.size < width:
            # Drop the too-common terms' entries and renumber the columns, in flat arrays.
            column = np.full(width, -1, dtype=np.int32)
            column[keep] = np.arange(keep.size, dtype=np.int32)
            kept = column[indices] >= 0
            counter = np.int32 if len(kept) < 2**31 - 1 else np.int64
            before = np.zeros(len(kept) + 1, dtype=counter)
            np.cumsum(kept, out=before[1:])
            indptr = before[indptr].astype(np.int64)
            del before
            indices = column[indices[kept]]
            data = data[kept]
            del kept
        else:
            indices, data, indptr = indices.copy(), data.copy(), indptr.copy()
        # The buffers are no longer needed (the arrays above are copies).
        self.indices, self.counts, self.indptr = array("i"), array("f"), array("q", [0])
        idf = (np.log((1 + n_docs) / (1 + df[keep])) + 1).astype(np.float32)
        np.log(data, out=data)
        data += 1
        data *= idf[indices]
        # Rows to unit length.
        lengths = np.diff(indptr)
        norms = np.ones(n_docs, dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            norms[filled] = np.sqrt(np.add.reduceat(data * data, indptr[:-1][filled]))
        norms[norms == 0] = 1
        data /= np.repeat(norms, lengths)
        names_by_column = np.empty(width, dtype=object)
        for term, n in self.vocabulary.items():
            names_by_column[n] = term
        kept_terms = names_by_column[keep]
        space = Space(
            vocabulary={term: n for n, term in enumerate(kept_terms)},
            idf=idf,
            terms=np.array([surface.get(t, t) for t in kept_terms], dtype=object),
        )
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(n_docs, keep.size))
        matrix.sort_indices()
        return space, matrix


def fit(
    texts: Iterable[str], language: str, *, workers: int = 2, expected: int = 0
) -> tuple[Space, sparse.csr_matrix, Space, sparse.csr_matrix]:
    """The words space and matrix, and the names space and matrix, of the texts."""
    words, names_ = _Counter(), _Counter()
    word_forms: dict[str, str] = {}
    name_forms: dict[str, str] = {}
    parallel = expected >= PARALLEL_FROM
    for word_tokens, name_tokens, new_words, new_names in analysed(
        texts, language, workers, parallel=parallel
    ):
        words.add(word_tokens)
        names_.add(name_tokens)
        for term, form in new_words.items():
            word_forms.setdefault(term, form)
        for term, form in new_names.items():
            name_forms.setdefault(term, form)
    word_space, word_matrix = words.space(0.5, word_forms)
    name_space, name_matrix = names_.space(0.3, name_forms)
    return word_space, word_matrix, name_space, name_matrix
