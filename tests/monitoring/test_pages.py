"""What readers see at the public addresses."""

import pytest

from watchdesk.monitoring.models import CommentaryPage

SEED_URL = "/en/trends/belarus-russia/minsk-deliberately-strains-relations-with-the-kremlin/"


def _text(response) -> str:
    return response.content.decode()


def test_root_redirects_to_a_language(reader, sample):
    response = reader.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"


def test_commentary_page_shows_every_part_in_order(reader, sample):
    html = _text(reader.get(SEED_URL))
    html = html[html.find("<main") :]
    parts = [
        "<h1",
        "Minsk deliberately strains relations with the Kremlin",
        "Category status",
        "Not assessed",
        '<time datetime="2016-04-22T18:30:00+03:00">22 April 2016, 18:30</time>',
        "Week 11 – 17 April 2016",
        "On May 6th Russian Security Council Secretary Nikolai Patrushev",
        "Similar articles",
        "Recent trends",
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions, dict(zip(parts, positions, strict=True))
    assert positions == sorted(positions)


def test_commentary_page_with_photo_byline_and_credit(reader, sample):
    page = (
        CommentaryPage.objects.live().filter(locale__language_code="en").exclude(photo=None).first()
    )
    html = _text(reader.get(page.url))
    assert page.photo_credit in html and page.photo_caption in html
    assert 'class="byline"' in html and "<img" in html
    assert page.verdict_info.phrase in html


def test_similar_block_lists_stored_neighbours_not_latest_items(reader, sample):
    seed = CommentaryPage.objects.get(
        url_path__endswith="minsk-deliberately-strains-relations-with-the-kremlin/"
    )
    stored = list(seed.similar_links.order_by("rank").values_list("target__title", flat=True))
    assert 1 <= len(stored) <= 5
    html = _text(reader.get(SEED_URL))
    similar_block = html[html.find("Similar articles") : html.find("Recent trends")]
    for title in stored:
        assert title.replace("'", "&#x27;") in similar_block
    latest = CommentaryPage.objects.live().filter(locale=seed.locale).order_by("-published_at")[:5]
    assert [p.title for p in latest] != stored


def test_recent_trends_lists_every_trend_with_its_latest_verdict(reader, sample):
    html = _text(reader.get("/en/"))
    block = html[html.find("Recent trends") :]
    for trend in sample["trends"].values():
        assert trend["en"].title.replace("'", "&#x27;") in block
    assert block.count('class="recent-trends__item"') == 5


def test_home_leads_with_the_latest_full_week(reader, sample):
    html = _text(reader.get("/en/"))
    assert "Situation in Belarus, 24 – 30 July 2017" in html
    assert html.count('class="card"') == 5


def test_trend_archive_is_newest_first_with_pagination_and_strip(reader, sample):
    html = _text(reader.get("/en/trends/security/"))
    assert "Verdicts over the last 52 weeks" in html
    assert html.count('class="archive__item"') == 20
    assert "Page 1 of 2" in html and "?page=2" in html
    assert html.find("25 September – 1 October 2017") < html.find("24 – 30 July 2017")
    second = _text(reader.get("/en/trends/security/?page=2"))
    assert "2 – 8 January 2017" in second
    assert reader.get("/en/trends/security/?page=9").status_code == 404
    assert reader.get("/en/trends/security/?page=x").status_code == 200


def test_week_page_lists_all_trends_with_neighbours(reader, sample):
    html = _text(reader.get("/en/weeks/2017-02-06/"))
    assert "Situation in Belarus, 6 – 12 February 2017" in html
    assert html.count('class="card"') == 5
    assert "/en/weeks/2017-01-30/" in html and "/en/weeks/2017-02-13/" in html


@pytest.mark.parametrize(
    ("url", "status", "location"),
    [
        ("/en/weeks/2017-02-08/", 301, "/en/weeks/2017-02-06/"),
        ("/en/weeks/", 302, "/en/weeks/2017-09-25/"),
        ("/en/weeks/not-a-date/", 404, None),
        ("/en/trends/no-such-trend/", 404, None),
        ("/en/trends/security/no-such-commentary/", 404, None),
    ],
)
def test_bad_addresses_redirect_or_404(reader, sample, url, status, location):
    response = reader.get(url)
    assert response.status_code == status
    if location:
        assert response["Location"] == location


def test_russian_pages_are_russian(reader, sample):
    html = _text(reader.get("/ru/"))
    assert '<html lang="ru">' in html
    assert "Ситуация в Беларуси, 24 – 30 июля 2017" in html and "Последние тренды" in html
    trend = _text(reader.get("/ru/trends/security/"))
    assert "Вопросы безопасности" in trend and "Оценки за последние 52 недели" in trend


def test_belarusian_commentary_and_language_switch(reader, sample):
    page = CommentaryPage.objects.live().filter(locale__language_code="be").first()
    html = _text(reader.get(page.url))
    assert '<html lang="be">' in html and "Статус катэгорыі" in html and "Падобныя артыкулы" in html
    en = page.get_translation(sample["homes"]["en"].locale)
    assert f'href="{en.url}" lang="en"' in html


def test_language_switch_falls_back_to_the_trend_when_untranslated(reader, sample):
    html = _text(reader.get(SEED_URL))
    assert 'href="/ru/trends/belarus-russia/" lang="ru"' in html


def test_about_page_says_the_archive_is_illustrative(reader, sample):
    assert "illustrative" in _text(reader.get("/en/about/"))
    assert "иллюстративный" in _text(reader.get("/ru/about/"))
    assert "ілюстрацыйны" in _text(reader.get("/be/about/"))


def test_public_pages_send_a_strict_content_security_policy(reader, sample):
    csp = reader.get("/en/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp


def test_fast_page_urls_match_wagtail(sample):
    from wagtail.models import Page

    from watchdesk.monitoring.queries import page_url

    pages = Page.objects.filter(depth__gte=2).select_related("locale")
    assert pages.count() > 200
    for page in pages:
        assert page_url(page.url_path, page.locale.language_code) == page.url, page.url_path


def test_password_protected_trend_hides_its_commentaries(reader, sample):
    from wagtail.models import PageViewRestriction

    trend = sample["trends"]["security"]["en"]
    PageViewRestriction.objects.create(page=trend, restriction_type="password", password="s3cret")
    page = CommentaryPage.objects.live().filter(trend=trend).exclude(lead="").first()
    html = _text(reader.get(page.url))
    assert 'name="password"' in html
    assert page.lead not in html
