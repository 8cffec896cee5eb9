"""What a commentary tells search engines and link previews in its <head>."""

import lxml.html
import pytest
from django.conf import settings
from django.utils import timezone, translation

from watchdesk.monitoring import queries
from watchdesk.monitoring.models import CommentaryPage

BASE = settings.WATCHDESK_BASE_URL


def _head(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).head


def _meta(head, key: str) -> list[str]:
    attribute = "name" if key.startswith("twitter:") or key == "description" else "property"
    return head.xpath(f"meta[@{attribute}=$key]/@content", key=key)


def _one(head, key: str) -> str:
    values = _meta(head, key)
    assert len(values) == 1, (key, values)
    return values[0]


def _translated_with_photo() -> CommentaryPage:
    for page in (
        CommentaryPage.objects.live()
        .filter(locale__language_code="ru")
        .exclude(photo=None)
        .select_related("trend", "locale")
    ):
        if len(queries.translations(page)[0]) > 1:
            return page
    pytest.fail("the sample has no translated commentary with a photo")


def test_commentary_with_photo_has_canonical_alternates_and_previews(reader, sample):
    page = _translated_with_photo()
    head = _head(reader, page)
    canonical = BASE + page.url

    assert head.xpath("link[@rel='canonical']/@href") == [canonical]
    versions = queries.translations(page)[0]
    alternates = {link.get("hreflang"): link.get("href") for link in head.xpath("link[@hreflang]")}
    assert alternates == {code: BASE + url for code, url in versions.items()}

    assert _one(head, "description") == page.excerpt
    assert _one(head, "og:type") == "article"
    assert _one(head, "og:title") == page.title
    assert _one(head, "og:description") == page.excerpt
    assert _one(head, "og:url") == canonical
    assert _one(head, "og:site_name") == settings.WAGTAIL_SITE_NAME
    assert _one(head, "og:locale") == "ru_RU"
    others = {"en": "en_GB", "be": "be_BY"}
    assert set(_meta(head, "og:locale:alternate")) == {
        others[code] for code in versions if code != "ru"
    }
    image = _one(head, "og:image")
    assert image.startswith(BASE + "/media/images/") and "fill-960x540" in image
    assert reader.get(image[len(BASE) :]).status_code == 200
    assert _one(head, "og:image:width") == "960"

    published = timezone.localtime(page.published_at).isoformat()
    assert _one(head, "article:published_time") == published
    assert _one(head, "article:section") == page.trend.title
    with translation.override("ru"):
        assert _one(head, "article:tag") == str(page.verdict_info.label)

    assert _one(head, "twitter:card") == "summary_large_image"
    assert _one(head, "twitter:title") == page.title
    assert _one(head, "twitter:description") == page.excerpt
    assert _one(head, "twitter:image") == image


def test_commentary_without_photo_gets_a_summary_card(reader, sample):
    page = (
        CommentaryPage.objects.live()
        .filter(locale__language_code="en", photo=None)
        .select_related("trend")
        .first()
    )
    head = _head(reader, page)
    assert _meta(head, "og:image") == [] and _meta(head, "twitter:image") == []
    assert _one(head, "twitter:card") == "summary"
    assert _one(head, "og:locale") == "en_GB"
    assert _one(head, "og:url") == BASE + page.url
    assert _one(head, "og:title") == _one(head, "twitter:title") == page.title
    assert _one(head, "article:section") == page.trend.title
    assert _one(head, "article:tag") == str(page.verdict_info.label)
    own = head.xpath("link[@hreflang='en']/@href")
    assert own == [BASE + page.url]


def test_search_description_wins_over_the_excerpt(reader, sample):
    page = CommentaryPage.objects.live().filter(locale__language_code="en").first()
    CommentaryPage.objects.filter(pk=page.pk).update(search_description="Written for search")
    head = _head(reader, page)
    assert _one(head, "description") == "Written for search"
    assert _one(head, "og:description") == "Written for search"
