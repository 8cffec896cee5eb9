"""Docs that cannot drift: every setting and command is described in the README."""

import re
from pathlib import Path

from watchdesk import conf, settings  # noqa: F401 - importing settings records the variables
from watchdesk.cli import COMMANDS

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented():
    missing = [name for name in conf.USED if f"`{name}`" not in README]
    assert not missing, f"README.md does not document: {missing}"


def test_every_cli_command_is_documented():
    missing = [name for name in COMMANDS if f"watchdesk {name}" not in README]
    assert not missing, f"README.md does not mention: {missing}"


def test_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [
        line for line in block.splitlines()[1:] if line.strip() and not line.startswith("#")
    ]
    assert len(commands) == 2
    assert commands[0].startswith("make demo") and "watchdesk demo" in commands[0]
    assert commands[1].startswith("make test")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/watchdesk demo" in makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/pytest" in makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]


def test_architecture_page_names_every_package():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = [
        p.name for p in (ROOT / "src" / "watchdesk").iterdir() if (p / "__init__.py").exists()
    ]
    assert packages and all(re.search(rf"\b{name}/", text) for name in packages), packages
