"""The public read-only JSON API: trends, weeks, commentaries and the ledger.

Only live pages outside private sections are listed. Every list is either bounded by
the editorial structure (trends of a language) or paginated; every answer is a fixed
number of queries whatever the archive size.
"""

import datetime as dt
import json
import re
from typing import Annotated

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BeforeValidator
from wagtail.models import Locale, Page
from wagtail.rich_text import expand_db_html

from watchdesk.analysis.weeks import Week
from watchdesk.api import schemas
from watchdesk.api.schemas import Language, VerdictValue, absolute_url
from watchdesk.monitoring import ledger, queries
from watchdesk.monitoring.models import CommentaryPage, TrendPage
from watchdesk.throttling import api_throttle

# Primary keys are 32-bit on PostgreSQL; a larger number could never name a page and
# would fail in the database instead of answering 404.
MAX_ID = 2**31 - 1
# Publication filters outside these years are the same as no bound, and clamping keeps
# far-off dates from overflowing when converted to UTC.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
SLUG = r"^[-\w]+$"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day_only(value):
    # Pydantic would also read "0" as 1970-01-01 (a Unix time) and accept a date with a
    # time; the API promises dates as YYYY-MM-DD and nothing else.
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("give the date as YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day_only)]


class Pages(LimitOffsetPagination):
    """Ninja's limit/offset pagination with a small default and a hard ceiling."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100, description="How many items (1–100).")
        # Bounded so that a huge offset is refused up front instead of reaching SQL.
        offset: int = Field(0, ge=0, le=1_000_000, description="How many items to skip.")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=100, **kwargs)


class OpenDataAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable names for client generators instead of the module path.
        return operation.view_func.__name__

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Read-only public data: any site may read it from a browser, like ledger.json.
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 404:
            # LocaleMiddleware turns a 404 at an address without a language prefix into
            # a redirect to /<lang>/<address> whenever that would resolve, and the
            # site's catch-all page route resolves everything. An API answer is final;
            # the middleware only redirects when the request's URLconf has
            # language-prefixed patterns, so point it at the API's own.
            request.urlconf = "watchdesk.api.urls"
        return response


api = OpenDataAPI(
    title="Watchdesk API",
    version="1",
    description=(
        "Read-only weekly monitoring data: trends, weeks, commentaries with their "
        "verdicts, and the verdict ledger. Anonymous clients are rate-limited."
    ),
    urls_namespace="api",
    # Ninja's interactive docs load scripts from a CDN, which the site's
    # Content-Security-Policy forbids; the OpenAPI document opens in any viewer.
    docs_url=None,
    throttle=api_throttle(),
)

NOT_FOUND = {404: schemas.Problem}
BAD_REQUEST = {400: schemas.Problem}
# Every operation with parameters may refuse them (422) and any may be throttled.
COMMON_ERRORS = {422: schemas.Invalid, 429: schemas.Problem}

LangQuery = Annotated[Language, Query(description="Language of the pages: en, ru or be.")]
TrendQuery = Annotated[
    str | None,
    Query(pattern=SLUG, max_length=255, description="A trend's slug (shared by languages)."),
]


# Wagtail's own reading of view restrictions: a restricted page and everything below it.
NOTHING_HIDDEN = Q(pk__in=[])


def _hidden() -> Q:
    """The pages in private sections (one query), to leave out of every answer."""
    return Page.objects.all().private_q()


def _commentaries():
    return queries.public(CommentaryPage.objects.all())


def _trend_ids(slug: str, lang: str | None) -> list[int]:
    trends = queries.public(TrendPage.objects.filter(slug=slug))
    if lang:
        trends = trends.filter(locale__language_code=lang)
    ids = list(trends.values_list("pk", flat=True))
    if not ids:
        raise HttpError(400, _("No trend has the slug “%(slug)s”.") % {"slug": slug})
    return ids


def _day_start(day: dt.date) -> dt.datetime:
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _weekday(day: dt.date) -> str:
    """The day's name in the answer's language, as it is written inside a sentence:
    Django's formats capitalise it, but Russian and Belarusian write it in lower case."""
    name = date_format(day, "l")
    language = (translation.get_language() or "").split("-")[0]
    return name.lower() if language in ("ru", "be") else name


def _require_monday(day: dt.date, status: int, what: str) -> None:
    if day.weekday() != 0:
        raise HttpError(
            status,
            _("%(what)s must be a Monday, such as 2017-02-06; %(day)s is a %(weekday)s.")
            % {"what": what, "day": day.isoformat(), "weekday": _weekday(day)},
        )


@api.get("/", response={200: dict[str, str], **COMMON_ERRORS}, summary="Where things are")
def index(request):
    base = queries.absolute("/api/")
    return {
        "openapi": base + "openapi.json",
        "trends": base + "trends/",
        "weeks": base + "weeks/",
        "commentaries": base + "commentaries/",
        "ledger": base + "ledger/",
    }


@api.get(
    "/trends/",
    response={200: list[schemas.TrendOut], **COMMON_ERRORS},
    summary="Trends of a language, with their latest verdict",
)
def trends(request, lang: LangQuery = "en"):
    latest = "latest__commentary__"
    rows = (
        queries.public(TrendPage.objects.filter(locale__language_code=lang))
        .order_by("order", "title")
        .values(
            "id",
            "slug",
            "title",
            "description",
            "url_path",
            *(latest + f for f in ("id", "verdict", "week_start", "published_at", "live")),
        )
    )
    rows = list(rows)
    # The stored "latest" ignores privacy: a commentary in a private section stays out.
    latest_ids = [row[latest + "id"] for row in rows if row[latest + "id"]]
    visible = set(
        queries.public(Page.objects.filter(pk__in=latest_ids)).values_list("pk", flat=True)
    )
    out = []
    for row in rows:
        out.append(
            {
                "id": row["id"],
                "slug": row["slug"],
                "name": row["title"],
                "description": row["description"],
                "url": absolute_url(row["url_path"], lang),
                "language": lang,
                "latest": (
                    {
                        "id": row[latest + "id"],
                        "verdict": row[latest + "verdict"],
                        "week_start": row[latest + "week_start"],
                        "published_at": row[latest + "published_at"],
                    }
                    if row[latest + "id"] in visible
                    else None
                ),
            }
        )
    return out


class WeekList:
    """The weeks that have commentaries, newest first, as a sequence ninja's paginator
    can count and slice: one query for the count, two for a slice whatever its size."""

    def __init__(self, commentaries) -> None:
        self.commentaries = commentaries

    def __len__(self) -> int:
        return self.commentaries.values("week_start").distinct().count()

    def __getitem__(self, part: slice) -> list[dict]:
        weeks = list(
            self.commentaries.values("week_start")
            .annotate(n=Count("pk"))
            .order_by("-week_start")[part]
        )
        if not weeks:
            return []
        rows = (
            self.commentaries.filter(week_start__in=[w["week_start"] for w in weeks])
            .order_by("trend__order", "trend__title", "published_at", "pk")
            .values("id", "week_start", "verdict", "trend_id", "trend__slug", "trend__title")
        )
        verdicts: dict[dt.date, dict[int, dict]] = {w["week_start"]: {} for w in weeks}
        for row in rows:
            # Several commentaries of one trend in a week: the latest gives the verdict,
            # as in the ledger.
            verdicts[row["week_start"]][row["trend_id"]] = {
                "trend": {
                    "id": row["trend_id"],
                    "slug": row["trend__slug"],
                    "name": row["trend__title"],
                },
                "verdict": row["verdict"],
                "commentary_id": row["id"],
            }
        return [
            {
                "week_start": w["week_start"],
                "week_end": Week(w["week_start"]).end,
                "commentaries": w["n"],
                "verdicts": list(verdicts[w["week_start"]].values()),
            }
            for w in weeks
        ]


@api.get(
    "/weeks/",
    response={200: list[schemas.WeekOut], **BAD_REQUEST, **COMMON_ERRORS},
    summary="Weeks that have commentaries, newest first, with each trend's verdict",
)
@paginate(Pages)
def weeks(request, lang: LangQuery = "en", trend: TrendQuery = None):
    commentaries = _commentaries().filter(locale__language_code=lang, trend__isnull=False)
    if trend:
        commentaries = commentaries.filter(trend_id__in=_trend_ids(trend, lang))
    return WeekList(commentaries)


def _listed(commentaries):
    # Everything the list shape reads, in the same query: no query per item.
    return commentaries.select_related("trend", "locale").defer("body", "date_evidence")


@api.get(
    "/weeks/{monday}/",
    response={200: schemas.WeekDetail, **NOT_FOUND, **COMMON_ERRORS},
    summary="One week's commentaries, by trend",
)
def week(request, monday: Day, lang: LangQuery = "en"):
    _require_monday(monday, 404, _("A week address"))
    pages = list(
        _listed(_commentaries())
        .filter(locale__language_code=lang, week_start=monday)
        .order_by("trend__order", "trend__title", "-published_at", "-pk")
    )
    if not pages:
        raise HttpError(
            404,
            _("No commentaries in %(lang)s for the week starting %(day)s.")
            % {"lang": lang, "day": monday.isoformat()},
        )
    return {
        "week_start": monday,
        "week_end": Week(monday).end,
        "language": lang,
        "commentaries": pages,
    }


class CommentaryFilters(Schema):
    lang: Language | None = Field(None, description="Language: en, ru or be (default: all).")
    trend: str | None = Field(
        None, pattern=SLUG, max_length=255, description="A trend's slug (shared by languages)."
    )
    verdict: VerdictValue | None = None
    since: Day | None = Field(None, description="Published on or after this day.")
    until: Day | None = Field(None, description="Published on or before this day.")
    week: Day | None = Field(None, description="The Monday of the week reported on.")


@api.get(
    "/commentaries/",
    response={200: list[schemas.CommentaryOut], **BAD_REQUEST, **COMMON_ERRORS},
    summary="Commentaries, newest first",
)
@paginate(Pages)
def commentaries(request, filters: Query[CommentaryFilters]):
    pages = _commentaries()
    if filters.lang:
        pages = pages.filter(locale__language_code=filters.lang)
    if filters.trend:
        pages = pages.filter(trend_id__in=_trend_ids(filters.trend, filters.lang))
    if filters.verdict:
        pages = pages.filter(verdict=filters.verdict)
    if filters.since and filters.until and filters.since > filters.until:
        raise HttpError(400, _("“since” must not be later than “until”."))
    if filters.since:
        pages = pages.filter(published_at__gte=_day_start(filters.since))
    if filters.until and filters.until < LATEST:
        pages = pages.filter(published_at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    if filters.week:
        _require_monday(filters.week, 400, _("week"))
        pages = pages.filter(week_start=filters.week)
    return _listed(pages).order_by("-published_at", "-pk")


@api.get(
    "/commentaries/{id}/",
    response={200: schemas.CommentaryDetail, **NOT_FOUND, **COMMON_ERRORS},
    summary="One commentary with its body, authors, translations and similar articles",
)
def commentary(request, id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    hidden = _hidden()
    live = CommentaryPage.objects.live().exclude(hidden)
    page = live.select_related("trend", "locale").filter(pk=id).first()
    if page is None:
        raise HttpError(404, _("No published commentary has the id %(id)d.") % {"id": id})
    out = schemas.CommentaryOut.from_orm(page).model_dump()
    others = (
        live.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values_list("pk", "url_path", "locale__language_code")
    )
    similar = queries.similar_items(page)
    if hidden != NOTHING_HIDDEN and similar:
        # Stored lists predate a section going private; one more query only then.
        shown = set(live.filter(pk__in=[s.item.id for s in similar]).values_list("pk", flat=True))
        similar = [s for s in similar if s.item.id in shown]
    out.update(
        lead=page.lead,
        body=expand_db_html(page.body),
        photo_credit=page.photo_credit,
        authors=[{"name": a.name, "role": a.role} for a in queries.byline(page)],
        translations={
            language: {"id": pk, "url": absolute_url(url_path, language)}
            for pk, url_path, language in others
        },
        similar=[
            {
                "id": s.item.id,
                "title": s.item.title,
                "url": queries.absolute(s.item.url),
                "verdict": s.item.verdict,
                "published_at": s.item.published_at,
            }
            for s in similar
        ],
    )
    return out


@api.get(
    "/ledger/",
    response={200: schemas.LedgerOut, **BAD_REQUEST, **NOT_FOUND, **COMMON_ERRORS},
    summary="The verdict ledger's cells, as /<lang>/ledger.json gives them",
)
def ledger_rows(
    request,
    lang: LangQuery = "en",
    range: Annotated[
        str | None, Query(max_length=10, description="12, 26, 52 or all (default 52).")
    ] = None,
    year: Annotated[
        str | None, Query(max_length=10, description="A calendar year such as 2017.")
    ] = None,
):
    locale = Locale.objects.filter(language_code=lang).first()
    if locale is None:
        raise HttpError(404, _("The site has no %(lang)s pages.") % {"lang": lang})
    params = {key: value for key, value in (("range", range), ("year", year)) if value}
    try:
        rng = ledger.Range.parse(params)
    except ledger.RangeError as problem:
        raise HttpError(400, str(problem)) from None
    # The same cached document as the download, so both always agree.
    _data, body = ledger.download(locale, rng, "json", settings.WATCHDESK_BASE_URL)
    return json.loads(body)
