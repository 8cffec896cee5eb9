"""RSS and Atom feeds → commentaries (feedparser reads both, and their dialects)."""

from __future__ import annotations

import datetime as dt
import email.utils
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
from lxml import etree

from watchdesk.analysis.credits import is_credit_line
from watchdesk.analysis.dates import parse_datetime
from watchdesk.importer.clean import is_boilerplate, safe_html, verdict_in_line
from watchdesk.importer.items import ParseResult, SourceItem

_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")


def parse_feed(text: str, *, tz: ZoneInfo, origin: str = "feed.xml") -> ParseResult:
    if not text or not text.strip():
        return ParseResult([], [f"{origin}: the file is empty"])
    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        return ParseResult(
            [], [f"{origin}: no feed entries found" + (f" ({reason})" if reason else "")]
        )
    language = (parsed.feed.get("language") or "")[:2].lower()
    raws = _raw_entries(text)
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        raw = raws[n - 1] if n - 1 < len(raws) else repr(dict(entry))
        items.append(_item(entry, f"{origin}#{n}", raw, language, tz))
    return ParseResult(items)


def _raw_entries(text: str) -> list[str]:
    """The XML of each item/entry, verbatim, in document order."""
    try:
        root = etree.fromstring(
            text.encode("utf-8"),
            etree.XMLParser(recover=True, resolve_entities=False, no_network=True),
        )
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return [
        etree.tostring(el, encoding="unicode")
        for el in root.iter()
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] in {"item", "entry"}
    ]


def _when(entry, tz: ZoneInfo) -> tuple[dt.datetime | None, str]:
    for key in ("published", "updated", "created", "dc_date"):
        value = entry.get(key)
        if not value:
            continue
        try:
            stamp = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            stamp = parse_datetime(value, tz)
        if stamp is not None:
            return (stamp if stamp.tzinfo else stamp.replace(tzinfo=tz)), value
    return None, ""


def _item(entry, origin: str, raw: str, language: str, tz: ZoneInfo) -> SourceItem:
    item = SourceItem(title=" ".join((entry.get("title") or "").split()), origin=origin, raw=raw)
    item.language = (entry.get("language") or language or "")[:2].lower()
    item.published_at, item.date_text = _when(entry, tz)
    links = [entry.get("link")] + [link.get("href") for link in entry.get("links", [])]
    item.urls = list(dict.fromkeys(u for u in links if u))
    tags = entry.get("tags") or []
    if tags:
        item.category = (tags[0].get("term") or tags[0].get("label") or "").strip()
    if entry.get("author"):
        item.authors = [entry["author"].strip()]
    content = entry.get("content") or []
    html = content[0].get("value") if content else entry.get("summary", "")
    _read_body(html or "", item)
    item.check_complete()
    return item


def _read_body(html: str, item: SourceItem) -> None:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        item.paragraphs = [line for line in html.splitlines() if line.strip()]
        return
    blocks = [
        el for el in root.iter(*_BLOCKS) if not any(p.tag in _BLOCKS for p in el.iterancestors())
    ]
    if not blocks:
        blocks = [root]
    kept = []
    for el in blocks:
        line = " ".join(el.text_content().split())
        if not line or line == item.title or is_boilerplate(line):
            continue
        phrase = verdict_in_line(line)
        if phrase is not None and item.verdict_phrase is None:
            item.verdict_phrase = phrase
            continue
        if is_credit_line(line):
            item.credit = item.credit or line
            continue
        item.paragraphs.append(line)
        kept.append(safe_html(lxml.html.tostring(el, encoding="unicode")))
    item.body_html = "".join(kept)
