from pathlib import Path
from zoneinfo import ZoneInfo

from watchdesk.importer.text import parse_text_dump

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "000_d479b18a8ff2a215.txt"
MINSK = ZoneInfo("Europe/Minsk")


def test_seed_reads_as_the_page_and_its_similar_article():
    result = parse_text_dump(SEED.read_text(encoding="utf-8"), tz=MINSK)
    page, similar = result.items
    assert page.title == "Minsk deliberately strains relations with the Kremlin"
    assert page.verdict_phrase == ""  # "Category status:" with nothing after it
    assert (page.published_at.year, page.published_at.month, page.published_at.day) == (2016, 4, 22)
    assert page.paragraphs[0].startswith("On May 6th Russian Security Council Secretary")
    assert page.paragraphs[-1].endswith("as an achievement.")
    assert len(page.paragraphs) == 8 and page.problems == []
    assert page.raw.startswith("Minsk deliberately") and page.raw.rstrip().endswith(
        "as an achievement."
    )

    assert similar.title.startswith("Belarusian and Ukrainian Defence Ministries")
    assert similar.credit == "Фото: RFRM"
    assert similar.listed_under == 0
    assert similar.published_at.isoformat() == "2017-10-02T11:57:00+03:00"
    assert not any("Recent trends" in p for p in similar.paragraphs)
    assert similar.paragraphs[-1].endswith("without the intervention of both presidents.")


def test_the_2020_status_form_and_problems_are_reported_not_raised():
    text = "A title\nCategory status: - (The situation has improved)\nno date here\n"
    (item,) = parse_text_dump(text, tz=MINSK).items
    assert item.verdict_phrase == "- (The situation has improved)"
    assert any("no publication date" in p for p in item.problems)


def test_empty_input_is_a_problem_not_a_crash():
    result = parse_text_dump("   \n\n", tz=MINSK)
    assert result.items == [] and result.problems == ["text: the text is empty"]


def test_the_packaged_seed_is_the_fixture():
    from importlib import resources

    packaged = resources.files("watchdesk.sample").joinpath("imports", SEED.name).read_bytes()
    assert packaged == SEED.read_bytes()
