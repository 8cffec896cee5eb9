"""The search gold set (sample/gold/search.json) measured against the live index."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources

from django.utils import timezone

from watchdesk.monitoring.models import CommentaryPage, TrendPage
from watchdesk.monitoring.models.pages import plain_text
from watchdesk.search import engine


@dataclass
class Outcome:
    query: str
    filters: dict
    precision: float | None = None
    recall: float | None = None
    suggestion_ok: bool | None = None
    detail: str = ""


def gold() -> list[dict]:
    raw = resources.files("watchdesk.sample").joinpath("gold", "search.json").read_text("utf-8")
    return json.loads(raw)["queries"]


def _filters(spec: dict) -> engine.Filters:
    trend = spec.get("trend", "")
    key = ""
    if trend:
        key = str(TrendPage.objects.filter(slug=trend).values_list("translation_key", flat=True)[0])
    return engine.Filters(
        language=spec.get("language", ""),
        trend_key=key,
        verdict=spec.get("verdict", ""),
        since=dt.date.fromisoformat(spec["since"]) if spec.get("since") else None,
        until=dt.date.fromisoformat(spec["until"]) if spec.get("until") else None,
    )


def _relevant(entry: dict, docs: list[tuple]) -> set[int]:
    spec = entry.get("filters", {})
    out = set()
    for pk, language, trend, verdict, day, text in docs:
        if spec.get("language") and language != spec["language"]:
            continue
        if spec.get("trend") and trend != spec["trend"]:
            continue
        if spec.get("verdict") and verdict != spec["verdict"]:
            continue
        if spec.get("since") and day < dt.date.fromisoformat(spec["since"]):
            continue
        if spec.get("until") and day > dt.date.fromisoformat(spec["until"]):
            continue
        if all(any(s in text for s in group) for group in entry["all_of"]):
            out.add(pk)
    return out


def evaluate() -> list[Outcome]:
    docs = [
        (
            p.pk,
            p.locale.language_code,
            p.trend.slug if p.trend else "",
            p.verdict,
            timezone.localtime(p.published_at).date(),
            f"{p.title}\n{plain_text(p.lead, p.body)}".lower(),
        )
        for p in CommentaryPage.objects.live().select_related("locale", "trend")
    ]
    outcomes = []
    for entry in gold():
        spec = entry.get("filters", {})
        filters = _filters(spec)
        outcome = Outcome(entry["q"], spec)
        found: list[int] = []
        results = None
        for page in range(1, engine.MAX_PAGE + 1):
            results = engine.search(entry["q"], filters, page)
            found += [hit.item.id for hit in results.hits]
            if not results.has_next:
                break
        if "suggest" in entry:
            expected = entry["suggest"]
            expected = [expected] if isinstance(expected, str) else expected
            outcome.suggestion_ok = results.suggestion in expected
            outcome.detail = f"suggested {results.suggestion!r}"
        else:
            relevant = _relevant(entry, docs)
            hits = set(found)
            outcome.precision = len(hits & relevant) / len(hits) if hits else 0.0
            outcome.recall = len(hits & relevant) / len(relevant) if relevant else 1.0
            outcome.detail = f"{len(hits)} found, {len(relevant)} relevant"
        outcomes.append(outcome)
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    ranked = [o for o in outcomes if o.precision is not None]
    suggested = [o for o in outcomes if o.suggestion_ok is not None]
    return {
        "queries": len(outcomes),
        "mean_precision": round(sum(o.precision for o in ranked) / len(ranked), 4),
        "mean_recall": round(sum(o.recall for o in ranked) / len(ranked), 4),
        "min_recall": round(min(o.recall for o in ranked), 4),
        "suggestions_right": round(sum(o.suggestion_ok for o in suggested) / len(suggested), 4),
    }
