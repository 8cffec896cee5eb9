"""Verdict phrases in English, Russian and Belarusian → a verdict code.

Old monitoring pages state the verdict as a free phrase after "Category status:"
("The situation has not changed", "- (The situation has improved)", "Ситуация
ухудшилась", "Сітуацыя не змянілася"). ``parse_verdict`` maps them to one of
``improved``, ``unchanged``, ``worsened`` or ``not_assessed``. It reads negation
("has not improved", "не ухудшилась" mean no change), direction ("изменилась к
худшему"), and mends typos in the key words ("imporved").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

IMPROVED, UNCHANGED, WORSENED, NOT_ASSESSED = "improved", "unchanged", "worsened", "not_assessed"

# Stems of the words that carry a verdict, in the three languages.
_BETTER = r"(?:improv\w*|better|positive\w*|улучш\w*|лучш\w*|палепш\w*|лепш\w*|паляпш\w*)"
_WORSE = (
    r"(?:wors\w*|deteriorat\w*|negative\w*|declin\w*|"
    r"ухудш\w*|хуже\w*|худш\w*|пагорш\w*|горш\w*|пагарш\w*)"
)
_CHANGE = r"(?:chang\w*|измен\w*|перемен\w*|змян\w*|змен\w*|мянял\w*)"
_NOT = r"(?:\b(?:not|never|no|не|ня|ні)|n't)"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    # "changed for the worse", "изменилась к худшему", "змянілася да горшага"
    (WORSENED, re.compile(rf"{_CHANGE}\s+(?:for\s+the\s+|к\s+|да\s+|у\s+бок\s+)?{_WORSE}")),
    (IMPROVED, re.compile(rf"{_CHANGE}\s+(?:for\s+the\s+|к\s+|да\s+|у\s+бок\s+)?{_BETTER}")),
    # A negated direction or change is no change: "has not improved", "не ухудшилась".
    (UNCHANGED, re.compile(rf"{_NOT}\s+(?:\w+\s+){{0,3}}?(?:{_BETTER}|{_WORSE}|{_CHANGE})")),
    (
        UNCHANGED,
        re.compile(
            r"\b(?:unchanged|no\s+changes?|the\s+same|stable|stabl\w*|steady|"
            r"без\s+(?:изменений|перемен|змен|зменаў)|прежн\w*|неизменн\w*|стабильн\w*|"
            r"ранейш\w*|нязменн\w*|стабільн\w*)\b"
        ),
    ),
    (IMPROVED, re.compile(rf"\b{_BETTER}")),
    (WORSENED, re.compile(rf"\b{_WORSE}")),
]

_VOCABULARY = (
    "situation changed change improved improve improving better worse worsened worsening "
    "deteriorated deteriorating declined unchanged gotten remained remains stable "
    "ситуация изменилась улучшилась ухудшилась лучше хуже изменений положение "
    "сітуацыя змянілася палепшылася пагоршылася лепш горш змен становішча"
).split()
_NOISE = re.compile(r"^[\s\-–—:()\[\].!]+|[\s\-–—:()\[\].!]+$")


@dataclass(frozen=True)
class VerdictReading:
    verdict: str
    phrase: str
    recognised: bool

    @property
    def warning(self) -> str | None:
        if self.recognised or not self.phrase:
            return None
        return f"unknown verdict phrase {self.phrase!r}; stored as not assessed"


@lru_cache(maxsize=4096)
def _mend(word: str) -> str:
    """A key word with a typo, put right ("imporved" → "improved"); others as they are."""
    if len(word) < 5 or word in _VOCABULARY:
        return word
    close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.8)
    return close[0] if close else word


def _normal(phrase: str) -> str:
    text = phrase.lower().replace("’", "'").replace("ё", "е")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(_mend(word) for word in text.split())


def parse_verdict(text: str | None) -> VerdictReading:
    """Read a verdict phrase; empty text is "not assessed" without a warning."""
    phrase = _NOISE.sub("", (text or "").strip())
    if not phrase:
        return VerdictReading(NOT_ASSESSED, "", True)
    normal = _normal(phrase)
    for verdict, pattern in _RULES:
        if pattern.search(normal):
            return VerdictReading(verdict, phrase, True)
    return VerdictReading(NOT_ASSESSED, phrase, False)
