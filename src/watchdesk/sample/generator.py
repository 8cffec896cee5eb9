"""A deterministic synthetic archive built from hand-written storylines.

Each trend has storylines (threads of 4–5 weekly "beats") written for the project
in ``storylines/<trend>.json``. The generator walks a trend's storylines week by
week. The first pass through a trend's storylines is canonical: file order and
each slot's first value (the demo archive, January–June 2017). Later passes, needed
for long benchmark archives, shuffle the storylines and fill their ``{slots}`` with
other values, using a random generator seeded from ``seed``; the same arguments
always give the same archive.

Every item records its storyline instance, which is the ground truth for
"similar articles": items of one instance are about the same story.

No Django here: the output is plain dataclasses, written as JSON lines by
``watchdesk generate`` and loaded by the sample loader.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

TREND_KEYS = ("ruling-elite", "society", "security", "belarus-west", "belarus-russia")
DEMO_START = dt.date(2017, 1, 2)
DEMO_WEEKS = 26
MINSK = ZoneInfo("Europe/Minsk")

MAIN_AUTHOR = {
    "ruling-elite": "zhuk",
    "society": "lapo",
    "security": "rudak",
    "belarus-west": "savich",
    "belarus-russia": "tsvirko",
}
CO_AUTHOR = "hrynevich"

PHOTO_CREDITS = {
    "en": (
        "Illustration: Watchdesk sample archive",
        "Image: Watchdesk studio",
        "Graphic: Watchdesk data desk",
        "Photo illustration: Watchdesk",
    ),
    "ru": (
        "Иллюстрация: демонстрационный архив Watchdesk",
        "Изображение: студия Watchdesk",
        "Графика: отдел данных Watchdesk",
        "Фотоиллюстрация: Watchdesk",
    ),
    "be": (
        "Ілюстрацыя: дэманстрацыйны архіў Watchdesk",
        "Выява: студыя Watchdesk",
        "Графіка: аддзел даных Watchdesk",
        "Фотаілюстрацыя: Watchdesk",
    ),
}

_SLOT = re.compile(r"\{([a-z0-9_]+)\}")


@dataclass
class Version:
    """The text of one commentary in one language."""

    title: str
    lead: str
    paragraphs: list[str]
    photo_credit: str = ""


@dataclass
class Item:
    key: str
    trend: str
    storyline: str
    week_start: dt.date
    published_at: dt.datetime
    verdict: str
    authors: list[str]
    image: int
    versions: dict[str, Version] = field(default_factory=dict)

    def to_json(self) -> str:
        data = asdict(self)
        data["week_start"] = self.week_start.isoformat()
        data["published_at"] = self.published_at.isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Item:
        data = json.loads(line)
        data["week_start"] = dt.date.fromisoformat(data["week_start"])
        data["published_at"] = dt.datetime.fromisoformat(data["published_at"])
        data["versions"] = {k: Version(**v) for k, v in data["versions"].items()}
        return cls(**data)


@cache
def _data(folder: str, trend: str) -> dict:
    path = resources.files("watchdesk.sample").joinpath(folder, f"{trend}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def storylines(trend: str) -> dict:
    """The trend's storylines (threads of weekly beats) written for the sample."""
    return _data("storylines", trend)


def showcase(trend: str) -> dict:
    """The trend's hand-written recent commentaries, with translations."""
    return _data("showcase", trend)


def _fill(text: str, values: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"storyline text uses undefined slot {{{name}}}")
        return values[name]

    return _SLOT.sub(replace, text)


def release_time(week_start: dt.date, rng: random.Random) -> dt.datetime:
    """The Monday after the week, between 09:00 and 11:30 Minsk time."""
    monday = week_start + dt.timedelta(days=7)
    minutes = rng.randrange(0, 150)
    return dt.datetime.combine(monday, dt.time(9, 0), tzinfo=MINSK) + dt.timedelta(minutes=minutes)


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("/".join(map(str, parts)).encode()))


def _slot_values(slots: dict[str, list[str]], cycle: int, rng: random.Random) -> dict[str, str]:
    """Slot values for one storyline instance.

    Values at the same position belong together (a district and its region), so
    the first passes take one position for every slot; after that, positions are
    drawn per slot to give long archives more distinct texts.
    """
    if cycle < 4:
        return {name: options[cycle % len(options)] for name, options in slots.items()}
    return {name: rng.choice(options) for name, options in slots.items()}


def trend_items(
    trend: str,
    *,
    weeks: int,
    start: dt.date,
    seed: int,
    label: str | None = None,
    first_cycle: int = 0,
) -> Iterator[Item]:
    """``weeks`` consecutive weekly items of one trend, beginning with ``start`` (a Monday)."""
    data = storylines(trend)
    label = label or trend
    shared_slots: dict[str, list[str]] = data.get("slots", {})
    week, produced, cycle = start, 0, first_cycle
    while produced < weeks:
        order = list(range(len(data["storylines"])))
        rng = _rng(seed, label, "cycle", cycle)
        if cycle:
            rng.shuffle(order)
        for index in order:
            story = data["storylines"][index]
            values = _slot_values({**shared_slots, **story.get("slots", {})}, cycle, rng)
            instance = f"{label}/{story['key']}/{cycle}"
            for beat_no, beat in enumerate(story["beats"]):
                if produced >= weeks:
                    return
                item_rng = _rng(seed, instance, beat_no)
                # Later passes close with a generic paragraph on the trend, as real
                # commentaries often do; the canonical pass reads as written.
                closing = [item_rng.choice(data["background"][beat["verdict"]])] if cycle else []
                authors = [MAIN_AUTHOR.get(trend, "hrynevich")]
                if item_rng.random() < 0.15:
                    authors.append(CO_AUTHOR)
                yield Item(
                    key=f"{instance}/{beat_no}",
                    trend=label,
                    storyline=instance,
                    week_start=week,
                    published_at=release_time(week, item_rng),
                    verdict=beat["verdict"],
                    authors=authors,
                    image=item_rng.randrange(4),
                    versions={
                        "en": Version(
                            title=_fill(beat["headline"], values),
                            lead=_fill(beat["lead"], values),
                            paragraphs=[_fill(p, values) for p in beat["paragraphs"]] + closing,
                            photo_credit=item_rng.choice(PHOTO_CREDITS["en"]),
                        )
                    },
                )
                produced += 1
                week += dt.timedelta(days=7)
        cycle += 1


def showcase_items(trend: str, *, seed: int = 0) -> list[Item]:
    """The hand-written recent commentaries of a trend, with their translations."""
    items = []
    for entry in showcase(trend)["items"]:
        week = dt.date.fromisoformat(entry["week_start"])
        rng = _rng(seed, "showcase", trend, week)
        credit = rng.randrange(len(PHOTO_CREDITS["en"]))
        versions = {
            lang: Version(
                title=entry[lang]["title"],
                lead=entry[lang]["lead"],
                paragraphs=list(entry[lang]["body"]),
                photo_credit=PHOTO_CREDITS[lang][credit],
            )
            for lang in ("en", "ru", "be")
            if lang in entry
        }
        items.append(
            Item(
                key=f"showcase/{trend}/{week.isoformat()}",
                trend=trend,
                storyline=f"{trend}/showcase/{entry['thread']}",
                week_start=week,
                published_at=release_time(week, rng),
                verdict=entry["verdict"],
                authors=list(entry["authors"]),
                image=rng.randrange(4),
                versions=versions,
            )
        )
    return items


def generate(
    *,
    weeks: int,
    seed: int = 0,
    start: dt.date = DEMO_START,
    trends: int = len(TREND_KEYS),
) -> Iterator[Item]:
    """A synthetic archive: ``trends`` trends × ``weeks`` weeks, oldest first.

    Trends beyond the five written ones reuse their storylines under new labels
    ("security-2"), with other slot values and order.
    """
    if weeks < 0 or trends < 1:
        raise ValueError("weeks must be ≥ 0 and trends ≥ 1")
    if start.weekday() != 0:
        raise ValueError(f"the archive must start on a Monday; {start} is a {start:%A}")
    for n in range(trends):
        base = TREND_KEYS[n % len(TREND_KEYS)]
        label = base if n < len(TREND_KEYS) else f"{base}-{n // len(TREND_KEYS) + 1}"
        # Extra trends start at a later pass so that their texts differ from the base trend's.
        yield from trend_items(
            base,
            weeks=weeks,
            start=start,
            seed=seed,
            label=label,
            first_cycle=n // len(TREND_KEYS) * 7,
        )


def demo_archive(seed: int = 0) -> list[Item]:
    """The demo site: 26 generated weeks per trend, then four hand-written weeks."""
    items: list[Item] = []
    for trend in TREND_KEYS:
        items.extend(trend_items(trend, weeks=DEMO_WEEKS, start=DEMO_START, seed=seed))
        items.extend(showcase_items(trend, seed=seed))
    return items
