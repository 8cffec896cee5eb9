"""Similar-article lists in the database, from the engine in ``analysis.related``.

Each language has a fitted model, kept in the process and in a snapshot file under
the data directory (refitted by ``watchdesk related rebuild``, caught up with what
was published since whenever it is loaded). Publishing, changing, withdrawing or
deleting a commentary updates, in the same transaction, its own list and every list
it enters or leaves. Pages only read the stored lists.

A list is composed, for a commentary, from: the commentaries an editor pinned; on a
Russian or Belarusian page, the translations of its English original's similar
articles; then its own language's suggestions — never an excluded one, never more
than five.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from watchdesk.analysis import related
from watchdesk.monitoring.models import (
    CommentaryPage,
    SimilarCommentary,
    SimilarExclusion,
    SimilarPin,
)

K = 5
Progress = Callable[[int], None]
_models: dict[str, _Entry] = {}
_lock = threading.RLock()
logger = logging.getLogger(__name__)


# --- documents -------------------------------------------------------------------------
def _text(title: str, lead: str, body: str) -> str:
    return "\n\n".join(p for p in (title, lead, strip_tags(body.replace("</p>", "</p>\n"))) if p)


def _doc(pk, title, lead, body, trend_id, published_at) -> related.Doc:
    day = timezone.localtime(published_at or timezone.now()).date()
    # A commentary without a trend shares it with no other (no "same trend" bonus).
    return related.Doc(pk, _text(title, lead, body), trend_id or -pk, day.toordinal())


_DOC_FIELDS = ("pk", "title", "lead", "body", "trend_id", "published_at")


def live_docs(language: str) -> Iterable[related.Doc]:
    rows = (
        CommentaryPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("pk")
        .values_list(*_DOC_FIELDS)
        .iterator(chunk_size=2000)
    )
    return (_doc(*row) for row in rows)


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


# --- models: in the process, in a snapshot file ---------------------------------------
# A snapshot is: a 64-hex-digit HMAC (keyed by SECRET_KEY, which does not live in the
# data directory), the fit time as 20 ASCII digits (microseconds), then the pickle.
# A file that fails the check, another format or other weights is ignored and refitted.
FORMAT = 3
SMALL = 5000  # below this many fitted commentaries, refit whenever the archive grew 10%


@dataclass
class _Entry:
    model: related.Model
    fitted: int  # when the fit started reading the database (µs since the epoch)
    synced: dt.datetime  # the database state the model reflects
    seen: dict[int, dt.datetime] = field(default_factory=dict)  # publication times caught up


def _now_us() -> int:
    return time.time_ns() // 1000


def _snapshot(language: str) -> Path:
    # One file per database, so that a test database never reads the demo's model.
    name = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    digest = hashlib.sha1(name.encode()).hexdigest()[:10]  # noqa: S324 - a file name, not security
    return Path(settings.DATA_DIR) / "related" / f"{digest}-{language}.snapshot"


def _signature(payload: bytes) -> bytes:
    key = hashlib.sha256(b"watchdesk.similar:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest().encode()


def _disk_fitted(language: str) -> int | None:
    """The fit time of the snapshot on disk, from its header alone."""
    try:
        with _snapshot(language).open("rb") as f:
            header = f.read(84)
        return int(header[64:84])
    except (OSError, ValueError):
        return None


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: readers in other processes never see half."""
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _save(entry: _Entry) -> None:
    """Write the snapshot (callers hold ``_lock``), unless a newer fit is already on
    disk; never fails the publication it follows: a problem is logged."""
    model = entry.model
    path = _snapshot(model.language)
    try:
        on_disk = _disk_fitted(model.language)
        if on_disk is not None and on_disk > entry.fitted:
            _models.pop(model.language, None)  # another process refitted: load that next
            return
        payload = pickle.dumps(
            {
                "format": FORMAT,
                "weights": asdict(model.weights),
                "synced": entry.synced,
                "model": model,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        body = str(entry.fitted).zfill(20).encode() + payload
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, _signature(body) + body)
        words = [str(w) for w in model.name_vocabulary] + [str(w) for w in model.word_vocabulary]
        _replace(path.with_suffix(".words"), "\n".join(words).encode("utf-8"))
    except OSError as problem:
        logger.warning("Could not write the similar-articles snapshot %s: %s", path, problem)


def _load(language: str) -> _Entry | None:
    path = _snapshot(language)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    signature, body = raw[:64], raw[64:]
    if not hmac.compare_digest(signature, _signature(body)):
        logger.warning("Ignoring %s: its signature does not match this site's key", path)
        return None
    try:
        data = pickle.loads(body[20:])  # noqa: S301 - signed above with the site's secret key
        if data.get("format") != FORMAT or data.get("weights") != asdict(related.Weights.tuned()):
            return None
        entry = _Entry(data["model"], int(body[:20]), data["synced"])
        if entry.model.ann is not None:
            entry.model.ann.set_ef(max(200, entry.model.weights.candidates * 2))
        _catch_up(entry, full=True)
    except Exception:  # an unreadable snapshot is only a cache: refit instead
        logger.exception("Ignoring the similar-articles snapshot %s", path)
        return None
    return entry


def _catch_up(entry: _Entry, *, full: bool = False) -> None:
    """Bring a model up to the database: what was published or changed since it was
    synced (by this or another process) in; with ``full``, also withdrawn pages out and
    missing ones in (on load: it reads every id of the language)."""
    model = entry.model
    started = timezone.now()
    live = CommentaryPage.objects.live().filter(locale__language_code=model.language)
    recent = live.filter(last_published_at__gte=entry.synced - dt.timedelta(seconds=5))
    todo: set[int] = {
        pk
        for pk, when in recent.values_list("pk", "last_published_at")
        if entry.seen.get(pk) != when or pk not in model.position
    }
    if full:
        ids = set(live.values_list("pk", flat=True))
        for doc_id in [i for i in model.position if i not in ids]:
            model.remove(doc_id)
        todo |= ids - set(model.position)
    ordered = sorted(todo)
    for start in range(0, len(ordered), 500):
        chunk = live.filter(pk__in=ordered[start : start + 500])
        for *row, when in chunk.values_list(*_DOC_FIELDS, "last_published_at"):
            model.upsert(_doc(*row))
            entry.seen[row[0]] = when
    entry.synced = started


def _fit(language: str) -> _Entry:
    started, fitted = timezone.now(), _now_us()
    count = CommentaryPage.objects.live().filter(locale__language_code=language).count()
    model = related.build(partial(live_docs, language), language, expected=count)
    return _Entry(model, fitted, started)


def _entry(language: str) -> _Entry:
    """The language's model (callers hold ``_lock``): loaded or fitted when missing,
    reloaded when another process refitted, and caught up with the database."""
    entry = _models.get(language)
    if entry is not None:
        on_disk = _disk_fitted(language)
        if on_disk is not None and on_disk > entry.fitted:
            entry = None
    if entry is None:
        entry = _load(language)
        if entry is None:
            entry = _fit(language)
            _save(entry)
        _models[language] = entry
    else:
        _catch_up(entry)
    model = entry.model
    added = int(model.alive[model.base :].sum())  # published or changed since the fit
    if model.base < SMALL and added >= max(1, model.base // 10):
        # A small archive is refitted as it grows, so that words new to it count.
        entry = _models[language] = _fit(language)
    return entry


def model_for(language: str) -> related.Model:
    with _lock:
        return _entry(language).model


_vocabularies: dict[Path, tuple[float, list[str]]] = {}


def vocabulary(language: str) -> list[str]:
    """The words and names of the language's last fit, read from the small file saved
    beside its snapshot ([] before the first fit). Reader requests use it for spelling
    suggestions; loading or fitting the model itself would cost them seconds."""
    path = _snapshot(language).with_suffix(".words")
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return []
    found = _vocabularies.get(path)
    if found is None or found[0] != stamp:
        try:
            words = path.read_text(encoding="utf-8").split("\n")
        except OSError:
            return []
        found = _vocabularies[path] = (stamp, words)
    return found[1]


def forget_models() -> None:
    with _lock:
        _models.clear()


# --- composing the stored lists ---------------------------------------------------------
def _live_translations(page_ids: Iterable[int]) -> dict[tuple[str, str], int]:
    """(translation key, language) → id of the live page, for the pages given and their
    translations."""
    keys = CommentaryPage.objects.filter(pk__in=list(page_ids)).values_list(
        "translation_key", flat=True
    )
    rows = (
        CommentaryPage.objects.live()
        .filter(translation_key__in=list(keys))
        .values_list("pk", "translation_key", "locale__language_code")
    )
    return {(str(key), lang): pk for pk, key, lang in rows}


def compose(
    page_ids: Iterable[int], suggestions: dict[int, list[related.Suggestion]] | None = None
) -> dict[int, list]:
    """The final list of each page: pins, then translated English suggestions (on other
    languages), then its own language's suggestions; exclusions removed."""
    pages = {
        p["pk"]: p
        for p in CommentaryPage.objects.live()
        .filter(pk__in=list(page_ids))
        .values("pk", "translation_key", "locale__language_code")
    }
    pins: dict[int, list[int]] = {}
    for page_id, target in (
        SimilarPin.objects.filter(page_id__in=pages, target__live=True)
        .order_by("page_id", "sort_order")
        .values_list("page_id", "target_id")
    ):
        pins.setdefault(page_id, []).append(target)
    excluded: dict[int, set[int]] = {}
    for page_id, target in SimilarExclusion.objects.filter(page_id__in=pages).values_list(
        "page_id", "target_id"
    ):
        excluded.setdefault(page_id, set()).add(target)
    # Other languages start from their English original's stored list (with the
    # English editors' pins and exclusions already applied).
    sources = _sources_in_english(pages.values())
    english_lists: dict[int, list[related.Suggestion]] = {}
    if sources:
        stored: dict[int, list[related.Suggestion]] = {}
        for source, target, score, reasons in (
            SimilarCommentary.objects.filter(source_id__in=set(sources.values()))
            .order_by("source_id", "rank")
            .values_list("source_id", "target_id", "score", "reasons")
        ):
            reasons = reasons or {}
            stored.setdefault(source, []).append(
                related.Suggestion(
                    id=target,
                    score=score,
                    same_trend=bool(reasons.get("same_trend")),
                    days_apart=int(reasons.get("days_apart") or 0),
                )
            )
        english_lists = {page_id: stored.get(src, []) for page_id, src in sources.items()}
    translated_ids = _live_translations({s.id for items in english_lists.values() for s in items})
    result: dict[int, list] = {}
    candidates: dict[int, list] = {}
    for page_id, page in pages.items():
        language = page["locale__language_code"]
        chosen: list = [(target, None, True) for target in pins.get(page_id, [])]
        for suggestion in english_lists.get(page_id, []):
            key = _key_of(suggestion.id)
            target = translated_ids.get((key, language)) if key else None
            if target is not None:
                # The shared terms are English words; on this page, say only the rest.
                chosen.append((target, replace(suggestion, terms=()), False))
        own = (suggestions or {}).get(page_id)
        if own is None:
            loaded = _models.get(language)  # within a refresh: the model it just changed
            model = loaded.model if loaded is not None else model_for(language)
            row = model.position.get(page_id)
            own = model.suggest(row, K * 2) if row is not None else []
        chosen += [(s.id, s, False) for s in own]
        candidates[page_id] = chosen
    # A model may still hold a page that is gone: withdrawn by another process not yet
    # caught up with, or created in a transaction that was rolled back. Only live pages
    # are listed, and the models forget the others.
    named = {target for chosen in candidates.values() for target, _, _ in chosen}
    live = set(CommentaryPage.objects.live().filter(pk__in=named).values_list("pk", flat=True))
    if named - live:
        with _lock:
            for entry in _models.values():
                for gone in named - live:
                    entry.model.remove(gone)
    for page_id, chosen in candidates.items():
        seen, final = {page_id}, []
        for target, suggestion, pinned in chosen:
            if target in seen or target not in live or target in excluded.get(page_id, set()):
                continue
            seen.add(target)
            final.append((target, suggestion, pinned))
            if len(final) == K:
                break
        result[page_id] = final
    return result


_translation_keys: dict[int, str] = {}


def _key_of(page_id: int) -> str | None:
    if page_id not in _translation_keys:
        key = (
            CommentaryPage.objects.filter(pk=page_id)
            .values_list("translation_key", flat=True)
            .first()
        )
        _translation_keys[page_id] = str(key) if key else None
    return _translation_keys[page_id]


def _sources_in_english(pages: Iterable[dict]) -> dict[int, int]:
    others = {
        p["pk"]: str(p["translation_key"]) for p in pages if p["locale__language_code"] != "en"
    }
    if not others:
        return {}
    rows = (
        CommentaryPage.objects.live()
        .filter(translation_key__in=list(others.values()), locale__language_code="en")
        .values_list("translation_key", "pk")
    )
    english = {str(key): pk for key, pk in rows}
    return {page_id: english[key] for page_id, key in others.items() if key in english}


def write(lists: dict[int, list]) -> None:
    SimilarCommentary.objects.filter(source_id__in=list(lists)).delete()
    SimilarCommentary.objects.bulk_create(
        SimilarCommentary(
            source_id=source,
            target_id=target,
            rank=rank,
            score=suggestion.score if suggestion else 1.0,
            pinned=pinned,
            reasons=suggestion.reasons() if suggestion else {},
        )
        for source, items in lists.items()
        for rank, (target, suggestion, pinned) in enumerate(items, start=1)
    )


# --- the write paths ------------------------------------------------------------------
def rebuild(
    languages_to_do: Iterable[str] | None = None, *, progress: Progress | None = None
) -> int:
    """Refit every language's model and recompose every list (English first: the other
    languages' lists start from their English originals' lists)."""
    todo = list(languages_to_do or languages())
    todo.sort(key=lambda lang: lang != "en")
    _translation_keys.clear()
    written = 0
    for language in todo:
        entry = _fit(language)
        with _lock:
            _models[language] = entry
            _save(entry)
    # Lists of pages no longer live go; the others are recomposed below.
    SimilarCommentary.objects.filter(source__locale__language_code__in=todo).exclude(
        source__live=True
    ).delete()
    for language in todo:
        model = _models[language].model
        suggestions = model.all_lists(K * 2, progress=progress)
        ids = list(suggestions)
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            with transaction.atomic():
                lists = compose(chunk, suggestions)
                write(lists)
            written += len(chunk)
    return written


def refresh(page: CommentaryPage, *, withdrawn: bool = False) -> int:
    """After ``page`` was published, changed, withdrawn or (about to be) deleted: its
    list and every list it enters or leaves. Returns how many lists were written.

    One lock per process keeps the model consistent while it changes; the model is
    first caught up with what other processes published."""
    with _lock:
        return _refresh(page, withdrawn=withdrawn)


def _refresh(page: CommentaryPage, *, withdrawn: bool) -> int:
    language = page.locale.language_code
    entry = _entry(language)
    model = entry.model
    _translation_keys.pop(page.pk, None)
    # Lists that held the page are recomposed in full: it may leave them. Pages that
    # pin it are recomposed too: a pinned page coming back takes its place again.
    holders: set[int] = set(
        SimilarCommentary.objects.filter(target_id=page.pk).values_list("source_id", flat=True)
    )
    holders |= set(SimilarPin.objects.filter(target_id=page.pk).values_list("page_id", flat=True))
    affected = set(holders)
    suggestions: dict[int, list[related.Suggestion]] = {}
    if withdrawn or not CommentaryPage.objects.live().filter(pk=page.pk).exists():
        model.remove(page.pk)
        SimilarCommentary.objects.filter(source_id=page.pk).delete()
    else:
        *fields, when = (
            CommentaryPage.objects.filter(pk=page.pk)
            .values_list(*_DOC_FIELDS, "last_published_at")
            .get()
        )
        row, own, reverse = model.publish(_doc(*fields), K * 2)
        entry.seen[page.pk] = when
        affected.add(page.pk)
        suggestions[page.pk] = own
        # Lists the page now enters: those whose weakest item it beats. Such a list is
        # its stored items plus this page, re-ranked (nothing else about it changed).
        stored = _stored_lists(model.ids[c] for c, _ in reverse)
        for c, seen_from_other in reverse:
            other = model.ids[c]
            weakest, members = stored.get(other, (-1.0, []))
            if other in holders or seen_from_other.score <= weakest:
                continue
            rows = {model.position[t] for t in members if t in model.position} | {row}
            suggestions[other] = model.suggest(
                c, K * 2, candidates=np.fromiter(rows, dtype=np.int64)
            )
            affected.add(other)
        if language != "en":
            # A translation published after its original: the pages whose English
            # originals list that original show it now, in this language.
            affected |= _translations_of_holders(page.pk, language)
    if withdrawn:
        affected.discard(page.pk)
    english = {pk for pk in affected if language == "en"}
    written = 0
    if english:
        lists = compose(english, suggestions)
        write(lists)
        written += len(lists)
        # Their translations start from the English lists just written.
        others = {
            pk for (_, lang), pk in _live_translations(english | {page.pk}).items() if lang != "en"
        }
        others.discard(page.pk) if withdrawn else None
        affected = (affected - english) | others
    lists = compose(affected, suggestions)
    write(lists)
    written += len(lists)
    if len(model.ids) < 50_000:
        _save(entry)
    return written


def _translations_of_holders(page_id: int, language: str) -> set[int]:
    key = CommentaryPage.objects.filter(pk=page_id).values_list("translation_key", flat=True)
    original = (
        CommentaryPage.objects.live()
        .filter(translation_key__in=key, locale__language_code="en")
        .values_list("pk", flat=True)
        .first()
    )
    if original is None:
        return set()
    english_holders = SimilarCommentary.objects.filter(target_id=original).values_list(
        "source_id", flat=True
    )
    return {
        pk
        for (_, lang), pk in _live_translations(english_holders).items()
        if lang == language and pk != page_id
    }


def _stored_lists(page_ids: Iterable[int]) -> dict[int, tuple[float, list[int]]]:
    """Each page's stored suggestions (not pins): the lowest score when the list is full
    (else -1: anything enters), and the pages listed."""
    ids = list(page_ids)
    found: dict[int, list[tuple[float, int]]] = {}
    for source, target, score in SimilarCommentary.objects.filter(
        source_id__in=ids, pinned=False
    ).values_list("source_id", "target_id", "score"):
        found.setdefault(source, []).append((score, target))
    return {
        pk: (min(s for s, _ in items) if len(items) >= K else -1.0, [t for _, t in items])
        for pk, items in found.items()
    }
