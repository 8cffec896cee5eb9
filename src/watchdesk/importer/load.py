"""Putting import candidates into the archive, each item whole or not at all.

For every candidate, in source order, the loader decides:

- **unchanged** — this occurrence (same source, same canonical address or text) was
  imported before with the same content; only new address variants are added;
- **updated** — same occurrence, different content: the commentary is brought up to date;
- **merged** — another copy of a commentary already in the archive (an address variant,
  or a near-identical text): the commentary keeps every source address;
- **imported** — new: a live commentary under its trend, in its language;
- **failed** — reported with its source and the reason; nothing of it is written but
  the record of the failure with its raw text.

Every outcome leaves an ``ImportRecord`` with the item's raw source.

Items are written in chunks, one transaction per chunk, which is what makes a large
import fast; when anything in a chunk fails, the chunk is rolled back and its items
are written again one transaction each, so a bad item never takes its neighbours
with it and is never half-written.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from watchdesk.analysis import dedup
from watchdesk.analysis.urls import canonical_url
from watchdesk.importer.models import ImportRecord
from watchdesk.importer.normalise import Candidate
from watchdesk.monitoring import actions, bootstrap, tree
from watchdesk.monitoring.models import (
    Author,
    CommentaryAuthor,
    CommentaryLink,
    CommentaryPage,
    CommentarySource,
    TrendPage,
)

Progress = Callable[[int], None]
OUTCOMES = ("imported", "updated", "unchanged", "merged", "failed")
CHUNK = 200


class StopImport(Exception):
    """Raised to end a run at the first failure (without --keep-going)."""


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flagged_dates: list[str] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        return ", ".join(f"{self.counts[o]} {o}" for o in OUTCOMES)


class Pending:
    """A commentary this chunk will create; its page id is known once it is written."""

    def __init__(self) -> None:
        self.page_id: int | None = None


@dataclass
class Step:
    index: int
    cand: Candidate
    outcome: str = ""
    target: int | Pending | None = None
    record: ImportRecord | None = None

    @property
    def page_id(self) -> int:
        target = self.target
        return target.page_id if isinstance(target, Pending) else target


class Loader:
    def __init__(self, *, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.summary = Summary()
        self.locales = bootstrap.ensure_locales()
        self.trends: dict[tuple[str, str], TrendPage] = {}
        self.authors: dict[tuple[str, int], Author] = {}
        self.index = dedup.Index()
        self.touched_trends: set[int] = set()
        self.pages_by_batch: dict[int, int] = {}
        self._load_signatures()

    # --- setup --------------------------------------------------------------------
    def _load_signatures(self) -> None:
        import numpy as np

        rows = ImportRecord.objects.exclude(page=None).exclude(signature=None)
        for page_id, language, signature in rows.values_list(
            "page_id", "page__locale__language_code", "signature"
        ):
            self.index.add((page_id, language), np.frombuffer(bytes(signature), dtype=np.uint64))

    def _trend(self, key: str, language: str) -> TrendPage:
        cached = self.trends.get((key, language))
        if cached is not None:
            return cached
        source = TrendPage.objects.filter(
            slug=key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        if source is None:
            raise LookupError(
                f"there is no trend {key!r}; create it in the admin or fix the trend map"
            )
        page = source.get_translation_or_none(self.locales[language])
        if page is None:
            # The trend exists; give it a version in this language (editors rename it).
            page = bootstrap.translate(source, self.locales[language])
        self.trends[(key, language)] = page.specific
        return self.trends[(key, language)]

    # --- entry points ---------------------------------------------------------------
    def load(self, index: int, cand: Candidate) -> None:
        self.load_chunk(index, [cand])

    def load_chunk(self, start: int, chunk: list[Candidate]) -> None:
        """Write a run of consecutive candidates (batch positions start, start+1, …)."""
        steps: list[Step] = []
        for offset, cand in enumerate(chunk):
            if cand.problems:
                self._write(steps)
                steps = []
                self._fail(cand, "; ".join(cand.problems))  # raises StopImport unless keep_going
                continue
            steps.append(Step(start + offset, cand))
        self._write(steps)

    def _write(self, steps: list[Step]) -> None:
        if not steps:
            return
        self._added: list = []
        try:
            with transaction.atomic():
                self._apply(steps)
        except (LookupError, ValueError, DatabaseError) as exc:
            for key in self._added:  # what the rolled-back transaction would have created
                self.index.remove(key)
            if len(steps) > 1:
                # Find the bad item: each again in its own transaction.
                for step in steps:
                    self._write([Step(step.index, step.cand)])
                return
            self._fail(steps[0].cand, str(exc))
            return
        for step in steps:
            cand = step.cand
            self.pages_by_batch[step.index] = step.page_id
            self.summary.counts[step.outcome] += 1
            self.summary.warnings += [f"{cand.origin}: {w}" for w in cand.warnings]
            if cand.date_flagged:
                self.summary.flagged_dates.append(f"{cand.origin}: {cand.title}")

    def _fail(self, cand: Candidate, reason: str) -> None:
        self.summary.counts["failed"] += 1
        self.summary.failures.append(f"{cand.origin}: {reason}")
        with transaction.atomic():
            ImportRecord.objects.update_or_create(
                key=f"failed:{cand.origin}"[:700],
                defaults={
                    "page": None,
                    "status": ImportRecord.Status.FAILED,
                    "origin": cand.origin[:1000],
                    "format": cand.format,
                    "raw": cand.raw,
                    "content_hash": cand.content_hash,
                    "problems": [reason],
                },
            )
        if not self.keep_going:
            self.summary.stopped = True
            raise StopImport(reason)

    # --- one transaction ------------------------------------------------------------
    def _apply(self, steps: list[Step]) -> None:
        self._decide(steps)
        self._create([s for s in steps if s.outcome == "imported"])
        for step in steps:
            if step.outcome == "updated":
                self._update(step.page_id, step.cand)
        self._set_authors([s for s in steps if s.outcome in {"imported", "updated"}])
        self._add_sources(steps)
        self._link(steps)
        self._records(steps)

    def _decide(self, steps: list[Step]) -> None:
        """What each candidate is: already known, another copy, or new."""
        records = {
            r.key: r for r in ImportRecord.objects.filter(key__in=[s.cand.key for s in steps])
        }
        wanted = {c for s in steps for c in s.cand.canonical_urls}
        by_address: dict[str, int | Pending] = dict(
            CommentarySource.objects.filter(canonical__in=wanted).values_list(
                "canonical", "page_id"
            )
        )
        for step in steps:
            cand = step.cand
            step.record = records.get(cand.key)
            if step.record is not None and step.record.page_id is not None:
                step.target = step.record.page_id
                if step.record.content_hash == cand.content_hash:
                    step.outcome = "unchanged"
                elif step.record.status == ImportRecord.Status.MERGED:
                    step.outcome = "merged"  # a second copy changed; the commentary keeps its text
                else:
                    step.outcome = "updated"
                continue
            target = next((by_address[c] for c in cand.canonical_urls if c in by_address), None)
            if target is None:
                target = self._near_duplicate(cand)
            if target is not None:
                step.target, step.outcome = target, "merged"
                continue
            step.target, step.outcome = Pending(), "imported"
            for address in cand.canonical_urls:
                by_address[address] = step.target
            self.index.add((step.target, cand.language), cand.signature)
            self._added.append((step.target, cand.language))

    def _near_duplicate(self, cand: Candidate) -> int | Pending | None:
        match = self.index.best_match(cand.signature)
        if match is None:
            return None
        (target, language), score = match
        if language != cand.language:
            return None
        if score >= dedup.MERGE:
            return target
        if score >= dedup.REPORT:
            page_id = target.page_id if isinstance(target, Pending) else target
            title = (
                CommentaryPage.objects.filter(pk=page_id).values_list("title", flat=True).first()
            )
            cand.warnings.append(
                f"possibly a duplicate of “{title or 'an item above'}” (similarity {score:.2f}); "
                "imported separately"
            )
        return None

    def _fields(self, cand: Candidate) -> dict:
        return {
            "title": cand.title,
            "verdict": cand.verdict,
            "published_at": cand.published_at,
            "body": cand.body_html,
            "photo_credit": cand.credit,
            "photo_caption": cand.caption,
            "date_flagged": cand.date_flagged,
            "written_estimate": cand.written_estimate,
            "written_confidence": cand.written_confidence,
            "date_evidence": cand.date_evidence,
        }

    def _create(self, steps: list[Step]) -> None:
        by_parent: dict[int, tuple[TrendPage, list[Step]]] = {}
        for step in steps:
            trend = self._trend(step.cand.trend, step.cand.language)
            by_parent.setdefault(trend.pk, (trend, []))[1].append(step)
        for trend, group in by_parent.values():
            taken = set(CommentaryPage.objects.child_of(trend).values_list("slug", flat=True))
            pages = []
            for step in group:
                cand = step.cand
                pages.append(
                    CommentaryPage(
                        slug=_free_slug(cand, taken),
                        locale=self.locales[cand.language],
                        trend=trend,
                        translation_key=uuid.uuid4(),
                        **self._fields(cand),
                    )
                )
            tree.add_live_children(trend, pages)
            for step, page in zip(group, pages, strict=True):
                step.target.page_id = page.pk
            self.touched_trends.add(trend.pk)

    def _update(self, page_id: int, cand: Candidate) -> None:
        page = CommentaryPage.objects.get(pk=page_id)
        page.write_in_place(self._fields(cand))
        self.touched_trends.add(page.trend_id)

    def _author(self, name: str, language: str) -> Author:
        locale = self.locales[language]
        key = (name, locale.pk)
        if key not in self.authors:
            author = Author.objects.filter(name=name, locale=locale).first()
            self.authors[key] = author or Author.objects.create(name=name, locale=locale)
        return self.authors[key]

    def _set_authors(self, steps: list[Step]) -> None:
        if not steps:
            return
        CommentaryAuthor.objects.filter(
            page_id__in=[s.page_id for s in steps if s.outcome == "updated"]
        ).delete()
        CommentaryAuthor.objects.bulk_create(
            CommentaryAuthor(
                page_id=step.page_id, author=self._author(name, step.cand.language), sort_order=n
            )
            for step in steps
            for n, name in enumerate(step.cand.authors)
        )

    def _add_sources(self, steps: list[Step]) -> None:
        known: dict[int, set[str]] = defaultdict(set)
        counts: Counter = Counter()
        for page_id, url in CommentarySource.objects.filter(
            page_id__in={s.page_id for s in steps}
        ).values_list("page_id", "url"):
            known[page_id].add(url)
            counts[page_id] += 1
        new = []
        for step in steps:
            for url in step.cand.urls:
                address = canonical_url(url)
                if address and url not in known[step.page_id]:
                    known[step.page_id].add(url)
                    new.append(
                        CommentarySource(
                            page_id=step.page_id,
                            url=url[:2000],
                            canonical=address[:2000],
                            sort_order=counts[step.page_id],
                        )
                    )
                    counts[step.page_id] += 1
        CommentarySource.objects.bulk_create(new)

    def _link(self, steps: list[Step]) -> None:
        pairs = set()
        for step in steps:
            self.pages_by_batch[step.index] = step.page_id
            parent = (
                self.pages_by_batch.get(step.cand.listed_under)
                if step.cand.listed_under is not None
                else None
            )
            if parent is not None and parent != step.page_id:
                pairs.add((parent, step.page_id))
        if not pairs:
            return
        kind = CommentaryLink.Kind.LISTED_SIMILAR
        existing = set(
            CommentaryLink.objects.filter(
                kind=kind, to_page_id__in={b for _, b in pairs}
            ).values_list("from_page_id", "to_page_id")
        )
        CommentaryLink.objects.bulk_create(
            CommentaryLink(from_page_id=a, to_page_id=b, kind=kind) for a, b in pairs - existing
        )

    def _records(self, steps: list[Step]) -> None:
        changed, new = [], []
        for step in steps:
            cand = step.cand
            values = {
                "page_id": step.page_id,
                "origin": cand.origin[:1000],
                "format": cand.format,
                "raw": cand.raw,
                "content_hash": cand.content_hash,
                "signature": cand.signature.tobytes(),
                "problems": cand.warnings,
            }
            if step.record is not None:
                record = step.record
                if step.outcome != "unchanged":
                    record.status = step.outcome
                for name, value in values.items():
                    setattr(record, name, value)
                changed.append(record)
            else:
                new.append(ImportRecord(key=cand.key[:700], status=step.outcome, **values))
        ImportRecord.objects.bulk_create(new)
        ImportRecord.objects.bulk_update(
            changed,
            ["status", "page", "origin", "format", "raw", "content_hash", "signature", "problems"],
        )
        ImportRecord.objects.filter(
            key__in=[f"failed:{s.cand.origin}"[:700] for s in steps]
        ).delete()

    # --- end of a run -------------------------------------------------------------
    def finish(self) -> None:
        """Derived data for everything touched: trends' latest items, similar lists."""
        if not self.touched_trends:
            return
        actions.after_bulk_load(self.touched_trends)
        locales = set(
            TrendPage.objects.filter(pk__in=self.touched_trends).values_list("locale_id", flat=True)
        )
        actions.rebuild_similar(locales)


def _free_slug(cand: Candidate, taken: set[str]) -> str:
    base = slugify(cand.title)[:80].strip("-") or "commentary"
    slug, n = base, 2
    if slug in taken and cand.published_at:
        slug = f"{base}-{cand.published_at:%Y-%m-%d}"
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
