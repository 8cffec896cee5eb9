"""Which of the site's languages a text is in: English, Russian or Belarusian."""

from __future__ import annotations

import re

_CYRILLIC = re.compile(r"[а-яёіўА-ЯЁІЎ]")
# Letters Belarusian uses and Russian does not, and the reverse.
_BELARUSIAN = re.compile(r"[іўІЎ]")
_RUSSIAN = re.compile(r"[иъщИЪЩ]")


def detect_language(text: str) -> str:
    """``en``, ``ru`` or ``be`` by script and the letters only one of the two uses."""
    sample = text[:4000]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    if cyrillic <= latin:
        return "en"
    belarusian, russian = len(_BELARUSIAN.findall(sample)), len(_RUSSIAN.findall(sample))
    return "be" if belarusian > russian else "ru"
