"""The `watchdesk` command as a new user runs it."""

import os
import subprocess
import sys

import pytest

from watchdesk.cli import main


def _run(args, tmp_path, **env):
    full = {**os.environ, "WATCHDESK_DATA_DIR": str(tmp_path), **env}
    # The CLI always gets its own SQLite file, whatever database the suite runs on.
    full["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    return subprocess.run(
        [sys.executable, "-c", "from watchdesk.cli import main; main()", *args],
        env=full,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


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
