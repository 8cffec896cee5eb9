"""An import run: read sources, parse and normalise (in parallel), date-check, load."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from watchdesk.analysis.dating import assess, estimate_written, migration_clusters
from watchdesk.importer.feed import parse_feed
from watchdesk.importer.html import parse_html
from watchdesk.importer.items import ParseResult
from watchdesk.importer.load import CHUNK, Loader, StopImport, Summary
from watchdesk.importer.normalise import Candidate, TrendMap, normalise
from watchdesk.importer.sources import Source, iter_sources
from watchdesk.importer.text import parse_text_dump
from watchdesk.monitoring import search_index

PARSERS = {"text": parse_text_dump, "html": parse_html, "feed": parse_feed}
# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 200

Progress = Callable[[int], None]


@dataclass
class Bars:
    """Progress callbacks: ``start(label, total)`` returns the ``advance(n)`` callback."""

    start: Callable[[str, int], Progress]
    close: Callable[[], None]


def parse_source(source: Source, tz_name: str) -> ParseResult:
    """One source file → its items."""
    if source.text is None:
        return ParseResult([], [f"{source.origin}: {source.error}"])
    parser = PARSERS.get(source.format)
    if parser is None:
        return ParseResult([], [f"{source.origin}: no parser for the {source.format} format"])
    return parser(source.text, tz=ZoneInfo(tz_name), origin=source.origin)


@dataclass(frozen=True)
class Prepare:
    """Parse and normalise one source (picklable, so that worker processes can run it)."""

    tz_name: str
    trend_map: TrendMap | None
    aliases: dict[str, str]

    def __call__(self, source: Source) -> tuple[list[Candidate], list[str]]:
        result = parse_source(source, self.tz_name)
        tz = ZoneInfo(self.tz_name)
        candidates: list[Candidate] = []
        for item in result.items:
            parent = candidates[item.listed_under] if item.listed_under is not None else None
            candidates.append(
                normalise(
                    item,
                    fmt=source.format,
                    tz=tz,
                    trend_map=self.trend_map,
                    aliases=self.aliases,
                    parent_trend=parent.trend if parent else None,
                )
            )
        return candidates, result.problems


def _estimate(job: tuple[str, object, bool, bool]):
    text, stated, trusted, clustered = job
    estimate = estimate_written(text, stated=stated, stated_trusted=trusted)
    return estimate, assess(stated, estimate, in_migration_cluster=clustered)


def date_candidates(candidates: list[Candidate], mapper=map) -> None:
    """Estimate writing dates; flag stated dates the text contradicts or that share a
    migration timestamp with many other items of the batch."""
    clusters = migration_clusters([c.published_at for c in candidates])
    todo = [n for n, c in enumerate(candidates) if not c.problems]
    jobs = [
        (
            candidates[n].text,
            candidates[n].published_at.date() if candidates[n].published_at else None,
            n not in clusters,
            n in clusters,
        )
        for n in todo
    ]
    for n, (estimate, verdict) in zip(todo, mapper(_estimate, jobs), strict=True):
        cand = candidates[n]
        cand.date_flagged = verdict.flagged
        if verdict.flagged or n in clusters:
            cand.written_estimate = estimate.date
            cand.written_confidence = estimate.confidence
            cand.date_evidence = [verdict.reason, *estimate.evidence][:10]
            if verdict.flagged:
                cand.warnings.append(f"date flagged: {verdict.reason}")


def prepare_all(
    sources: list[Source],
    prepare: Prepare,
    *,
    pool: Executor | None,
    bars: Bars | None,
) -> tuple[list[Candidate], list[str]]:
    advance = bars.start("Reading", len(sources)) if bars else None
    mapped = pool.map(prepare, sources, chunksize=16) if pool else map(prepare, sources)
    candidates: list[Candidate] = []
    problems: list[str] = []
    for found, trouble in mapped:
        first = len(candidates)
        for cand in found:
            if cand.listed_under is not None:
                cand.listed_under += first  # a position within the whole run
        candidates.extend(found)
        problems.extend(trouble)
        if advance:
            advance(1)
    date_candidates(
        candidates, mapper=(lambda f, jobs: pool.map(f, jobs, chunksize=64)) if pool else map
    )
    return candidates, problems


def run_import(
    paths: list[str],
    *,
    fmt: str = "auto",
    trend_map: TrendMap | None = None,
    aliases: dict[str, str] | None = None,
    dry_run: bool = False,
    keep_going: bool = False,
    bars: Bars | None = None,
    workers: int | None = None,
    stdin=None,
) -> Summary:
    """Import every source under ``paths``; see ``Loader`` for what happens to each item."""
    sources = list(iter_sources(paths, fmt, stdin=stdin))
    jsonl = [s for s in sources if s.format == "jsonl"]
    others = [s for s in sources if s.format != "jsonl"]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    prepare = Prepare(settings.TIME_ZONE, trend_map, aliases or {})
    parallel = workers > 1 and len(others) >= PARALLEL_FROM
    with ProcessPoolExecutor(max_workers=workers) if parallel else nullcontext() as pool:
        candidates, problems = prepare_all(others, prepare, pool=pool, bars=bars)
    loader = Loader(keep_going=keep_going)
    summary = loader.summary
    for problem in problems:
        summary.counts["failed"] += 1
        summary.failures.append(problem)
    if problems and not keep_going:
        summary.stopped = True
        return summary
    # A dry run goes through every step inside one transaction that is rolled back;
    # a real run commits chunk by chunk (see Loader).
    with transaction.atomic() if dry_run else nullcontext(), search_index.deferred():
        try:
            if jsonl:
                from watchdesk.importer.jsonl import load_jsonl

                for source in jsonl:
                    load_jsonl(source, summary, keep_going=keep_going)
            advance = bars.start("Importing", len(candidates)) if bars else None
            for start in range(0, len(candidates), CHUNK):
                chunk = candidates[start : start + CHUNK]
                loader.load_chunk(start, chunk)
                if advance:
                    advance(len(chunk))
        except StopImport:
            pass
        loader.finish()
        if dry_run:
            transaction.set_rollback(True)
    if bars:
        bars.close()
    return summary
