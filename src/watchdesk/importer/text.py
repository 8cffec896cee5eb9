"""Parser for plain-text dumps of old monitoring pages (the seed format).

A dump reads, line by line::

    Title
    Category status: <verdict phrase, often empty>
    April 22, 2016 18:30
    [Фото: RFRM]                      optional photo credit
    Body paragraphs …
    Similar articles                  optional; each item below is a commentary too
    Item title
    October 02, 2017 11:57
    [credit]
    Item paragraphs …
    Recent trends                     trailing heading, ignored

The parser never raises on bad input: what it cannot read becomes a problem
attached to the item (or to the result when there is no item at all).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from watchdesk.analysis.credits import is_credit_line
from watchdesk.analysis.dates import parse_datetime
from watchdesk.analysis.verdicts import VerdictReading, parse_verdict

_STATUS = re.compile(
    r"^\s*(?:category\s+status|статус\s+категории|статус\s+катэгорыі)\s*[:：]?\s*(.*)$",
    re.IGNORECASE,
)
_SIMILAR = re.compile(
    r"^\s*(?:similar\s+articles|похожие\s+статьи|падобныя\s+артыкулы)\s*$", re.IGNORECASE
)
_RECENT = re.compile(
    r"^\s*(?:recent\s+trends|последние\s+тренды|апошнія\s+трэнды)\s*$", re.IGNORECASE
)


@dataclass
class ParsedItem:
    title: str
    line: int
    verdict: VerdictReading = field(default_factory=lambda: parse_verdict(""))
    published_at: dt.datetime | None = None
    date_text: str = ""
    photo_credit: str = ""
    paragraphs: list[str] = field(default_factory=list)
    listed_under: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class ParseResult:
    items: list[ParsedItem]
    problems: list[str]


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers."""
    return [
        (no, line.strip()) for no, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]


def parse_text_dump(text: str, *, tz: ZoneInfo) -> ParseResult:
    lines = _lines(text.replace("\ufeff", ""))
    if not lines:
        return ParseResult([], ["the text is empty"])

    def is_date(index: int) -> bool:
        return 0 <= index < len(lines) and parse_datetime(lines[index][1], tz) is not None

    items: list[ParsedItem] = []
    i = 0
    # --- the page's own commentary -------------------------------------------------
    main = ParsedItem(title=lines[0][1], line=lines[0][0])
    items.append(main)
    i = 1
    i = _read_header(lines, i, main, tz, allow_status=True)
    i = _read_body(lines, i, main, is_date, stop_at_titles=False)

    # --- "Similar articles": commentaries in their own right ----------------------
    if i < len(lines) and _SIMILAR.match(lines[i][1]):
        i += 1
        while i < len(lines) and not _RECENT.match(lines[i][1]):
            item = ParsedItem(title=lines[i][1], line=lines[i][0], listed_under=0)
            i = _read_header(lines, i + 1, item, tz, allow_status=True)
            i = _read_body(lines, i, item, is_date, stop_at_titles=True)
            items.append(item)

    for item in items:
        if item.published_at is None:
            item.problems.append(f"line {item.line}: no publication date found after the title")
        if not item.paragraphs:
            item.problems.append(f"line {item.line}: the commentary has no text")
        if item.verdict.warning:
            item.problems.append(f"line {item.line}: {item.verdict.warning}")
    return ParseResult(items, [])


def _read_header(lines, i: int, item: ParsedItem, tz: ZoneInfo, *, allow_status: bool) -> int:
    """Status, date and credit lines after a title, in any order, each at most once."""
    seen_status = seen_date = False
    while i < len(lines):
        text = lines[i][1]
        status = _STATUS.match(text) if allow_status else None
        if status and not seen_status:
            seen_status = True
            item.verdict = parse_verdict(status.group(1))
            i += 1
            continue
        if not seen_date:
            when = parse_datetime(text, tz)
            if when is not None:
                item.published_at, item.date_text, seen_date = when, text, True
                i += 1
                continue
        if not item.photo_credit and is_credit_line(text):
            item.photo_credit = text
            i += 1
            continue
        break
    return i


def _read_body(lines, i: int, item: ParsedItem, is_date, *, stop_at_titles: bool) -> int:
    while i < len(lines):
        text = lines[i][1]
        if _SIMILAR.match(text) or _RECENT.match(text):
            break
        # In the similar-articles list, a line followed by a date starts the next item.
        if stop_at_titles and item.paragraphs and is_date(i + 1):
            break
        item.paragraphs.append(text)
        i += 1
    return i
