"""Export → import into an empty database → export: the same archive, field by field."""

import json
import shutil

from django.conf import settings

from tests.helpers import run_watchdesk
from watchdesk.importer.jsonl import write_jsonl


def _watchdesk(args, data_dir):
    return run_watchdesk(args, data_dir)


def _records(path):
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[(record["type"], record["key"], record["language"])] = record
    return records


def test_export_import_export_is_exact(sample, tmp_path):
    first = tmp_path / "first.jsonl"
    with first.open("w", encoding="utf-8") as stream:
        count = write_jsonl(stream)
    assert count > 200
    target = tmp_path / "empty"
    target.mkdir()
    # Images travel as files in the media folder, next to the export.
    shutil.copytree(settings.MEDIA_ROOT, target / "media", dirs_exist_ok=True)
    result = _watchdesk(["manage", "migrate", "--verbosity", "0"], target)
    assert result.returncode == 0, result.stderr[-2000:]
    result = _watchdesk(["import", str(first)], target)
    assert result.returncode == 0, result.stderr[-3000:]
    assert " 0 failed" in result.stdout
    second = tmp_path / "second.jsonl"
    result = _watchdesk(["export", "--out", str(second)], target)
    assert result.returncode == 0, result.stderr[-2000:]

    before, after = _records(first), _records(second)
    assert set(before) == set(after)
    differences = [
        (key, name, before[key].get(name), after[key].get(name))
        for key in before
        for name in set(before[key]) | set(after[key])
        if before[key].get(name) != after[key].get(name)
    ]
    assert differences == []
    kinds = {key[0] for key in before}
    assert kinds == {"trend", "author", "commentary"}
    translated = [k for k in before if k[0] == "commentary" and k[2] == "be"]
    assert translated and all(("commentary", k[1], "en") in before for k in translated)

    again = _watchdesk(["import", str(first)], target)
    assert again.returncode == 0 and "0 imported, 0 updated" in again.stdout
