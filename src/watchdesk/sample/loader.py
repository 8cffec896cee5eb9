"""Load the sample archive (or a generated one) into the database.

Idempotent: every item has a translation key derived from its generator key, and
items already present in a language are skipped, so running the demo twice does
not duplicate anything.
"""

from __future__ import annotations

import io
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.models import Locale

from watchdesk.monitoring import actions, bootstrap, tree
from watchdesk.monitoring.models import Author, CommentaryAuthor, CommentaryPage, TrendPage
from watchdesk.sample.generator import Item, demo_archive
from watchdesk.sample.images import illustration

KEY_NAMESPACE = uuid.UUID("5b0f5f8e-3a55-4c61-9a3c-2f4a52f0c7d1")
IMAGE_VARIANTS = 4
Progress = Callable[[int], None]

IMAGE_CAPTION = {
    "en": "Illustration for the trend “{name}”",
    "ru": "Иллюстрация к тренду «{name}»",
    "be": "Ілюстрацыя да трэнда «{name}»",
}


@cache
def site_data() -> dict:
    text = resources.files("watchdesk.sample").joinpath("site.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class Catalogue:
    """Pages and snippets the loader attaches items to, by key and language."""

    structure: bootstrap.Structure
    trends: dict[str, dict[str, TrendPage]] = field(default_factory=dict)
    authors: dict[str, dict[str, Author]] = field(default_factory=dict)
    images: dict[str, list[Image]] = field(default_factory=dict)


def prepare(trend_keys: Iterable[str] = ()) -> Catalogue:
    """Site structure, the five sample trends (plus any extra generated ones) and authors."""
    data = site_data()
    structure = bootstrap.ensure_structure(data["site"], data["about"])
    catalogue = Catalogue(structure)
    definitions = {t["key"]: t for t in data["trends"]}
    order = len(definitions)
    for key in [t["key"] for t in data["trends"]] + [
        k for k in sorted(trend_keys) if k not in definitions
    ]:
        if key in definitions:
            d = definitions[key]
            names = {code: d[code] for code in bootstrap.languages() if code in d}
            catalogue.trends[key] = bootstrap.ensure_trend(structure, key, d["order"], names)
        else:
            # A generated extra trend such as "security-2": the base trend's name, numbered.
            base, _, number = key.rpartition("-")
            d = definitions[base]
            order += 1
            names = {
                code: {
                    "name": f"{d[code]['name']} ({number})",
                    "description": d[code]["description"],
                }
                for code in bootstrap.languages()
                if code in d
            }
            catalogue.trends[key] = bootstrap.ensure_trend(structure, key, order, names)
    catalogue.authors = ensure_authors(data["authors"])
    return catalogue


@transaction.atomic
def ensure_authors(definitions: list[dict]) -> dict[str, dict[str, Author]]:
    locales = bootstrap.ensure_locales()
    default = settings.LANGUAGE_CODE
    out: dict[str, dict[str, Author]] = {}
    for d in definitions:
        key = uuid.uuid5(KEY_NAMESPACE, f"author/{d['key']}")
        versions = {}
        for code, locale in locales.items():
            author, _ = Author.objects.get_or_create(
                translation_key=key,
                locale=locale,
                defaults={"name": d.get(code, d[default]), "role": d["role"].get(code, "")},
            )
            versions[code] = author
        out[d["key"]] = versions
    return out


def ensure_images(trend: str, name: str) -> list[Image]:
    images = []
    for variant in range(IMAGE_VARIANTS):
        title = f"Sample illustration: {trend} {variant + 1}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = illustration(trend, variant)
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(data), name=f"sample-{trend}-{variant + 1}.jpg")
            image.save()
        images.append(image)
    return images


def body_html(paragraphs: Iterable[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _unique_slug(base: str, week: str, taken: set[str]) -> str:
    slug = base or "commentary"
    if slug in taken:
        slug = f"{base}-{week}"
    n = 2
    while slug in taken:
        slug, n = f"{base}-{week}-{n}", n + 1
    taken.add(slug)
    return slug


def _rows_with_keys(keys: list[uuid.UUID], chunk: int = 500):
    """(translation key, locale, slug) of commentaries with these keys, in bounded queries."""
    for start in range(0, len(keys), chunk):
        yield from CommentaryPage.objects.filter(
            translation_key__in=keys[start : start + chunk]
        ).values_list("translation_key", "locale_id", "slug")


def load_items(
    items: Iterable[Item], catalogue: Catalogue, *, progress: Progress | None = None
) -> int:
    """Insert items (all their language versions) that are not in the database yet."""
    locales = {code: Locale.objects.get(language_code=code) for code in bootstrap.languages()}
    by_parent: dict[tuple[str, str], list[tuple[Item, str]]] = defaultdict(list)
    for item in items:
        for code in item.versions:
            by_parent[(item.trend, code)].append((item, code))

    created = 0
    # Translations share the source's slug, so that switching language keeps the address.
    slugs_by_key: dict[str, str] = {}
    for (trend_key, code), entries in sorted(
        by_parent.items(), key=lambda kv: (kv[0][1] != settings.LANGUAGE_CODE, kv[0])
    ):
        parent = catalogue.trends[trend_key].get(code)
        if parent is None:
            continue
        if trend_key not in catalogue.images:
            catalogue.images[trend_key] = ensure_images(
                trend_key, catalogue.trends[trend_key][settings.LANGUAGE_CODE].title
            )
        keys = {uuid.uuid5(KEY_NAMESPACE, i.key): i.key for i, _ in entries}
        existing = set()
        for translation_key, locale_id, slug in _rows_with_keys(list(keys)):
            if locale_id == locales[code].pk:
                existing.add(translation_key)
            if locale_id == locales[settings.LANGUAGE_CODE].pk:
                slugs_by_key.setdefault(keys[translation_key], slug)
        taken = set(CommentaryPage.objects.child_of(parent).values_list("slug", flat=True))
        pages, links = [], []
        for item, lang in entries:
            key = uuid.uuid5(KEY_NAMESPACE, item.key)
            if key in existing:
                continue
            version = item.versions[lang]
            slug = slugs_by_key.get(item.key) or _unique_slug(
                slugify(version.title)[:80].strip("-"), item.week_start.isoformat(), taken
            )
            taken.add(slug)
            slugs_by_key.setdefault(item.key, slug)
            page = CommentaryPage(
                title=version.title,
                slug=slug,
                locale=locales[lang],
                translation_key=key,
                trend=parent,
                verdict=item.verdict,
                published_at=item.published_at,
                lead=version.lead,
                body=body_html(version.paragraphs),
                photo=catalogue.images[trend_key][item.image % IMAGE_VARIANTS],
                photo_credit=version.photo_credit,
                photo_caption=IMAGE_CAPTION.get(lang, IMAGE_CAPTION["en"]).format(
                    name=parent.title
                ),
            )
            pages.append(page)
            links.append(
                [catalogue.authors[a][lang] for a in item.authors if a in catalogue.authors]
            )
        with transaction.atomic():
            tree.add_live_children(parent, pages)
            CommentaryAuthor.objects.bulk_create(
                CommentaryAuthor(page=page, author=author, sort_order=n)
                for page, authors in zip(pages, links, strict=True)
                for n, author in enumerate(authors)
            )
        created += len(pages)
        if progress:
            progress(len(entries))
    actions.after_bulk_load(
        catalogue.trends[trend][code].pk
        for trend, code in by_parent
        if code in catalogue.trends[trend]
    )
    return created


def import_sample_pages() -> int:
    """Old pages shipped with the sample (the seed), brought in by the importer itself."""
    from watchdesk.importer.normalise import TrendMap
    from watchdesk.importer.run import run_import

    imported = 0
    for entry in site_data()["imports"]:
        mapping = entry["trend_map"]
        trend_map = TrendMap(
            files=mapping.get("files", {}),
            titles={TrendMap._norm(k): v for k, v in mapping.get("titles", {}).items()},
        )
        with resources.as_file(resources.files("watchdesk.sample").joinpath(entry["file"])) as path:
            summary = run_import([str(path)], trend_map=trend_map, keep_going=True)
        if summary.failures:
            raise RuntimeError(f"the sample import failed: {summary.failures}")
        imported += summary.counts["imported"] + summary.counts["unchanged"]
    return imported


def load_demo(*, progress: Progress | None = None) -> dict[str, int]:
    """The whole demo archive: structure, sample commentaries, the seed, similar lists."""
    catalogue = prepare()
    created = load_items(demo_archive(), catalogue, progress=progress)
    imported = import_sample_pages()
    lists = actions.rebuild_similar()
    return {"commentaries": created, "imported": imported, "similar_lists": lists}
