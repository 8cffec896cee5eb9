"""Similar articles at scale: rebuild, publish-time update, index latency, recall, memory.

For each archive size (generated commentaries, 20 trends per 100,000), in one process:

- **full rebuild**: fit (lemmas, TF-IDF), LSA + HNSW index, and every commentary's list;
- **update after publishing one commentary**: add it to the model, its own list, and
  the lists it enters (candidates whose current fifth item it beats), 100 times;
- **top-10 query latency** of the HNSW index, and its **recall@10** against exact
  lists (the same scoring over exact candidates) on a sample;
- the **YARPP-style** query (the item's 25 most frequent words OR-ed into a full-text
  query over the same archive, MyISAM-style relevance, category bonus) as baseline;
- **peak memory** (resident set size) of the process.

    python benchmarks/related.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import gc
import itertools
import resource
import statistics
import sys
import time

import numpy as np


def docs_factory(size: int, seed: int = 11):
    from watchdesk.analysis.related import Doc
    from watchdesk.sample.generator import generate

    trends = max(5, size // 5000)
    weeks = -(-size // trends)

    def docs():
        for n, item in enumerate(generate(weeks=weeks, trends=trends, seed=seed)):
            if n >= size:
                return
            version = item.versions["en"]
            yield Doc(
                n,
                "\n\n".join([version.lead, *version.paragraphs]),
                item.trend,
                item.published_at.date().toordinal(),
                version.title,
            )

    return docs


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def run(size: int, threads: int, full_rebuild: bool = True) -> dict:
    from watchdesk.analysis import related
    from watchdesk.analysis.evaluation import FullTextTokens
    from watchdesk.analysis.textnorm import stop_words

    print(f"\n== {size:,} commentaries ==", flush=True)
    docs = docs_factory(size)
    started = time.perf_counter()
    model = related.build(docs, "en", approximate_from=0, threads=threads)
    fitted = time.perf_counter() - started
    print(
        f"fit (lemmas, TF-IDF, LSA {model.lsa.shape[1]}d, HNSW): {fitted:.1f} s; "
        f"vocabulary {model.words.shape[1]:,} terms, {model.words.nnz:,} entries",
        flush=True,
    )
    k = 5
    # The stored lists, as the database would hold them: each list's members and the
    # score of its fifth item.
    kth = np.full(len(model.ids), -1.0)
    members = np.full((len(model.ids), k), -1, dtype=np.int64)
    stored = np.zeros(len(model.ids), dtype=bool)

    def keep(row: int, found) -> None:
        if len(found) == k:
            kth[row] = found[-1].score
        members[row, : len(found)] = [model.position[s.id] for s in found]
        stored[row] = True

    rebuild = None
    if full_rebuild:
        for doc_id, found in model.iter_lists(k):
            keep(model.position[doc_id], found)
        rebuild = time.perf_counter() - started
        print(
            f"full rebuild: {rebuild:.1f} s ({len(model.ids):,} lists, "
            f"{len(model.ids) / (rebuild - fitted):.0f} lists/s after the fit)",
            flush=True,
        )
    else:
        print("full rebuild: skipped (--no-full-rebuild); lists computed when needed")

    # Index latency and recall against exact candidates.
    rng = np.random.default_rng(3)
    sample = rng.choice(len(model.ids), size=min(500, len(model.ids)), replace=False)
    latencies = []
    for row in sample:
        vector = model.lsa[row : row + 1]
        start = time.perf_counter()
        model.ann.knn_query(vector, k=10)
        latencies.append((time.perf_counter() - start) * 1000)
    exact_lists, approximate_lists, suggest_ms = {}, {}, []
    words = model.words
    for row in sample[:200]:
        # Exact candidates: the archive's highest word scores, by a full scan.
        scores = np.asarray((words @ words[row].T).todense()).ravel()
        scores[row] = -1
        exact = np.argpartition(-scores, model.weights.candidates)[: model.weights.candidates]
        exact_lists[row] = model.suggest(int(row), 10, exact)
        start = time.perf_counter()
        approximate_lists[row] = model.suggest(int(row), 10)
        suggest_ms.append((time.perf_counter() - start) * 1000)
    recall = related.recall_at_k(exact_lists, approximate_lists, k=10)
    print(
        f"HNSW top-10 query: median {statistics.median(latencies):.3f} ms, "
        f"p99 {percentile(latencies, 0.99):.3f} ms; recall@10 of the lists {recall:.3f}",
        flush=True,
    )

    print(
        f"one list computed from the index (candidates, exact scores, reasons): "
        f"median {statistics.median(suggest_ms):.2f} ms, p99 {percentile(suggest_ms, 0.99):.2f} ms",
        flush=True,
    )

    # Publishing: add a commentary, compute its list, and re-rank the lists it enters
    # (those whose fifth item it beats: their stored items plus the new one).
    # Another archive's documents past this size: generated, not kept in memory.
    extra = list(itertools.islice(docs_factory(size + 101, seed=12)(), size, None))
    # The first publication in a process also loads the lemma dictionary (the fit ran
    # in worker processes): timed apart from the steady state.
    first = extra.pop()
    start = time.perf_counter()
    model.publish(related.Doc(9_999_999, first.text, first.trend, first.day, first.title), k)
    print(
        f"first publication in this process (loads the lemma dictionary): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms",
        flush=True,
    )
    updates, entered = [], []
    for n, doc in enumerate(extra):
        doc = related.Doc(10_000_000 + n, doc.text, doc.trend, doc.day, doc.title)
        start = time.perf_counter()
        row, own, reverse = model.publish(doc, k)
        elapsed = time.perf_counter() - start
        # Without a full rebuild, the candidates' stored lists are computed now, untimed
        # (the site reads them from the database).
        for other, _ in reverse:
            if other < len(stored) and not stored[other]:
                keep(other, model.suggest(int(other), k))
        start = time.perf_counter()
        changed = 0
        for other, seen in reverse:
            if other < len(kth) and seen.score > kth[other]:
                rows = members[other][members[other] >= 0]
                model.suggest(other, k, candidates=np.append(rows, row))
                changed += 1
        updates.append((elapsed + time.perf_counter() - start) * 1000)
        entered.append(changed)
    print(
        f"update after publishing one: median {statistics.median(updates):.1f} ms, "
        f"p99 {percentile(updates, 0.99):.1f} ms (100 publications; it entered "
        f"{statistics.mean(entered):.1f} other lists on average, at most {max(entered)})",
        flush=True,
    )
    ours_peak = peak_mib()
    print(f"peak memory so far (ours): {ours_peak:,.0f} MiB", flush=True)

    # YARPP-style baseline on the same archive: an inverted index of full-text words.
    model.ann = model.lsa = None
    gc.collect()
    from sklearn.feature_extraction.text import CountVectorizer

    counts = CountVectorizer(analyzer=FullTextTokens(stop_words("en")), dtype=np.float32)
    matrix = counts.fit_transform(doc.text for doc in docs()).tocsr()
    n_docs = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.clip(np.log(np.maximum(n_docs - df, 1) / np.maximum(df, 1)), 0, None).astype(
        np.float32
    )
    csc = matrix.tocsc()
    del matrix
    columns = np.repeat(np.arange(csc.shape[1]), np.diff(csc.indptr))
    csc.data = (np.log(csc.data) + 1) * idf[columns]
    del columns
    weighted = csc.tocsr()
    trends = model.trends[:n_docs]
    yarpp = []
    for row in sample[:100]:
        start = time.perf_counter()
        vector = weighted[row]
        top = vector.indices[np.argsort(-vector.data, kind="stable")[:25]]
        relevance = np.asarray(csc[:, top].sum(axis=1)).ravel()
        relevance += trends == trends[row]
        best = np.argpartition(-relevance, 6)[:6]
        best[np.argsort(-relevance[best])]
        yarpp.append((time.perf_counter() - start) * 1000)
    print(
        f"YARPP-style full-text query: median {statistics.median(yarpp):.1f} ms, "
        f"p99 {percentile(yarpp, 0.99):.1f} ms",
        flush=True,
    )
    ratio = statistics.median(yarpp) / statistics.median(latencies)
    whole = statistics.median(yarpp) / statistics.median(suggest_ms)
    print(
        f"ours is {ratio:.0f}x faster than the YARPP-style query (index query, median); "
        f"{whole:.1f}x counting a whole list with exact scores and reasons"
    )
    print(f"peak memory with the baseline's index too: {peak_mib():,.0f} MiB")
    return {
        "size": size,
        "fit_s": fitted,
        "rebuild_s": rebuild,
        "query_p99_ms": percentile(latencies, 0.99),
        "recall": recall,
        "suggest_median_ms": statistics.median(suggest_ms),
        "update_median_ms": statistics.median(updates),
        "update_p99_ms": percentile(updates, 0.99),
        "peak_mib": ours_peak,
        "yarpp_median_ms": statistics.median(yarpp),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--no-full-rebuild",
        action="store_true",
        help="skip computing every list (the other figures need only some)",
    )
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.threads, full_rebuild=not args.no_full_rebuild)
        gc.collect()


if __name__ == "__main__":
    sys.exit(main())
