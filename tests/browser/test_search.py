"""Search in a real browser: the form, filters, highlighted passages, both widths."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_form_filters_and_highlights(served, page_at, shot):
    page = page_at(served + "/en/")
    with page.expect_navigation():
        page.get_by_role("link", name="Search").first.click()
    page.get_by_label("Search the archive").fill("Lukashenka")
    with page.expect_navigation(url="**/en/search/?**"):
        page.get_by_role("button", name="Search").click()
    marks = page.locator(".card__snippet mark")
    expect(marks.first).to_be_visible()
    assert marks.count() >= 5
    # English pages, plus imported ones that quote the Russian spelling
    assert {m.lower() for m in marks.all_inner_texts()} <= {"lukashenko", "лукашенко"}
    assert "commentaries" in page.get_by_role("status").inner_text()
    shot(page, "search-en-1280")

    page.select_option("select[name=trend]", label="Belarus–Russia relations")
    with page.expect_navigation(url="**trend=**"):
        page.get_by_role("button", name="Search").click()
    expect(page.locator(".card__trend").first).to_be_visible()
    assert set(page.locator(".card__trend").all_inner_texts()) == {"Belarus–Russia relations"}

    russian = page_at(served + "/ru/search/?q=" + "Лукашэнка", width=390)
    assert russian.locator("html").get_attribute("lang") == "ru"
    assert "Лукашенко" in russian.locator(".card__snippet mark").first.inner_text()
    assert russian.evaluate("document.documentElement.scrollWidth") <= 390
    shot(russian, "search-ru-390")

    nothing = page_at(served + "/en/search/?q=Lukashneko")
    expect(nothing.locator(".card")).to_have_count(0)
    with nothing.expect_navigation(url="**q=lukashenko**"):
        nothing.get_by_role("link", name="lukashenko").click()
    expect(nothing.locator(".card__snippet mark").first).to_be_visible()
    assert nothing.locator(".card__snippet mark").count() >= 5
    assert page.errors == [] and russian.errors == [] and nothing.errors == []
