"""What the public API answers with: the OpenAPI document is generated from these."""

import datetime as dt
from typing import Literal

from ninja import Schema

from watchdesk.monitoring.queries import absolute, page_url

Language = Literal["en", "ru", "be"]
VerdictValue = Literal["improved", "unchanged", "worsened", "not_assessed"]


def absolute_url(url_path: str, language: str) -> str:
    """The public address of a page, with the site's scheme and host, so clients on
    other sites can follow it."""
    return absolute(page_url(url_path, language))


class Problem(Schema):
    detail: str


class InvalidParameter(Schema):
    type: str
    loc: list[str | int]
    msg: str


class Invalid(Schema):
    """Ninja's answer to parameters that do not fit the documented types."""

    detail: list[InvalidParameter]


class LatestCommentary(Schema):
    id: int
    verdict: VerdictValue
    week_start: dt.date | None
    published_at: dt.datetime | None


class TrendOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    url: str
    language: Language
    latest: LatestCommentary | None


class TrendRef(Schema):
    id: int
    slug: str
    name: str


class CommentaryFields(Schema):
    id: int
    title: str
    url: str
    language: Language
    trend: TrendRef | None
    verdict: VerdictValue
    published_at: dt.datetime | None
    week_start: dt.date | None
    excerpt: str


class CommentaryOut(CommentaryFields):
    """A commentary as lists give it; read from a page with its trend and locale joined."""

    @staticmethod
    def resolve_url(page) -> str:
        return absolute_url(page.url_path, page.locale.language_code)

    @staticmethod
    def resolve_language(page) -> str:
        return page.locale.language_code

    @staticmethod
    def resolve_trend(page) -> dict | None:
        trend = page.trend
        return {"id": trend.pk, "slug": trend.slug, "name": trend.title} if trend else None


class AuthorOut(Schema):
    name: str
    role: str


class PageRef(Schema):
    id: int
    url: str


class SimilarOut(Schema):
    id: int
    title: str
    url: str
    verdict: VerdictValue
    published_at: dt.datetime | None


class CommentaryDetail(CommentaryFields):
    lead: str
    body: str
    photo_credit: str
    authors: list[AuthorOut]
    translations: dict[str, PageRef]
    similar: list[SimilarOut]


class TrendVerdict(Schema):
    trend: TrendRef
    verdict: VerdictValue
    commentary_id: int


class WeekOut(Schema):
    week_start: dt.date
    week_end: dt.date
    commentaries: int
    verdicts: list[TrendVerdict]


class WeekDetail(Schema):
    week_start: dt.date
    week_end: dt.date
    language: Language
    commentaries: list[CommentaryOut]


class LedgerRange(Schema):
    weeks: int | None
    year: int | None


class LedgerRow(Schema):
    trend: str
    week_start: dt.date
    week_end: dt.date
    verdict: VerdictValue
    url: str
    language: Language
    title: str


class LedgerOut(Schema):
    language: Language
    range: LedgerRange
    first_week: dt.date | None
    last_week: dt.date | None
    trends: list[str]
    columns: list[str]
    rows: list[LedgerRow]
