"""The `watchdesk` command as a new user runs it."""

import pytest

from tests.helpers import run_watchdesk
from watchdesk.cli import main


def _run(args, tmp_path, **env):
    return run_watchdesk(args, tmp_path, **env)


def test_help_lists_the_commands(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "serve", "generate", "manage"):
        assert command in out


def test_unknown_command_exits_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_demo_prepares_the_site_and_prints_the_login(tmp_path):
    first = _run(["demo", "--no-serve"], tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Loaded 180 commentaries, imported 2 old pages" in first.stdout
    assert "Login:  admin / " in first.stdout and "http://127.0.0.1:8000/en/" in first.stdout
    again = _run(["demo", "--no-serve", "--port", "8123"], tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "already loaded" in again.stdout and "http://127.0.0.1:8123/admin/" in again.stdout


def test_demo_rejects_a_bad_port(tmp_path):
    result = _run(["demo", "--no-serve", "--port", "70000"], tmp_path)
    assert result.returncode != 0 and "not a valid TCP port" in result.stderr


def test_generate_is_deterministic(tmp_path):
    def generate(seed: int, name: str) -> list[str]:
        out = tmp_path / name
        args = [
            "generate",
            "--weeks",
            "30",
            "--trends",
            "6",
            "--seed",
            str(seed),
            "--out",
            str(out),
        ]
        result = _run(args, tmp_path)
        assert result.returncode == 0, result.stderr
        return out.read_text().splitlines()

    first = generate(7, "a.jsonl")
    assert len(first) == 180
    assert generate(7, "b.jsonl") == first
    assert generate(8, "c.jsonl") != first


def test_generate_rejects_a_start_that_is_not_monday(tmp_path):
    result = _run(["generate", "--weeks", "3", "--start", "2017-01-03"], tmp_path)
    assert result.returncode != 0 and "must start on a Monday" in result.stderr


def test_manage_passes_through_to_django(tmp_path):
    result = _run(["manage", "check"], tmp_path)
    assert result.returncode == 0 and "no issues" in result.stdout


def test_import_reports_and_exits_non_zero_on_failure(tmp_path):
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "import"
    assert _run(["demo", "--no-serve"], tmp_path).returncode == 0
    args = ["import", str(fixtures / "old-layout"), "--trend-map", str(fixtures / "trend-map.json")]
    stopped = _run(args, tmp_path)
    assert stopped.returncode != 0
    assert "node-3170.html: no publication date found" in stopped.stderr
    assert "--keep-going" in stopped.stderr
    kept = _run([*args, "--keep-going"], tmp_path)
    assert kept.returncode == 0, kept.stderr[-2000:]
    assert "1 failed" in kept.stdout
    dry = _run([*args, "--keep-going", "--dry-run"], tmp_path)
    assert dry.returncode == 0 and dry.stdout.startswith("Dry run, nothing written")
    bad_map = _run(
        ["import", str(fixtures / "text"), "--trend-map", str(tmp_path / "missing.json")], tmp_path
    )
    assert bad_map.returncode != 0 and "cannot read the trend map" in bad_map.stderr


def test_import_reads_standard_input_and_export_writes_jsonl(tmp_path):
    import json

    assert _run(["demo", "--no-serve"], tmp_path).returncode == 0
    page = (
        "A commentary from stdin\nCategory status: The situation got worse\n"
        "May 14, 2018 09:00\nPhoto: Reuters\n\nOfficials met in Minsk on Friday.\n"
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"files": {"-": "security"}}))
    result = _run(["import", "-", "--trend-map", str(mapping)], tmp_path, input=page)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "1 imported" in result.stdout
    out = tmp_path / "archive.jsonl"
    exported = _run(["export", "--format", "jsonl", "--out", str(out)], tmp_path)
    assert exported.returncode == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    mine = [r for r in records if r.get("title") == "A commentary from stdin"]
    assert mine and mine[0]["verdict"] == "worsened" and mine[0]["photo_credit"] == "Photo: Reuters"
