"""The two gold sets for "similar articles", and their evaluation against baselines.

1. **Storylines**: the demo archive's generated commentaries record the storyline
   (thread) they belong to; items of one storyline are relevant to each other.
2. **Hand-labelled**: ``gold/related.json`` lists, for commentaries of the sample
   archive, every other commentary a careful reader would want offered.

Both are built from the sample's own files, without a database, so that
``watchdesk eval related`` and the quality gate run anywhere.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from watchdesk.analysis import related, similarity
from watchdesk.analysis.evaluation import (
    FullTextTokens,
    mean_metrics,
    recent_baseline,
    yarpp_baseline,
)
from watchdesk.analysis.textnorm import stop_words
from watchdesk.sample.generator import demo_archive

SEED_FILE = "imports/000_d479b18a8ff2a215.txt"
SEED_KEYS = (
    "seed:Minsk deliberately strains relations with the Kremlin",
    "seed:Belarusian and Ukrainian Defence Ministries entangle in confrontation spiral",
)


@dataclass(frozen=True)
class GoldSet:
    name: str
    docs: list[related.Doc]
    relevance: dict[int, set[int]]


def _seed_docs(start: int) -> list[tuple[str, related.Doc]]:
    text = resources.files("watchdesk.sample").joinpath(SEED_FILE).read_text(encoding="utf-8")
    main, similar = text.split("Similar articles", 1)
    similar = similar.replace("Recent trends", "")
    import datetime as dt

    return [
        (
            SEED_KEYS[0],
            related.Doc(start, main, "belarus-russia", dt.date(2016, 4, 22).toordinal()),
        ),
        (
            SEED_KEYS[1],
            related.Doc(start + 1, similar, "security", dt.date(2017, 10, 2).toordinal()),
        ),
    ]


@cache
def sample_docs() -> tuple[tuple[str, related.Doc], ...]:
    """The sample archive in English, with keys, as documents."""
    out = []
    for n, item in enumerate(demo_archive()):
        version = item.versions["en"]
        text = "\n\n".join([version.lead, *version.paragraphs])
        out.append(
            (
                item.key,
                related.Doc(
                    n, text, item.trend, item.published_at.date().toordinal(), version.title
                ),
            )
        )
    out += _seed_docs(len(out))
    return tuple(out)


def storyline_set() -> GoldSet:
    items = demo_archive()
    members: dict[str, set[int]] = defaultdict(set)
    for n, item in enumerate(items):
        members[item.storyline].add(n)
    docs = [doc for _, doc in sample_docs()[: len(items)]]
    relevance = {n: members[item.storyline] - {n} for n, item in enumerate(items)}
    return GoldSet("storylines", docs, relevance)


def hand_set() -> GoldSet:
    data = json.loads(
        resources.files("watchdesk.sample").joinpath("gold", "related.json").read_text("utf-8")
    )
    by_key = {key: doc.id for key, doc in sample_docs()}
    relevance = {by_key[q["key"]]: {by_key[k] for k in q["related"]} for q in data["queries"]}
    return GoldSet("hand-labelled", [doc for _, doc in sample_docs()], relevance)


def _ours(gold: GoldSet, weights: related.Weights, k: int = 5) -> dict[int, list[int]]:
    model = related.build(gold.docs, "en", weights)
    return {q: [s.id for s in model.suggest(model.position[q], k)] for q in gold.relevance}


def evaluate(weights: related.Weights | None = None) -> dict:
    """P@5 and nDCG@5 of ours and the three baselines on both gold sets."""
    weights = weights or related.Weights.tuned()
    report: dict = {}
    for gold in (storyline_set(), hand_set()):
        model = related.build(gold.docs, "en", weights)
        ours = {q: [s.id for s in model.suggest(model.position[q], 5)] for q in gold.relevance}
        ids = [d.id for d in gold.docs]
        plain = similarity.all_neighbours(
            [(d.id, f"{d.title}\n{d.text}") for d in gold.docs], k=5, min_score=0.0
        )
        rows = {
            "ours": ours,
            "recent": recent_baseline({d.id: d.day for d in gold.docs}),
            "yarpp": yarpp_baseline(
                [f"{d.title}\n{d.text}" for d in gold.docs],
                ids,
                [d.trend for d in gold.docs],
                FullTextTokens(stop_words("en")),
            ),
            "tfidf": {q: [n.id for n in plain[q]] for q in gold.relevance},
        }
        report[gold.name] = {
            name: {**mean_metrics({q: r[q] for q in gold.relevance}, gold.relevance)}
            for name, r in rows.items()
        }
        yarpp = report[gold.name]["yarpp"]["p_at_k"]
        report[gold.name]["ours_vs_yarpp"] = (
            round(report[gold.name]["ours"]["p_at_k"] / yarpp, 3) if yarpp else None
        )
    return report


GRID = {
    "names": (0.0, 0.25, 0.5, 1.0),
    "trend": (0.0, 0.04, 0.08, 0.15),
    "time": (0.0, 0.05, 0.1, 0.2),
    "time_scale": (14.0, 28.0, 56.0),
    "min_content": (0.05, 0.08, 0.12),
}


def tune(progress=None) -> tuple[related.Weights, dict]:
    """Grid search on both gold sets; the objective is the worse of the two P@5."""
    sets = [storyline_set(), hand_set()]
    base = related.Weights.tuned()
    # Fitting is the costly part and does not depend on the weights: fit once per set
    # and rescore with each candidate weighting.
    models = [related.build(g.docs, "en", base) for g in sets]
    best: tuple[float, float, related.Weights] | None = None
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        weights = replace(base, **dict(zip(keys, values, strict=True)))
        scores = []
        for gold, model in zip(sets, models, strict=True):
            model.weights = weights
            ranked = {
                q: [s.id for s in model.suggest(model.position[q], 5)] for q in gold.relevance
            }
            scores.append(mean_metrics(ranked, gold.relevance)["p_at_k"])
        key = (min(scores), sum(scores))
        if best is None or key > best[:2]:
            best = (*key, weights)
        if progress:
            progress(1)
    return best[2], {"worst_p_at_5": best[0], "sum_p_at_5": best[1]}
