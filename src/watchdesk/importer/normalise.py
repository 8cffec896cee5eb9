"""Parsed items → import candidates: verdict codes, zones, weeks, trends, keys, dates.

No database here: the loader decides what a candidate means for the archive
(new, changed, unchanged, a duplicate of something already there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from watchdesk.analysis import dedup
from watchdesk.analysis.dates import parse_week_label, resolve_week_label
from watchdesk.analysis.language import detect_language
from watchdesk.analysis.urls import canonical_url
from watchdesk.analysis.verdicts import parse_verdict
from watchdesk.analysis.weeks import Week
from watchdesk.importer.clean import paragraphs_html, safe_html
from watchdesk.importer.items import SourceItem

TREND_KEYS_HINT = "ruling-elite, society, security, belarus-west, belarus-russia"


class TrendMapError(ValueError):
    pass


@dataclass
class TrendMap:
    """Source categories (any language) and source files → trend slugs."""

    categories: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _norm(name: str) -> str:
        return " ".join(name.replace("–", "-").replace("—", "-").lower().split())

    @classmethod
    def load(cls, path: str) -> TrendMap:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise TrendMapError(
                f"cannot read the trend map {path}: {exc.strerror or exc}"
            ) from None
        except json.JSONDecodeError as exc:
            raise TrendMapError(f"the trend map {path} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise TrendMapError(f"the trend map {path} must be a JSON object of category → trend")
        files = data.pop("files", {}) or {}
        titles = data.pop("titles", {}) or {}
        if not isinstance(files, dict) or not all(
            isinstance(v, str) for v in [*data.values(), *files.values(), *titles.values()]
        ):
            raise TrendMapError(
                f"the trend map {path}: every value must be a trend slug ({TREND_KEYS_HINT})"
            )
        return cls(
            {cls._norm(k): v for k, v in data.items()},
            dict(files),
            {cls._norm(k): v for k, v in titles.items()},
        )

    def trend_for(self, category: str, origin: str, title: str = "") -> str | None:
        """The trend for an item: by its own title, its category, then its source file."""
        if title and (found := self.titles.get(self._norm(title))):
            return found
        if category and (found := self.categories.get(self._norm(category))):
            return found
        path = re.sub(r"(#.*|:\d+)$", "", origin)
        for name, trend in self.files.items():
            if path == name or path.endswith("/" + name) or Path(path).name == name:
                return trend
        return None


@dataclass
class Candidate:
    key: str
    content_hash: str
    origin: str
    format: str
    raw: str
    title: str
    language: str
    trend: str | None
    verdict: str
    verdict_phrase: str
    published_at: dt.datetime | None
    credit: str
    caption: str
    body_html: str
    text: str
    authors: list[str]
    urls: list[str]
    canonical_urls: list[str]
    listed_under: int | None  # index into the batch
    signature: np.ndarray
    problems: list[str] = field(default_factory=list)  # fatal: the item is not imported
    warnings: list[str] = field(default_factory=list)
    written_estimate: dt.date | None = None
    written_confidence: float | None = None
    date_evidence: list[str] = field(default_factory=list)
    date_flagged: bool = False

    @property
    def week_start(self) -> dt.date | None:
        if self.published_at is None:
            return None
        return Week.covered_by_release(self.published_at.date()).start


def occurrence(origin: str) -> str:
    """A short, stable id of where an item was found (absolute file path + position)."""
    match = re.match(r"^(.*?)((?:#|:\d+$).*)?$", origin)
    path, suffix = (match.group(1), match.group(2) or "") if match else (origin, "")
    where = path if path == "-" else os.path.abspath(path)
    return hashlib.sha1(f"{where}{suffix}".encode()).hexdigest()[:16]  # noqa: S324 - an id, not security


def content_hash(*parts: object) -> str:
    """A fingerprint of everything an item says, insensitive to whitespace."""
    normal = " ".join(" ".join(str(p) for p in parts).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def normalise(
    item: SourceItem,
    *,
    fmt: str,
    tz: ZoneInfo,
    trend_map: TrendMap | None,
    aliases: dict[str, str] | None = None,
    parent_trend: str | None = None,
) -> Candidate:
    problems = list(item.problems)
    warnings: list[str] = []
    title = " ".join(item.title.split())
    text = item.text
    reading = parse_verdict(item.verdict_phrase)
    if reading.warning:
        warnings.append(reading.warning)
    published = item.published_at
    if published is not None:
        published = published if published.tzinfo else published.replace(tzinfo=tz)
        published = published.astimezone(tz)
    if item.week_label and published is not None:
        label = parse_week_label(item.week_label)
        resolved = resolve_week_label(label, published.date()) if label else None
        derived = Week.covered_by_release(published.date()).start
        if resolved is None:
            warnings.append(f"the week label {item.week_label!r} does not fit the publication date")
        elif resolved != derived:
            warnings.append(
                f"the week label {item.week_label!r} is the week of {resolved}; "
                f"the publication date gives the week of {derived}"
            )
    trend = trend_map.trend_for(item.category, item.origin, title) if trend_map else None
    if trend is None and item.listed_under is not None:
        trend = parent_trend
    if trend is None:
        if item.category:
            problems.append(f"unknown category {item.category!r}: add it to the trend map")
        else:
            problems.append("no trend: give the source file a trend in the trend map")
    canonical = [c for c in (canonical_url(u, aliases=aliases) for u in item.urls) if c]
    digest = content_hash(
        title,
        text,
        reading.verdict,
        published,
        item.credit,
        item.caption,
        item.category,
        item.authors,
    )
    # One record per occurrence: the same article saved twice keeps both raw sources,
    # and importing the same file again finds its records.
    base = f"url:{canonical[0]}" if canonical else f"text:{digest[:40]}"
    key = f"{base}@{occurrence(item.origin)}"
    body_html = safe_html(item.body_html) if item.body_html else paragraphs_html(item.paragraphs)
    # The text's own script decides: saved pages often declare the site's language,
    # not the article's.
    language = detect_language(f"{title}\n{text}") if (title or text) else (item.language or "en")
    return Candidate(
        key=key,
        content_hash=digest,
        origin=item.origin,
        format=fmt,
        raw=item.raw,
        title=title[:255],
        language=language,
        trend=trend,
        verdict=reading.verdict,
        verdict_phrase=reading.phrase,
        published_at=published,
        credit=item.credit[:255],
        caption=item.caption[:500],
        body_html=body_html,
        text=text,
        authors=[a[:120] for a in item.authors if a],
        urls=list(dict.fromkeys(item.urls)),
        canonical_urls=list(dict.fromkeys(canonical)),
        listed_under=item.listed_under,
        signature=dedup.signature(f"{title}\n{text}"),
        problems=problems,
        warnings=warnings,
    )
