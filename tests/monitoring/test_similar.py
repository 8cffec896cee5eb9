"""Similar articles as stored and shown: explanations, pins, exclusions, languages."""

import pytest

from tests.factories import make_commentary, minsk
from watchdesk.monitoring import actions
from watchdesk.monitoring.models import (
    CommentaryPage,
    SimilarCommentary,
    SimilarExclusion,
    SimilarPin,
)

SEED = "Minsk deliberately strains relations with the Kremlin"


@pytest.fixture(autouse=True)
def fresh_models(settings, tmp_path):
    """Each test starts with no model in the process and its own snapshot directory,
    as a newly started server process would."""
    from watchdesk.monitoring import similar

    settings.DATA_DIR = tmp_path
    similar.forget_models()
    yield
    similar.forget_models()


def _list(page):
    return list(
        SimilarCommentary.objects.filter(source=page)
        .order_by("rank")
        .values_list("target_id", flat=True)
    )


def test_the_seed_is_offered_its_belarus_russia_neighbours_not_the_latest_items(sample):
    seed = CommentaryPage.objects.get(title=SEED)
    rows = SimilarCommentary.objects.filter(source=seed).select_related("target__trend")
    trends = [row.target.trend.slug for row in rows]
    assert len(trends) >= 3 and trends.count("belarus-russia") >= 3
    latest = CommentaryPage.objects.live().filter(locale=seed.locale).order_by("-published_at")
    # A genuinely similar item may also be recent, but the list is not the latest items.
    assert len(set(_list(seed)) & set(latest.values_list("pk", flat=True)[:5])) <= 1
    assert all(row.reasons.get("terms") for row in rows)


def test_the_page_explains_each_suggestion(reader, sample):
    seed = CommentaryPage.objects.get(title=SEED)
    html = reader.get(seed.url).content.decode()
    block = html[html.find("Similar articles") : html.find("Recent trends")]
    assert block.count('class="card__why"') == SimilarCommentary.objects.filter(source=seed).count()
    assert "Shared:" in block and "same trend" in block


def test_editors_pins_come_first_and_exclusions_never_show(sample):
    seed = CommentaryPage.objects.get(title=SEED)
    before = _list(seed)
    pinned = CommentaryPage.objects.live().filter(locale=seed.locale, trend__slug="society").first()
    excluded = before[0]
    seed.similar_pins.add(SimilarPin(target=pinned))
    seed.similar_exclusions.add(SimilarExclusion(target_id=excluded))
    seed.save_revision().publish()
    after = _list(seed)
    assert after[0] == pinned.pk and excluded not in after
    assert SimilarCommentary.objects.get(source=seed, target=pinned).pinned
    actions.rebuild_similar()  # pins and exclusions survive a rebuild
    assert _list(seed)[0] == pinned.pk and excluded not in _list(seed)


def test_russian_pages_show_translations_of_the_english_suggestions(sample):
    for ru in CommentaryPage.objects.live().filter(locale__language_code="ru")[:6]:
        english = ru.get_translation(sample["homes"]["en"].locale)
        english_targets = CommentaryPage.objects.filter(pk__in=_list(english))
        translated = {
            t.get_translation_or_none(ru.locale).pk
            for t in english_targets
            if t.get_translation_or_none(ru.locale) is not None
        }
        listed = _list(ru)
        assert translated, "the sample's translated pages have translated neighbours"
        assert translated <= set(listed)
        assert all(
            p.locale_id == ru.locale_id for p in CommentaryPage.objects.filter(pk__in=listed)
        )


def test_a_new_commentary_enters_the_lists_it_belongs_to_at_publication(sample):
    security = sample["trends"]["security"]["en"]
    zapad = CommentaryPage.objects.filter(title__icontains="Zapad-2017", trend=security).first()
    text = "<p>" + " ".join([zapad.lead] * 3) + "</p>"
    page = make_commentary(
        security,
        title="Zapad-2017: observers and rail bookings again",
        body=text,
        published_at=minsk(2017, 7, 31, 10),
    )
    assert _list(page)  # its own list, written in the publish transaction
    assert page.pk in _list(zapad) or SimilarCommentary.objects.filter(target=page).exists()


def test_publishing_leaves_every_list_as_a_full_recompute_would(sample):
    from watchdesk.monitoring import similar

    security = sample["trends"]["security"]["en"]
    zapad = CommentaryPage.objects.filter(title__icontains="Zapad-2017", trend=security).first()
    page = make_commentary(
        security,
        title="Zapad-2017 observers return to the Grodno region",
        body="<p>" + zapad.lead + " " + zapad.title + "</p>",
        published_at=minsk(2017, 8, 7, 10),
    )
    model = similar.model_for("en")
    row = model.position[page.pk]
    neighbours = {model.ids[c] for c in model.candidates([row], model.weights.candidates)[0]}
    assert len(neighbours) > 5
    # Every list the new page belongs to, recomposed from scratch, equals what the
    # publish step stored incrementally; the lists it does not belong to do not hold it.
    # (Those keep their earlier order: near-ties may differ from a refit's.)
    expected = similar.compose(neighbours | {page.pk})
    entered = [pk for pk, items in expected.items() if page.pk in {t for t, _, _ in items}]
    assert len(entered) >= 2, "the new page enters its neighbours' lists"
    for pk, items in expected.items():
        stored = list(
            SimilarCommentary.objects.filter(source_id=pk)
            .order_by("rank")
            .values_list("target_id", flat=True)
        )
        if pk in entered or pk == page.pk:
            assert stored == [t for t, _, _ in items], pk
        else:
            assert page.pk not in stored, pk


def test_nothing_similar_says_so_instead_of_filling_up(reader, sample):
    security = sample["trends"]["security"]["en"]
    # Words the archive has never used: nothing can clear the similarity floor.
    page = make_commentary(
        security,
        title="Zorvat plimenska",
        body="<p>Quorrel vintabe skaldor mewlint praxodene, vortilan queb sorrandish.</p>",
    )
    assert _list(page) == []
    html = reader.get(page.url).content.decode()
    assert "No sufficiently similar commentaries yet." in html


def test_a_restarted_process_loads_its_snapshot_and_keeps_publishing(sample, tmp_path):
    from watchdesk.monitoring import similar

    security = sample["trends"]["security"]["en"]
    zapad = CommentaryPage.objects.filter(title__icontains="Zapad-2017", trend=security).first()
    first = make_commentary(
        security, title="Zapad-2017 railway bookings", body="<p>" + zapad.lead + "</p>"
    )
    assert list(tmp_path.glob("related/*-en.snapshot"))
    similar.forget_models()  # as after a restart: the next publish loads the snapshot
    second = make_commentary(
        security, title="Zapad-2017 railway bookings again", body="<p>" + zapad.lead + "</p>"
    )
    model = similar.model_for("en")
    assert first.pk in model.position and second.pk in model.position
    assert first.pk in _list(second)


def test_a_tampered_snapshot_is_refitted_not_loaded(sample, tmp_path, caplog):
    from watchdesk.monitoring import similar

    model = similar.model_for("en")
    count = len(model)
    path = next(tmp_path.glob("related/*-en.snapshot"))
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    similar.forget_models()
    assert len(similar.model_for("en")) == count  # refitted from the database
    assert "signature does not match" in caplog.text


def test_a_pinned_page_comes_back_to_the_list_when_republished(sample):
    seed = CommentaryPage.objects.get(title=SEED)
    pinned = CommentaryPage.objects.live().filter(locale=seed.locale, trend__slug="society").first()
    seed.similar_pins.add(SimilarPin(target=pinned))
    seed.save_revision().publish()
    assert _list(seed)[0] == pinned.pk
    pinned.unpublish()
    assert pinned.pk not in _list(seed)
    pinned.save_revision().publish()
    assert _list(seed)[0] == pinned.pk


def test_a_tiny_archive_finds_neighbours_from_its_second_commentary(sample):
    from watchdesk.analysis import related

    words = "Gazprom raises the gas price for Minsk; oil deliveries to the Naftan refinery are cut."
    model = related.build([related.Doc(1, words, 1, 1)], "en")
    assert model.words.shape[1] > 5  # no "common word" cut on a handful of texts
    _, own, _ = model.publish(related.Doc(2, words + " Again.", 1, 8))
    assert [s.id for s in own] == [1]


def test_a_rolled_back_publication_leaves_no_trace_in_the_lists(sample):
    from django.db import transaction

    security = sample["trends"]["security"]["en"]
    zapad = CommentaryPage.objects.filter(title__icontains="Zapad-2017", trend=security).first()
    body = "<p>" + zapad.lead + "</p>"
    with pytest.raises(RuntimeError), transaction.atomic():
        make_commentary(security, title="Zapad-2017: a draft that never was", body=body)
        make_commentary(security, title="Zapad-2017: its companion", body=body)
        raise RuntimeError("rolled back")
    page = make_commentary(security, title="Zapad-2017: what was published", body=body)
    assert _list(page)
    # Every stored list names only live pages: nothing of the rolled-back pair.
    assert not SimilarCommentary.objects.exclude(target__live=True).exists()
