"""Readers' pages in a real browser: every part visible, links right, no CSP errors."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "/en/trends/belarus-russia/minsk-deliberately-strains-relations-with-the-kremlin/"
KYIV = (
    "/en/trends/security/"
    "kyiv-reinforces-its-northern-border-testing-the-new-cooperation-with-minsk/"
)


def _visible(page, selector: str) -> None:
    locator = page.locator(selector).first
    assert locator.is_visible(), f"{selector} is not visible"


def test_seed_commentary_shows_every_part(served, page_at, shot):
    page = page_at(served + SEED)
    assert (
        page.locator("h1").inner_text() == "Minsk deliberately strains relations with the Kremlin"
    )
    status = page.locator(".status")
    assert status.is_visible() and "Category status" in status.inner_text()
    assert "Not assessed" in status.inner_text()
    assert "22 April 2016, 18:30" in page.locator(".commentary__when").inner_text()
    assert "Patrushev" in page.locator(".body").inner_text()

    similar = page.locator(".similar__item")
    assert 1 <= similar.count() <= 5
    first = similar.first
    for part in (".card__title", ".card__when time", ".card__trend", ".verdict"):
        assert first.locator(part).is_visible(), part
    assert page.locator(".similar .card__lead").count() >= 1
    # Each suggestion says why it was chosen; the seed's neighbours are its own trend's.
    whys = page.locator(".similar__item .card__why")
    assert whys.count() == similar.count()
    for i in range(whys.count()):
        assert whys.nth(i).is_visible() and len(whys.nth(i).inner_text().strip()) > 10
    trends = [similar.nth(i).locator(".card__trend").inner_text() for i in range(similar.count())]
    assert sum("Russia" in t for t in trends) >= 3, trends

    recent = page.locator(".recent-trends__item")
    assert recent.count() == 5
    for i in range(5):
        item = recent.nth(i)
        assert item.locator(".recent-trends__trend").is_visible()
        assert (
            item.locator(".verdict").is_visible()
            and item.locator(".recent-trends__headline").is_visible()
        )
    assert page.errors == []
    shot(page, "commentary-seed-1280")
    narrow = page_at(served + SEED, width=390)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    shot(narrow, "commentary-seed-390")


def test_commentary_with_photo_byline_and_translation(served, page_at, shot):
    page = page_at(served + KYIV)
    _visible(page, ".photo img")
    assert page.locator(".photo__credit").inner_text().strip()
    assert "Maksim Rudak" in page.locator(".byline").inner_text()
    assert (
        "Worsened" in page.locator(".status").inner_text()
        or "worsened" in page.locator(".status").inner_text()
    )
    shot(page, "commentary-photo-1280")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    assert page.url.endswith(KYIV.replace("/en/", "/ru/"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Статус категории" in page.locator(".status").inner_text()
    assert "Похожие статьи" in page.locator(".similar h2").inner_text()
    shot(page, "commentary-ru-1280")
    assert page.errors == []


def test_trend_archive_strip_links_to_the_right_commentaries(served, page_at, shot):
    page = page_at(served + "/en/trends/belarus-russia/")
    assert page.locator("h1").inner_text() == "Belarus–Russia relations"
    cells = page.locator(".strip__cells li")
    assert cells.count() == 52
    linked = page.locator("a.strip__cell")
    assert linked.count() >= 26
    last = linked.last
    title = last.get_attribute("title")
    week_label, headline = re.match(r"(.+?): .+? — (.+)", title).groups()
    items = page.locator(".archive__item")
    assert items.count() == 20
    assert page.locator(".archive__item .verdict").count() == 20
    assert re.search(r"\d{4}", items.first.locator(".archive__week").inner_text())
    _visible(page, ".pagination")
    shot(page, "trend-archive-1280")
    last.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == headline
    assert week_label in page.locator(".commentary__when").inner_text()
    narrow = page_at(served + "/en/trends/belarus-russia/", width=390)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    shot(narrow, "trend-archive-390")
    assert page.errors == [] and narrow.errors == []


def test_home_week_and_belarusian_pages(served, page_at, shot):
    page = page_at(served + "/be/")
    assert page.locator("html").get_attribute("lang") == "be"
    assert "24 – 30 ліпеня 2017" in page.locator("h1").inner_text()
    assert page.locator(".cards .card").count() == 5
    shot(page, "home-be-1280")
    week = page_at(served + "/en/weeks/2017-02-06/")
    assert week.locator("h1").inner_text() == "Situation in Belarus, 6 – 12 February 2017"
    _visible(week, ".week-nav a[rel=prev]")
    _visible(week, ".week-nav a[rel=next]")
    shot(week, "week-1280")
    assert page.errors == [] and week.errors == []


def test_ledger_cells_link_to_their_commentaries_at_both_widths(served, page_at, shot):
    page = page_at(served + "/en/ledger/?range=26")
    cells = page.locator(".ledger__grid a")
    assert page.locator(".ledger__grid rect").count() == 5 * 26  # a cell per trend and week
    assert cells.count() >= 60  # the published ones link to their commentaries
    assert page.locator(".ledger__trends li").count() == 5
    # A cell's title is its trend, week, verdict and headline; following it opens that
    # commentary, of that week.
    target = cells.nth(cells.count() // 2)
    title = target.locator("title").text_content()
    week_label, headline = re.match(r".+?, (.+?): .+? — (.+)", title).groups()
    assert target.get_attribute("data-verdict") in {"improved", "unchanged", "worsened"}
    _visible(page, ".together__matrix")
    assert page.locator(".together p").first.inner_text().strip()
    shot(page, "ledger-1280")
    target.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == headline
    assert week_label in page.locator(".commentary__when").inner_text()

    narrow = page_at(served + "/en/ledger/?range=12", width=390)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    _visible(narrow, ".ledger__grid")
    box = narrow.locator(".ledger__grid rect").first.bounding_box()
    assert box["width"] >= 10 and box["height"] >= 20  # cells stay legible, not squeezed
    shot(narrow, "ledger-390")
    ru = page_at(served + "/ru/ledger/?range=all")
    assert ru.locator("h1").inner_text() == "Журнал оценок"
    shot(ru, "ledger-ru-all-1280")
    assert page.errors == [] and narrow.errors == [] and ru.errors == []


def test_trend_dynamics_and_what_changed(served, page_at, shot):
    page = page_at(served + "/en/trends/security/")
    _visible(page, ".dynamics__streak")
    assert re.search(r"in a row|Latest week", page.locator(".dynamics__streak").inner_text())
    _visible(page, ".balance__chart polyline")
    if page.locator(".dynamics__turns a").count():
        link = page.locator(".dynamics__turns a").first
        label = link.inner_text()
        link.click()
        page.wait_for_load_state()
        assert label in page.locator(".commentary__when").inner_text()
    narrow = page_at(served + "/en/trends/security/", width=390)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    shot(narrow, "trend-dynamics-390")
    home = page_at(served + "/en/")
    assert home.locator(".changed__item").count() == 5
    shot(home, "home-what-changed-1280")
    assert page.errors == [] and home.errors == []


def test_editor_admin_works_under_the_content_security_policy(served, page_at, shot):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("csp-editor", password="correct horse battery")
    user.groups.set([Group.objects.get(name="Editors")])
    page = page_at(served + "/admin/login/")
    page.fill("input[name=username]", "csp-editor")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    from watchdesk.monitoring.models import CommentaryPage

    target = CommentaryPage.objects.filter(locale__language_code="en").first()
    page.goto(f"{served}/admin/pages/{target.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=title]").input_value() == target.title
    shot(page, "admin-edit-1280")
    csp_errors = [e for e in page.errors if "Content Security Policy" in e]
    assert csp_errors == []
