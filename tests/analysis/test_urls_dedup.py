import pytest

from watchdesk.analysis import dedup
from watchdesk.analysis.urls import canonical_url, parse_aliases

ALIASES = {"monitor-by.example": "belarusmonitor.example"}


@pytest.mark.parametrize(
    "url",
    [
        "http://belarusmonitor.example/analytics/x?page=1",
        "https://www.belarusmonitor.example/analytics/x",
        "https://belarusmonitor.example/analytics/x/",
        "HTTPS://BelarusMonitor.example:443/analytics/x/index.html",
        "https://monitor-by.example/analytics/x?utm_source=rss&utm_medium=feed",
        "//www.belarusmonitor.example/analytics//x?fbclid=abc",
    ],
)
def test_url_variants_collapse_to_one_key(url):
    assert canonical_url(url, aliases=ALIASES) == "belarusmonitor.example/analytics/x"


def test_significant_parameters_and_other_articles_stay_apart():
    assert canonical_url("https://site.example/node?id=7") != canonical_url(
        "https://site.example/node?id=8"
    )
    assert canonical_url("https://site.example/a") != canonical_url("https://site.example/b")


@pytest.mark.parametrize(
    "url", ["", "not a url", "javascript:alert(1)", "mailto:x@y.z", "ftp://x/y", "http://"]
)
def test_non_web_addresses_have_no_key(url):
    assert canonical_url(url) is None


def test_alias_option_is_validated():
    assert parse_aliases(["www.mirror.by=Main.by"]) == {"mirror.by": "main.by"}
    with pytest.raises(ValueError, match="ALTERNATE=MAIN"):
        parse_aliases(["mirror.by"])


TEXT = (
    "Belarus and Lithuania again exchanged accusations over the Astravets nuclear power plant. "
    "Vilnius insists that the site was chosen without proper consultation, while Minsk says that "
    "every international review confirmed its safety. The dispute now reaches Brussels, where "
    "Lithuanian diplomats seek a common European position on electricity imports from the plant. "
    "Belarusian officials answer with invitations to inspectors and with the results of "
    "stress tests carried out under European rules, and they point out that the first unit "
    "is already being fuelled. "
    "Neither side is likely to move before the plant starts working, and the quarrel is set "
    "to shape "
    "the relations between the two neighbours for years, well beyond the energy sector itself, as "
    "transit, border crossings and regional cooperation all feel its weight."
)


def test_near_duplicates_are_found_and_different_texts_are_not():
    copy = TEXT.replace("accusations", "acusations").replace(
        " Vilnius insists", " Vilnius still insists"
    )
    other = (
        "Opposition parties agreed to coordinate candidates for the local elections next February."
    )
    index = dedup.Index()
    index.add("original", dedup.signature(TEXT))
    index.add("other", dedup.signature(other))
    key, score = index.best_match(dedup.signature(copy))
    assert key == "original" and score >= dedup.MERGE
    assert dedup.similarity(dedup.signature(TEXT), dedup.signature(other)) < dedup.REPORT


def test_empty_text_has_a_signature():
    assert dedup.signature("").shape == (dedup.PERMUTATIONS,)
