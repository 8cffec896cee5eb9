"""Watchdesk's own archive format: JSON lines, lossless in both directions.

One JSON object per line, each with a ``type``: ``trend``, ``author`` or
``commentary``. Every record carries its translation key and language, so that
translations stay linked and importing the same file again changes nothing.
Exporting, importing into an empty database and exporting again gives the same file.
Live commentaries are exported (drafts stay with the office that wrote them).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from wagtail.images.models import Image
from wagtail.models import Locale

from watchdesk.importer.load import StopImport, Summary
from watchdesk.importer.sources import Source
from watchdesk.monitoring import actions, bootstrap, tree
from watchdesk.monitoring.models import (
    Author,
    CommentaryAuthor,
    CommentaryLink,
    CommentaryPage,
    CommentarySource,
    TrendIndexPage,
    TrendPage,
)

FORMAT_VERSION = 1
COMMENTARY_FIELDS = (
    "slug",
    "title",
    "verdict",
    "lead",
    "body",
    "photo_credit",
    "photo_caption",
    "date_flagged",
    "written_confidence",
    "date_evidence",
)


# --- export ---------------------------------------------------------------------------
def export_records() -> Iterator[dict]:
    """Every trend, author and live commentary, in a stable order."""
    for trend in TrendPage.objects.select_related("locale").order_by(
        "order", "translation_key", "locale__language_code"
    ):
        yield {
            "type": "trend",
            "version": FORMAT_VERSION,
            "key": str(trend.translation_key),
            "language": trend.locale.language_code,
            "slug": trend.slug,
            "title": trend.title,
            "description": trend.description,
            "order": trend.order,
        }
    for author in Author.objects.select_related("locale").order_by(
        "translation_key", "locale__language_code"
    ):
        yield {
            "type": "author",
            "key": str(author.translation_key),
            "language": author.locale.language_code,
            "name": author.name,
            "role": author.role,
        }
    pages = (
        CommentaryPage.objects.live()
        .select_related("locale", "trend", "photo")
        .prefetch_related("author_links__author", "sources", "links_out__to_page")
        .order_by("published_at", "translation_key", "locale__language_code")
    )
    for page in pages:
        record = {
            "type": "commentary",
            "key": str(page.translation_key),
            "language": page.locale.language_code,
            "trend": str(page.trend.translation_key) if page.trend else None,
            "published_at": page.published_at.isoformat() if page.published_at else None,
            "written_estimate": page.written_estimate.isoformat()
            if page.written_estimate
            else None,
            **{name: getattr(page, name) for name in COMMENTARY_FIELDS},
            "photo": {"file": page.photo.file.name, "title": page.photo.title}
            if page.photo
            else None,
            "authors": [
                str(link.author.translation_key)
                for link in sorted(page.author_links.all(), key=lambda link: link.sort_order)
            ],
            "sources": [s.url for s in sorted(page.sources.all(), key=lambda s: s.sort_order)],
            "links": sorted(
                (
                    {
                        "to": str(link.to_page.translation_key),
                        "language": page.locale.language_code,
                        "kind": link.kind,
                    }
                    for link in page.links_out.all()
                ),
                key=lambda link: (link["to"], link["kind"]),
            ),
        }
        yield record


def write_jsonl(stream: IO[str]) -> int:
    count = 0
    for record in export_records():
        stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


# --- import ---------------------------------------------------------------------------
class RecordError(ValueError):
    pass


SCHEMA = {
    "trend": {"key": str, "language": str, "slug": str, "title": str},
    "author": {"key": str, "language": str, "name": str},
    "commentary": {"key": str, "language": str, "trend": str, "slug": str, "title": str},
}
_NONE = type(None)
OPTIONAL = {
    "description": str,
    "order": int,
    "role": str,
    "verdict": str,
    "published_at": (str, _NONE),
    "written_estimate": (str, _NONE),
    "lead": (str, _NONE),
    "body": str,
    "photo_credit": str,
    "photo_caption": str,
    "date_flagged": bool,
    "written_confidence": (int, float, _NONE),
    "date_evidence": list,
    "photo": (dict, _NONE),
    "authors": list,
    "sources": list,
    "links": list,
}


def check_record(record: dict) -> None:
    """Field names and types of a record, with a message that names what is wrong."""
    for name, kind in SCHEMA[record["type"]].items():
        if not isinstance(record.get(name), kind) or not record[name]:
            raise RecordError(f"the {record['type']} record needs a non-empty {name!r}")
    for name, kind in OPTIONAL.items():
        if name in record and not isinstance(record[name], kind):
            raise RecordError(f"{name!r} has the wrong type")
    for name in ("authors", "sources"):
        if not all(isinstance(v, str) for v in record.get(name, [])):
            raise RecordError(f"{name!r} must be a list of strings")
    if not all(isinstance(v, dict) for v in record.get("links", [])):
        raise RecordError("'links' must be a list of objects")
    photo = record.get("photo")
    if photo is not None and not isinstance(photo.get("file"), str):
        raise RecordError("'photo' needs a 'file'")
    if record.get("verdict") not in (None, "improved", "unchanged", "worsened", "not_assessed"):
        raise RecordError(f"unknown verdict {record.get('verdict')!r}")


def _locale(code: str) -> Locale:
    if code not in dict(settings.LANGUAGES):
        raise RecordError(f"unknown language {code!r}")
    return Locale.objects.get_or_create(language_code=code)[0]


def _key(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RecordError(f"{value!r} is not a translation key") from None


def _trend_index(locale: Locale) -> TrendIndexPage:
    index = TrendIndexPage.objects.filter(locale=locale).first()
    if index is None:
        from watchdesk.sample.loader import site_data

        data = site_data()
        bootstrap.ensure_structure(data["site"], data["about"])
        index = TrendIndexPage.objects.filter(locale=locale).first()
    return index


def _apply_trend(record: dict) -> str:
    locale, key = _locale(record["language"]), _key(record["key"])
    page = TrendPage.objects.filter(translation_key=key, locale=locale).first()
    values = {
        "title": record["title"],
        "description": record.get("description", ""),
        "order": int(record.get("order", 0)),
    }
    if page is None:
        page = TrendPage(slug=record["slug"], translation_key=key, locale=locale, **values)
        _trend_index(locale).add_child(instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        return "imported"
    if all(getattr(page, k) == v for k, v in values.items()) and page.slug == record["slug"]:
        return "unchanged"
    for k, v in values.items():
        setattr(page, k, v)
    page.slug = record["slug"]
    page.save_revision(log_action=False).publish(log_action=False)
    return "updated"


def _apply_author(record: dict) -> str:
    locale, key = _locale(record["language"]), _key(record["key"])
    values = {"name": record["name"], "role": record.get("role", "")}
    author, created = Author.objects.get_or_create(
        translation_key=key, locale=locale, defaults=values
    )
    if created:
        return "imported"
    if all(getattr(author, k) == v for k, v in values.items()):
        return "unchanged"
    Author.objects.filter(pk=author.pk).update(**values)
    return "updated"


def _commentary_values(record: dict) -> dict:
    values = {name: record.get(name) for name in COMMENTARY_FIELDS}
    values["date_evidence"] = values["date_evidence"] or []
    values["lead"] = values["lead"] or ""
    values["published_at"] = (
        dt.datetime.fromisoformat(record["published_at"]) if record.get("published_at") else None
    )
    values["written_estimate"] = (
        dt.date.fromisoformat(record["written_estimate"])
        if record.get("written_estimate")
        else None
    )
    values["photo"] = _image(record.get("photo"))
    return values


def _image(photo: dict | None) -> Image | None:
    """The image a record names: known to the archive, or a file in media storage that an
    export's media folder brought along; otherwise none."""
    if not photo:
        return None
    found = Image.objects.filter(file=photo["file"]).first()
    if found is None and default_storage.exists(photo["file"]):
        from PIL import Image as Picture

        with default_storage.open(photo["file"]) as stream:
            width, height = Picture.open(stream).size
        found = Image(title=photo.get("title") or photo["file"], width=width, height=height)
        found.file.name = photo["file"]
        found.save()
    return found


def _apply_commentary(record: dict, pending_links: list) -> str:
    locale, key = _locale(record["language"]), _key(record["key"])
    trend = TrendPage.objects.filter(translation_key=_key(record["trend"]), locale=locale).first()
    if trend is None:
        raise RecordError("its trend is not in the archive or earlier in the file")
    values = _commentary_values(record)
    page = CommentaryPage.objects.filter(translation_key=key, locale=locale).first()
    if page is None:
        page = CommentaryPage(translation_key=key, locale=locale, trend=trend, **values)
        tree.add_live_children(trend, [page])
        outcome = "imported"
    else:
        changed = {k: v for k, v in values.items() if getattr(page, k) != v}
        if not changed and page.trend_id == trend.pk:
            outcome = "unchanged"
        else:
            page.write_in_place(values)
            outcome = "updated"
    authors = [
        Author.objects.filter(translation_key=_key(a), locale=locale).first()
        for a in record.get("authors", [])
    ]
    if any(a is None for a in authors):
        raise RecordError("an author is not in the archive or earlier in the file")
    current = list(
        CommentaryAuthor.objects.filter(page=page)
        .order_by("sort_order")
        .values_list("author_id", flat=True)
    )
    if current != [a.pk for a in authors]:
        CommentaryAuthor.objects.filter(page=page).delete()
        CommentaryAuthor.objects.bulk_create(
            CommentaryAuthor(page=page, author=a, sort_order=n) for n, a in enumerate(authors)
        )
        outcome = "updated" if outcome == "unchanged" else outcome
    urls = list(
        CommentarySource.objects.filter(page=page)
        .order_by("sort_order")
        .values_list("url", flat=True)
    )
    if urls != record.get("sources", []):
        from watchdesk.analysis.urls import canonical_url

        CommentarySource.objects.filter(page=page).delete()
        CommentarySource.objects.bulk_create(
            CommentarySource(page=page, url=u, canonical=canonical_url(u) or "", sort_order=n)
            for n, u in enumerate(record.get("sources", []))
        )
        outcome = "updated" if outcome == "unchanged" else outcome
    pending_links.extend((page, link) for link in record.get("links", []))
    return outcome


APPLY = {"trend": _apply_trend, "author": _apply_author}


def _records(source: Source, summary: Summary) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate((source.text or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            summary.failures.append(f"{source.origin}:{number}: not JSON ({exc.msg})")
            summary.counts["failed"] += 1
            continue
        if not isinstance(record, dict) or record.get("type") not in (
            "trend",
            "author",
            "commentary",
        ):
            summary.failures.append(
                f"{source.origin}:{number}: not a trend, author or commentary record"
            )
            summary.counts["failed"] += 1
            continue
        yield number, record


def load_jsonl(source: Source, summary: Summary, *, keep_going: bool) -> None:
    pending_links: list = []
    touched: set[int] = set()
    for number, record in _records(source, summary):
        try:
            check_record(record)
            with transaction.atomic():
                if record["type"] == "commentary":
                    outcome = _apply_commentary(record, pending_links)
                    touched.add(
                        TrendPage.objects.get(
                            translation_key=record["trend"],
                            locale__language_code=record["language"],
                        ).pk
                    )
                else:
                    outcome = APPLY[record["type"]](record)
        except (
            RecordError,
            KeyError,
            TypeError,
            ValueError,
            ValidationError,
            DatabaseError,
        ) as exc:
            reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            summary.failures.append(f"{source.origin}:{number}: {reason}")
            summary.counts["failed"] += 1
            if not keep_going:
                summary.stopped = True
                raise StopImport(reason) from exc
            continue
        summary.counts[outcome] += 1
    for page, link in pending_links:
        target = CommentaryPage.objects.filter(
            translation_key=link.get("to"), locale__language_code=link.get("language")
        ).first()
        if target is not None:
            CommentaryLink.objects.get_or_create(
                from_page=page, to_page=target, kind=link.get("kind")
            )
    if touched:
        actions.after_bulk_load(touched)
        actions.rebuild_similar(
            set(TrendPage.objects.filter(pk__in=touched).values_list("locale_id", flat=True))
        )
