"""ruff keeps the code base clean; run as part of the suite so CI enforces it."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _ruff() -> list[str]:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "ruff"]


def _ruff_on_the_code(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_ruff(), *args, "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_check_is_clean():
    result = _ruff_on_the_code("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _ruff_on_the_code("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_translations_are_complete_and_compiled():
    import gettext

    import polib

    for lang in ("ru", "be"):
        folder = ROOT / "src" / "watchdesk" / "locale" / lang / "LC_MESSAGES"
        po = polib.pofile(str(folder / "django.po"))
        assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
        assert not po.fuzzy_entries()
        with open(folder / "django.mo", "rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        for entry in po.translated_entries():
            if not entry.msgid_plural:
                assert catalog.gettext(entry.msgid) == entry.msgstr, f"{lang}: recompile django.mo"
