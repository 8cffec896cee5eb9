"""What every source parser produces: one ``SourceItem`` per commentary found.

Parsers read and never decide: the verdict phrase, date line and credit are kept as
found, with the parser's own reading where it has one; ``normalise`` turns items into
commentaries. Parsers never raise on bad input; what they cannot read becomes a
problem on the item or on the parse result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SourceItem:
    title: str
    #: where it came from: "archive/page.html", "feed.xml#3", "dump.txt:41"
    origin: str
    #: the exact source text of this item (kept verbatim in the import record)
    raw: str
    paragraphs: list[str] = field(default_factory=list)
    #: sanitised HTML of the body, when the source has markup; else built from paragraphs
    body_html: str = ""
    verdict_phrase: str | None = None
    date_text: str = ""
    published_at: dt.datetime | None = None
    week_label: str = ""
    credit: str = ""
    caption: str = ""
    category: str = ""
    language: str = ""
    authors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    #: index, within the same parse result, of the page this was listed on as similar
    listed_under: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def check_complete(self) -> None:
        """Record what a commentary cannot do without: a title, a date, some text."""
        if not self.title:
            self.problems.append("no title found")
        if self.published_at is None:
            self.problems.append("no publication date found")
        if not self.paragraphs:
            self.problems.append("the commentary has no text")


@dataclass
class ParseResult:
    items: list[SourceItem]
    problems: list[str] = field(default_factory=list)
