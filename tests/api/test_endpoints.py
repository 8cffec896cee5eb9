"""The public JSON API on the sample archive: what each endpoint answers, and refuses."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import make_commentary
from watchdesk.monitoring.models import CommentaryPage, SimilarCommentary

BASE = settings.WATCHDESK_BASE_URL


def _live(lang: str):
    return CommentaryPage.objects.live().filter(locale__language_code=lang)


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- trends ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru", "be"])
def test_trends_are_listed_in_each_language_with_their_latest_verdict(reader, sample, lang):
    data = _get(reader, f"/api/trends/?lang={lang}")
    assert {t["slug"] for t in data} == set(sample["trends"])
    for trend in data:
        page = sample["trends"][trend["slug"]][lang]
        assert trend["id"] == page.pk
        assert trend["name"] == page.title
        assert trend["language"] == lang
        assert trend["url"] == BASE + page.url
        newest = _live(lang).filter(trend=page).order_by("-published_at").first()
        assert trend["latest"]["id"] == newest.pk
        assert trend["latest"]["verdict"] == newest.verdict
        assert trend["latest"]["week_start"] == newest.week_start.isoformat()


def test_an_unknown_language_is_refused_with_the_choices(reader, sample):
    data = _get(reader, "/api/trends/?lang=de", 422)
    assert "'en', 'ru' or 'be'" in str(data["detail"])


def test_responses_may_be_read_from_other_sites(reader, sample):
    assert reader.get("/api/trends/")["Access-Control-Allow-Origin"] == "*"


# --- commentaries ----------------------------------------------------------------------


def test_commentaries_are_paginated_newest_first_twenty_by_default(reader, sample):
    data = _get(reader, "/api/commentaries/?lang=en")
    live = list(_live("en").order_by("-published_at", "-pk"))
    assert data["count"] == len(live) > 20
    assert [c["id"] for c in data["items"]] == [p.pk for p in live[:20]]
    first, page = data["items"][0], live[0]
    assert first["url"] == BASE + page.url
    assert first["title"] == page.title
    assert first["language"] == "en"
    assert first["trend"] == {
        "id": page.trend_id,
        "slug": page.trend.slug,
        "name": page.trend.title,
    }
    assert first["verdict"] == page.verdict
    assert first["week_start"] == page.week_start.isoformat()
    assert first["excerpt"] == page.excerpt
    assert dt.datetime.fromisoformat(first["published_at"]) == page.published_at


def test_commentary_pages_follow_each_other_without_overlap(reader, sample):
    first = _get(reader, "/api/commentaries/?lang=ru&limit=7")["items"]
    second = _get(reader, "/api/commentaries/?lang=ru&limit=7&offset=7")["items"]
    together = _get(reader, "/api/commentaries/?lang=ru&limit=14")["items"]
    assert len(first) == len(second) == 7
    assert first + second == together


@pytest.mark.parametrize("query", ["limit=101", "limit=0", "offset=-1", "limit=many"])
def test_page_sizes_are_bounded(reader, sample, query):
    _get(reader, f"/api/commentaries/?{query}", 422)


def test_the_largest_page_is_a_hundred(reader, sample):
    assert len(_get(reader, "/api/commentaries/?limit=100")["items"]) == 100


def test_commentaries_filter_by_trend_verdict_and_week(reader, sample):
    week = _live("en").order_by("-week_start").values_list("week_start", flat=True).first()
    data = _get(reader, "/api/commentaries/?lang=en&trend=security&verdict=worsened&limit=100")
    expected = _live("en").filter(trend__slug="security", verdict="worsened")
    assert data["count"] == expected.count() > 0
    assert {(c["trend"]["slug"], c["verdict"]) for c in data["items"]} == {("security", "worsened")}
    data = _get(reader, f"/api/commentaries/?lang=en&week={week.isoformat()}")
    assert data["count"] == _live("en").filter(week_start=week).count() > 0
    assert {c["week_start"] for c in data["items"]} == {week.isoformat()}


def test_commentaries_filter_by_publication_days_inclusive(reader, sample):
    page = _live("be").order_by("published_at").first()
    day = timezone.localtime(page.published_at).date().isoformat()
    data = _get(reader, f"/api/commentaries/?lang=be&since={day}&until={day}&limit=100")
    assert page.pk in {c["id"] for c in data["items"]}
    for item in data["items"]:
        assert item["published_at"][:10] == day  # given in the site's time zone


def test_without_a_language_every_language_is_listed(reader, sample):
    data = _get(reader, "/api/commentaries/?trend=ruling-elite")
    assert data["count"] == CommentaryPage.objects.live().filter(trend__slug="ruling-elite").count()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("week=2017-02-07", "week must be a Monday"),
        ("since=2017-03-01&until=2017-02-01", "must not be later than"),
        ("trend=no-such-trend", "No trend has the slug"),
    ],
)
def test_impossible_filters_are_explained(reader, sample, query, message):
    assert message in _get(reader, f"/api/commentaries/?{query}", 400)["detail"]


@pytest.mark.parametrize(
    "query", ["verdict=better", "since=yesterday", "week=2017-13-01", "trend=a%20b", "lang=fr"]
)
def test_malformed_filters_are_refused(reader, sample, query):
    _get(reader, f"/api/commentaries/?{query}", 422)


def test_far_off_dates_are_harmless(reader, sample):
    assert _get(reader, "/api/commentaries/?since=0001-01-01&until=9999-12-31")["count"] > 0
    assert _get(reader, "/api/commentaries/?since=9999-12-31")["count"] == 0


def test_drafts_and_private_sections_are_never_listed(reader, sample):
    trend = sample["trends"]["security"]["en"]
    draft = make_commentary(trend, title="Unpublished draft", publish=False)
    listed = _get(reader, "/api/commentaries/?lang=en&trend=security&limit=100")
    assert draft.pk not in {c["id"] for c in listed["items"]}
    _get(reader, f"/api/commentaries/{draft.pk}/", 404)

    PageViewRestriction.objects.create(page=trend, restriction_type="login")
    hidden = _get(reader, "/api/commentaries/?lang=en&limit=100")
    assert all(c["trend"]["slug"] != "security" for c in hidden["items"])
    assert "security" not in {t["slug"] for t in _get(reader, "/api/trends/?lang=en")}
    translated = _live("ru").filter(trend__slug="security").values("translation_key")
    private = _live("en").filter(trend=trend, translation_key__in=translated).first()
    _get(reader, f"/api/commentaries/{private.pk}/", 404)
    # Nor named as another language's translation, or among another's similar articles.
    translation = _live("ru").get(translation_key=private.translation_key)
    assert "en" not in _get(reader, f"/api/commentaries/{translation.pk}/")["translations"]
    pointing = SimilarCommentary.objects.filter(
        target__in=_live("en").filter(trend=trend), source__live=True
    ).exclude(source__trend=trend)[0]
    data = _get(reader, f"/api/commentaries/{pointing.source_id}/")
    assert pointing.target_id not in {s["id"] for s in data["similar"]}


def test_the_list_is_read_in_a_fixed_number_of_queries(reader, sample, django_assert_num_queries):
    reader.get("/api/commentaries/?limit=5")  # warms the site-root memo
    # View restrictions, the count, the page of items with trend and locale joined.
    for limit in (5, 100):
        with django_assert_num_queries(3):
            assert reader.get(f"/api/commentaries/?lang=en&limit={limit}").status_code == 200
    # + the trend's ids (and view restrictions again) when filtering by slug.
    with django_assert_num_queries(5):
        assert reader.get("/api/commentaries/?trend=security&limit=100").status_code == 200


# --- one commentary --------------------------------------------------------------------


def test_a_commentary_has_its_body_authors_translations_and_similar_list(reader, sample):
    page = (
        _live("ru")
        .filter(author_links__isnull=False, similar_links__isnull=False)
        .order_by("-published_at")
        .first()
    )
    data = _get(reader, f"/api/commentaries/{page.pk}/")
    assert data["id"] == page.pk
    assert data["url"] == BASE + page.url
    assert data["lead"] == page.lead
    assert data["photo_credit"] == page.photo_credit
    assert data["body"].startswith("<") and "linktype=" not in data["body"]
    assert data["authors"] and all(a["name"] for a in data["authors"])

    others = CommentaryPage.objects.live().filter(translation_key=page.translation_key)
    expected = {p.locale.language_code: p for p in others.exclude(pk=page.pk)}
    assert set(data["translations"]) == set(expected) == {"en", "be"}
    for lang, other in expected.items():
        assert data["translations"][lang] == {"id": other.pk, "url": BASE + other.url}

    stored = SimilarCommentary.objects.filter(source=page, target__live=True).order_by("rank")
    assert [s["id"] for s in data["similar"]] == [s.target_id for s in stored]
    assert all(s["url"].startswith(BASE + "/ru/") for s in data["similar"])


@pytest.mark.parametrize("pk", ["999999", "2147483647"])
def test_an_unknown_commentary_is_not_found(reader, sample, pk):
    assert "No published commentary" in _get(reader, f"/api/commentaries/{pk}/", 404)["detail"]


@pytest.mark.parametrize("pk", ["0", "2147483648", "99999999999999999999999", "abc"])
def test_an_impossible_commentary_id_is_refused(reader, sample, pk):
    _get(reader, f"/api/commentaries/{pk}/", 422)


def test_a_trend_is_not_a_commentary(reader, sample):
    trend = sample["trends"]["security"]["en"]
    _get(reader, f"/api/commentaries/{trend.pk}/", 404)


# --- weeks -----------------------------------------------------------------------------


def test_weeks_are_listed_newest_first_with_each_trends_verdict(reader, sample):
    data = _get(reader, "/api/weeks/?lang=en&limit=3")
    weeks = list(
        _live("en").order_by("-week_start").values_list("week_start", flat=True).distinct()
    )
    assert data["count"] == len(weeks)
    assert [w["week_start"] for w in data["items"]] == [w.isoformat() for w in weeks[:3]]
    newest = data["items"][0]
    in_week = _live("en").filter(week_start=weeks[0])
    assert newest["commentaries"] == in_week.count()
    assert newest["week_end"] == (weeks[0] + dt.timedelta(days=6)).isoformat()
    for cell in newest["verdicts"]:
        latest = in_week.filter(trend__slug=cell["trend"]["slug"]).order_by("-published_at")[0]
        assert (cell["commentary_id"], cell["verdict"]) == (latest.pk, latest.verdict)


def test_weeks_of_one_trend(reader, sample):
    data = _get(reader, "/api/weeks/?lang=ru&trend=ruling-elite&limit=100")
    assert data["count"] == (
        _live("ru").filter(trend__slug="ruling-elite").values("week_start").distinct().count()
    )
    assert all(
        [c["trend"]["slug"] for c in w["verdicts"]] == ["ruling-elite"] for w in data["items"]
    )


def test_the_weeks_list_is_read_in_a_fixed_number_of_queries(
    reader, sample, django_assert_num_queries
):
    reader.get("/api/weeks/?limit=5")
    for limit in (5, 100):  # restrictions, count, the weeks, their verdicts
        with django_assert_num_queries(4):
            assert reader.get(f"/api/weeks/?limit={limit}").status_code == 200


def test_a_week_lists_its_commentaries(reader, sample):
    monday = _live("be").order_by("week_start").values_list("week_start", flat=True)[0]
    data = _get(reader, f"/api/weeks/{monday.isoformat()}/?lang=be")
    expected = _live("be").filter(week_start=monday)
    assert data["week_end"] == (monday + dt.timedelta(days=6)).isoformat()
    assert sorted(c["id"] for c in data["commentaries"]) == sorted(p.pk for p in expected)
    assert {c["language"] for c in data["commentaries"]} == {"be"}


def test_a_week_that_is_not_a_monday_is_not_found_with_a_reason(reader, sample):
    data = _get(reader, "/api/weeks/2017-02-08/", 404)
    assert "must be a Monday" in data["detail"] and "2017-02-08" in data["detail"]
    assert data["detail"].endswith("is a Wednesday.")
    russian = reader.get("/api/weeks/2017-02-08/", HTTP_ACCEPT_LANGUAGE="ru").json()["detail"]
    assert "2017-02-08 — это среда." in russian
    belarusian = reader.get("/api/weeks/2017-02-08/", HTTP_ACCEPT_LANGUAGE="be").json()["detail"]
    assert "2017-02-08 — гэта серада." in belarusian


def test_a_week_without_commentaries_is_not_found(reader, sample):
    assert "No commentaries" in _get(reader, "/api/weeks/1990-01-01/", 404)["detail"]


# --- ledger ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "&range=12", "&range=all", "&year=2017"])
def test_the_ledger_rows_match_the_json_download(reader, sample, query):
    data = _get(reader, f"/api/ledger/?lang=ru{query}")
    download = reader.get(f"/ru/ledger.json?{query.lstrip('&')}").json()
    assert data["rows"] and data["columns"] == download["columns"]
    assert [r["title"] for r in data["rows"]] == [r["title"] for r in download["rows"]]
    assert [r["url"] for r in data["rows"]] == [
        BASE + r["url"].removeprefix("http://testserver") for r in download["rows"]
    ]
    assert (data["range"], data["trends"]) == (download["range"], download["trends"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("range=13", "The range must be 12, 26, 52 or all"),
        ("year=17", "The year must be a number"),
        ("year=²⁰¹⁷", "The year must be a number"),
    ],
)
def test_a_ledger_range_it_cannot_show_is_explained(reader, sample, query, message):
    assert _get(reader, f"/api/ledger/?{query}", 400)["detail"].startswith(message)


def test_the_openapi_document_describes_every_endpoint(reader, sample):
    doc = _get(reader, "/api/openapi.json")
    assert doc["info"] == {"title": "Watchdesk API", "version": "1", **{
        "description": doc["info"]["description"]
    }}  # fmt: skip
    assert set(doc["paths"]) == {
        "/api/",
        "/api/trends/",
        "/api/weeks/",
        "/api/weeks/{monday}/",
        "/api/commentaries/",
        "/api/commentaries/{id}/",
        "/api/ledger/",
    }
    # No CDN-based docs page: it could not run under the site's Content-Security-Policy.
    assert reader.get("/api/docs", follow=True).status_code == 404


def test_one_commentary_is_read_in_a_fixed_number_of_queries(
    reader, sample, django_assert_num_queries
):
    pages = _live("en").filter(author_links__isnull=False, similar_links__isnull=False)
    first, second = pages.distinct().order_by("-published_at")[:2]
    reader.get(f"/api/commentaries/{first.pk}/")
    # View restrictions, the page with trend and locale, its translations, byline,
    # similar list.
    for page in (first, second):
        with django_assert_num_queries(5):
            assert reader.get(f"/api/commentaries/{page.pk}/").status_code == 200


def test_an_address_without_its_slash_is_redirected_within_the_api(reader, sample):
    response = reader.get("/api/trends?lang=ru")
    assert (response.status_code, response["Location"]) == (301, "/api/trends/?lang=ru")


def test_a_private_latest_commentary_is_not_named_in_trends(reader, sample):
    from wagtail.models import PageViewRestriction

    from watchdesk.monitoring.models import TrendLatest

    trend = sample["trends"]["security"]["en"]
    latest = TrendLatest.objects.get(trend=trend).commentary
    PageViewRestriction.objects.create(
        page=latest, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    rows = {row["slug"]: row for row in reader.get("/api/trends/?lang=en").json()}
    assert rows["security"]["latest"] is None
    assert rows["belarus-west"]["latest"] is not None


def test_unknown_api_addresses_answer_404_in_json(reader, sample):
    for address in ("/api/nope", "/api/trends/extra/", "/api/v2/commentaries/"):
        response = reader.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json" and "detail" in response.json()
