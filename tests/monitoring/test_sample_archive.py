"""The demo archive meets what the About page and the front page promise."""

from collections import Counter, defaultdict

from django.utils.html import strip_tags

from watchdesk.monitoring.models import CommentaryPage, TrendPage


def _words(page):
    return len((page.lead + " " + strip_tags(page.body)).split())


def test_every_trend_has_at_least_26_consecutive_weeks(sample):
    for trend in TrendPage.objects.filter(locale__language_code="en"):
        weeks = sorted(
            CommentaryPage.objects.live().filter(trend=trend).values_list("week_start", flat=True)
        )
        run = best = 1
        for before, after in zip(weeks, weeks[1:], strict=False):
            run = run + 1 if (after - before).days == 7 else 1
            best = max(best, run)
        assert best >= 26, f"{trend.title}: longest run of weeks is {best}"


def test_archive_size_languages_and_lengths(sample):
    en = CommentaryPage.objects.live().filter(locale__language_code="en")
    assert en.count() >= 130
    by_lang = Counter(CommentaryPage.objects.live().values_list("locale__language_code", flat=True))
    assert by_lang["ru"] >= 15 and by_lang["be"] >= 5
    generated = en.filter(author_links__isnull=False).distinct()  # imported pages have no byline
    lengths = [_words(p) for p in generated]
    assert min(lengths) >= 120 and max(lengths) <= 400


def test_verdicts_bylines_and_credits_vary(sample):
    en = CommentaryPage.objects.live().filter(locale__language_code="en")
    assert set(en.values_list("verdict", flat=True)) >= {"improved", "unchanged", "worsened"}
    assert en.values("photo_credit").distinct().count() >= 3
    authors = defaultdict(set)
    for page in en.prefetch_related("author_links__author"):
        for link in page.author_links.all():
            authors[page.trend_id].add(link.author.name)
    assert len(set().union(*authors.values())) >= 5


def test_translations_are_linked_to_their_english_source(sample):
    ru = CommentaryPage.objects.live().filter(locale__language_code="ru")
    for page in ru:
        source = page.get_translation(sample["homes"]["en"].locale)
        assert source.live and source.verdict == page.verdict
        assert source.week_start == page.week_start and source.slug == page.slug


def test_the_seed_page_is_in_the_archive(sample):
    seed = CommentaryPage.objects.get(title="Minsk deliberately strains relations with the Kremlin")
    assert seed.live and seed.trend.slug == "belarus-russia"
    assert seed.verdict == "not_assessed"
    similar = CommentaryPage.objects.get(title__startswith="Belarusian and Ukrainian Defence")
    assert similar.photo_credit == "Фото: RFRM" and similar.trend.slug == "security"
