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

import re
from zoneinfo import ZoneInfo

from watchdesk.analysis.credits import is_credit_line
from watchdesk.analysis.dates import parse_datetime
from watchdesk.importer.items import ParseResult, SourceItem

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


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers."""
    return [
        (no, line.strip()) for no, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]


def parse_text_dump(text: str, *, tz: ZoneInfo, origin: str = "text") -> ParseResult:
    source_lines = text.replace("\ufeff", "").splitlines()
    lines = _lines("\n".join(source_lines))
    if not lines:
        return ParseResult([], [f"{origin}: the text is empty"])

    def is_date(index: int) -> bool:
        return 0 <= index < len(lines) and parse_datetime(lines[index][1], tz) is not None

    def raw(first: int, last: int) -> str:
        return "\n".join(source_lines[lines[first][0] - 1 : lines[last - 1][0]])

    items: list[SourceItem] = []
    # --- the page's own commentary -------------------------------------------------
    main = SourceItem(title=lines[0][1], origin=f"{origin}:{lines[0][0]}", raw="")
    i = _read_header(lines, 1, main, tz)
    i = _read_body(lines, i, main, is_date, stop_at_titles=False)
    main.raw = raw(0, i)
    items.append(main)

    # --- "Similar articles": commentaries in their own right ----------------------
    if i < len(lines) and _SIMILAR.match(lines[i][1]):
        i += 1
        while i < len(lines) and not _RECENT.match(lines[i][1]):
            first = i
            item = SourceItem(
                title=lines[i][1], origin=f"{origin}:{lines[i][0]}", raw="", listed_under=0
            )
            i = _read_header(lines, i + 1, item, tz)
            i = _read_body(lines, i, item, is_date, stop_at_titles=True)
            item.raw = raw(first, i)
            items.append(item)

    for item in items:
        item.check_complete()
    return ParseResult(items)


def _read_header(lines, i: int, item: SourceItem, tz: ZoneInfo) -> int:
    """Status, date and credit lines after a title, in any order, each at most once."""
    seen_status = seen_date = False
    while i < len(lines):
        text = lines[i][1]
        status = _STATUS.match(text)
        if status and not seen_status:
            seen_status = True
            item.verdict_phrase = status.group(1)
            i += 1
            continue
        if not seen_date:
            when = parse_datetime(text, tz)
            if when is not None:
                item.published_at, item.date_text, seen_date = when, text, True
                i += 1
                continue
        if not item.credit and is_credit_line(text):
            item.credit = text
            i += 1
            continue
        break
    return i


def _read_body(lines, i: int, item: SourceItem, is_date, *, stop_at_titles: bool) -> int:
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
