"""Quality gates: verdict phrases and writing-date estimates on labelled gold sets.

The gold sets in tests/fixtures/gold/ were written for the project; floors live in
floors.json and lowering one is a deliberate, explained change.
"""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from watchdesk.analysis.dating import assess, estimate_written, migration_clusters
from watchdesk.analysis.verdicts import parse_verdict

GOLD = Path(__file__).parents[1] / "fixtures" / "gold"
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())


def test_verdict_phrases_meet_their_floor():
    gold = json.loads((GOLD / "verdicts.json").read_text(encoding="utf-8"))
    right, total = Counter(), Counter()
    wrong = []
    for entry in gold:
        total[entry["language"]] += 1
        got = parse_verdict(entry["phrase"]).verdict
        if got == entry["verdict"]:
            right[entry["language"]] += 1
        else:
            wrong.append((entry["phrase"], entry["verdict"], got))
    accuracy = sum(right.values()) / sum(total.values())
    assert accuracy >= FLOORS["verdicts"]["accuracy"], wrong
    for language in total:
        assert right[language] / total[language] >= FLOORS["verdicts"]["accuracy_per_language"], (
            wrong
        )


def _dating_results():
    gold = json.loads((GOLD / "dating.json").read_text(encoding="utf-8"))
    stamps = [dt.datetime.fromisoformat(entry["stated"]) for entry in gold]
    clusters = migration_clusters(stamps)
    rows = []
    for n, entry in enumerate(gold):
        stated = stamps[n].date()
        estimate = estimate_written(entry["text"], stated=stated, stated_trusted=n not in clusters)
        verdict = assess(stated, estimate, in_migration_cluster=n in clusters)
        rows.append((entry, estimate, verdict))
    return rows


def _month_right(entry, estimate) -> bool:
    if entry["written"] is None:
        return estimate.date is None or estimate.confidence < 0.5
    if estimate.date is None:
        return False
    year, month = map(int, entry["written"].split("-"))
    return abs(estimate.date.year * 12 + estimate.date.month - (year * 12 + month)) <= 1


def test_writing_date_estimates_meet_their_floors():
    rows = _dating_results()
    accuracy = sum(_month_right(e, est) for e, est, _ in rows) / len(rows)
    fake = {"2016-04-22T18:30:00+03:00", "2016-04-22T18:31:00+03:00", "2018-11-05T03:12:00+03:00"}
    flagged = [e["stated"] in fake for e, _, v in rows if v.flagged]
    should = [v.flagged for e, _, v in rows if e["stated"] in fake]
    precision = sum(flagged) / len(flagged)
    recall = sum(should) / len(should)
    measured = f"month accuracy {accuracy:.3f}, flag precision {precision:.3f}, recall {recall:.3f}"
    floors = FLOORS["dating"]
    assert accuracy >= floors["month_accuracy_within_1"], measured
    assert precision >= floors["flag_precision"], measured
    assert recall >= floors["flag_recall"], measured


def test_the_seed_is_dated_from_its_own_words():
    seed = (
        Path(__file__).parents[1] / "fixtures" / "seeds" / "000_d479b18a8ff2a215.txt"
    ).read_text()
    body = seed.split("April 22, 2016 18:30", 1)[1].split("Similar articles", 1)[0]
    estimate = estimate_written(body, stated=dt.date(2016, 4, 22), stated_trusted=True)
    assert (estimate.date.year, estimate.date.month) == (2013, 5)
    assert estimate.confidence >= 0.7
    assert assess(dt.date(2016, 4, 22), estimate, in_migration_cluster=False).flagged
