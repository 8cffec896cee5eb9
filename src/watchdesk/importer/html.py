"""Saved pages of monitoring sites → commentaries.

Reads the page structure with lxml: the title (h1), the verdict ("Category status:"
or a verdict line), the date (published-time metadata, a ``<time>`` or a date line),
the photo credit and caption, byline, year-less week label, category, the body and,
on older layouts, the "Similar articles" block, whose items are commentaries too.
Layout chrome (menus, sidebars, newsletter and share blocks, "Error message" boxes
with PHP notices) is removed first. When no body container is recognisable, the
body comes from trafilatura's main-text extraction.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from watchdesk.analysis.credits import is_credit_line
from watchdesk.analysis.dates import parse_datetime, parse_week_label
from watchdesk.importer.clean import (
    is_boilerplate,
    paragraphs_html,
    safe_html,
    verdict_in_line,
)
from watchdesk.importer.items import ParseResult, SourceItem

# Class and id tokens (split on spaces) are matched whole, so that "status-publish" on a
# WordPress <article> is not mistaken for a verdict, nor "field-category-status" for
# the category.
_CHROME = re.compile(
    r"(?:.*[-_])?(menu|nav|navbar|navigation|sidebar|widget|widget-area|newsletter|subscribe|"
    r"share|share-buttons|sharing|social|comments?|breadcrumbs?|footer|site-footer|header|"
    r"site-header|messages|error|recent-trends|block-recent-trends|related-posts|advert|"
    r"banner|cookie-notice|element-invisible|block-tags)(?:[-_].*)?",
    re.IGNORECASE,
)
_CHROME_TAGS = (
    "script",
    "style",
    "noscript",
    "form",
    "nav",
    "footer",
    "aside",
    "iframe",
    "header",
    "template",
)
_BODY_CLASS = re.compile(
    r"field-body|entry-content|post-content|article-body|article__body|story-body|body-text|"
    r"field-name-body|node-content|content-body|post-body|text-body",
    re.IGNORECASE,
)
_DATE_CLASS = re.compile(
    r"(?:.*[-_])?(date|submitted|posted|published|pubdate|time|datetime)(?:[-_].*)?", re.IGNORECASE
)
_CREDIT_CLASS = re.compile(
    r"(?:.*[-_])?(credit|copyright|photo-source|image-source)(?:[-_].*)?", re.IGNORECASE
)
_CATEGORY_CLASS = re.compile(
    r"(?:.*[-_])?(category|categories|field-tags|tags|rubric|topic|section-name|trend)",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(r"(?:.*[-_])?(byline|author|author-name)", re.IGNORECASE)
_WEEK_CLASS = re.compile(r".*week.*", re.IGNORECASE)
_VERDICT_CLASS = re.compile(
    r"(?:field-)?(?:category-)?(?:status|verdict)(?:-line|-text)?|field-category-status",
    re.IGNORECASE,
)
_SIMILAR_HEADING = re.compile(
    r"^\s*(similar articles|похожие статьи|падобныя артыкулы)\s*$", re.IGNORECASE
)
_BY = re.compile(r"^\s*(by|автор[ы]?:?|аўтар[ы]?:?)\s+", re.IGNORECASE)
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")
# Pages with less text than this are read block by block; longer ones without a known
# body container go through trafilatura's main-content extraction.
TRAFILATURA_FROM = 1500


def _tokens(el) -> list[str]:
    return f"{el.get('class', '')} {el.get('id', '')}".split()


def _has(el, pattern: re.Pattern[str]) -> bool:
    return any(pattern.fullmatch(token) for token in _tokens(el))


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _find(root, pattern: re.Pattern[str], *, exclude: re.Pattern[str] | None = None):
    for el in root.iter():
        if isinstance(el.tag, str) and _has(el, pattern) and not (exclude and _has(el, exclude)):
            yield el


def _language(root) -> str:
    lang = (
        root.get("lang") or root.findtext(".//meta[@http-equiv='content-language']") or ""
    ).lower()
    return lang[:2] if lang[:2] in {"en", "ru", "be"} else ""


def parse_html(html: str, *, tz: ZoneInfo, origin: str = "page.html") -> ParseResult:
    """Commentaries on one saved page: the page's own, then any "Similar articles"."""
    if not html or not html.strip():
        return ParseResult([], [f"{origin}: the file is empty"])
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        return ParseResult([], [f"{origin}: not readable as HTML ({exc})"])

    language = _language(root)
    meta = {
        (m.get("property") or m.get("name") or "").lower(): (m.get("content") or "").strip()
        for m in root.iter("meta")
    }
    urls = [u for u in (_canonical_link(root), meta.get("og:url")) if u]

    similar_block = _similar_block(root)
    if similar_block is not None:
        similar_block.getparent().remove(similar_block)
    _remove_chrome(root)

    item = SourceItem(
        title="", origin=origin, raw=html, language=language, urls=list(dict.fromkeys(urls))
    )
    _read_page(root, item, meta, tz)
    items = [item]
    if similar_block is not None:
        base = urls[0] if urls else ""
        for n, block in enumerate(_similar_items(similar_block), start=1):
            items.append(_read_similar(block, base, tz, f"{origin}#similar-{n}", language))
    for it in items:
        it.check_complete()
    return ParseResult(items)


def _canonical_link(root) -> str:
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return ""


def _similar_block(root):
    for heading in root.iter("h2", "h3", "div", "span"):
        if _SIMILAR_HEADING.match(heading.text or "") and heading.getparent() is not None:
            return heading.getparent()
    for el in root.iter():
        if isinstance(el.tag, str) and any("similar" in t.lower() for t in _tokens(el)):
            return el
    return None


def _remove_chrome(root) -> None:
    doomed = list(root.iter(*_CHROME_TAGS))
    doomed += [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el.tag not in ("html", "body")
        and _has(el, _CHROME)
        and not _has(el, _BODY_CLASS)
    ]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _read_page(root, item: SourceItem, meta: dict[str, str], tz: ZoneInfo) -> None:
    h1 = next(root.iter("h1"), None)
    item.title = _text(h1) if h1 is not None else _title_from_head(root, meta)

    # Date: machine-readable first, then a date element, then any short date line.
    for value in (meta.get("article:published_time"), meta.get("date"), meta.get("dc.date")):
        if value and (when := parse_datetime(value, tz)):
            item.published_at, item.date_text = when, value
            break
    if item.published_at is None:
        for el in root.iter("time"):
            value = el.get("datetime") or _text(el)
            if when := parse_datetime(value, tz):
                item.published_at, item.date_text = when, value
                break
    if item.published_at is None:
        for el in _find(root, _DATE_CLASS):
            if (value := _text(el)) and (when := parse_datetime(value, tz)):
                item.published_at, item.date_text = when, value
                break

    for el in _find(root, _WEEK_CLASS):
        if parse_week_label(_text(el)):
            item.week_label = _text(el)
            break
    for el in _find(root, _CATEGORY_CLASS, exclude=_VERDICT_CLASS):
        link = next(el.iter("a"), None)
        if value := _text(link if link is not None else el):
            item.category = value
            break
    for el in _find(root, _BYLINE_CLASS):
        names = _BY.sub("", _text(el))
        if names:
            item.authors = [n.strip() for n in re.split(r",| and | и | і ", names) if n.strip()]
            break
    for el in _find(root, _CREDIT_CLASS):
        if value := _text(el):
            item.credit = value
            el.getparent().remove(el)
            break
    for el in root.iter("figcaption"):
        caption = _text(el)
        if caption and not item.credit and is_credit_line(caption):
            item.credit = caption
        elif caption:
            item.caption = caption
    for el in _find(root, re.compile(r"(?:.*[-_])?caption(?:[-_].*)?", re.IGNORECASE)):
        if (value := _text(el)) and value != item.credit:
            item.caption = value
            break
    for el in _find(root, _VERDICT_CLASS):
        phrase = verdict_in_line(_text(el))
        item.verdict_phrase = phrase if phrase is not None else _text(el)
        el.getparent().remove(el)
        break

    body = next(_find(root, _BODY_CLASS), None)
    if body is None and len(root.text_content()) < TRAFILATURA_FROM:
        # Too little text for main-content detection to pay off: read the blocks as they are.
        body = root.find("body") if root.find("body") is not None else root
    if body is not None:
        item.paragraphs, item.body_html = _paragraphs(body, item)
    else:
        item.paragraphs = _trafilatura_paragraphs(
            lxml.html.tostring(root, encoding="unicode"), item
        )
        item.body_html = paragraphs_html(item.paragraphs)


def _title_from_head(root, meta: dict[str, str]) -> str:
    if meta.get("og:title"):
        return meta["og:title"]
    title = root.findtext(".//title") or ""
    return re.split(r"\s+[|–—-]\s+", title.strip())[0] if title else ""


def _paragraphs(container, item: SourceItem) -> tuple[list[str], str]:
    """Body paragraphs and their safe HTML, without header lines and boilerplate."""
    kept_text: list[str] = []
    kept_html: list[str] = []
    blocks = [
        el
        for el in container.iter(*_BLOCKS)
        if not any(p.tag in _BLOCKS for p in el.iterancestors())
    ]
    if not blocks:
        blocks = [container]
    for el in blocks:
        line = _text(el)
        if not line or _skip(line, item):
            continue
        kept_text.append(line)
        kept_html.append(safe_html(lxml.html.tostring(el, encoding="unicode")))
    return kept_text, "".join(kept_html)


def _skip(line: str, item: SourceItem) -> bool:
    """Header lines repeated in the body, credits, verdict lines and boilerplate."""
    if line == item.title or is_boilerplate(line):
        return True
    if is_credit_line(line):
        item.credit = item.credit or line
        return True
    phrase = verdict_in_line(line)
    if phrase is not None:
        if item.verdict_phrase is None:
            item.verdict_phrase = phrase
        return True
    return False


def _trafilatura_paragraphs(html: str, item: SourceItem) -> list[str]:
    import trafilatura

    text = (
        trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True
        )
        or ""
    )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if line and not _skip(line, item) and line != item.date_text]


def _similar_items(block):
    """The item containers of a "Similar articles" block."""
    candidates = [el for el in block if isinstance(el.tag, str) and el.tag not in ("h2", "h3")]
    if len(candidates) == 1 and len(candidates[0]) > 1 and not candidates[0].iter("h3"):
        candidates = list(candidates[0])
    return [el for el in candidates if _text(el)]


def _read_similar(block, base_url: str, tz: ZoneInfo, origin: str, language: str) -> SourceItem:
    raw = lxml.html.tostring(block, encoding="unicode")
    item = SourceItem(title="", origin=origin, raw=raw, language=language, listed_under=0)
    heading = next(block.iter("h3", "h4", "h2"), None)
    link = next(block.iter("a"), None)
    title_el = heading if heading is not None else link
    if title_el is not None:
        item.title = _text(title_el)
        title_el.getparent().remove(title_el)
    if link is not None and link.get("href"):
        item.urls = [urljoin(base_url, link.get("href"))]
    for el in list(block.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        value = _text(el)
        if el.tag in _BLOCKS or not value or len(value) > 60:
            continue
        if item.published_at is None and (when := parse_datetime(value, tz)):
            item.published_at, item.date_text = when, value
            el.getparent().remove(el)
        elif not item.credit and is_credit_line(value):
            item.credit = value
            el.getparent().remove(el)
    item.paragraphs, item.body_html = _paragraphs(block, item)
    return item
