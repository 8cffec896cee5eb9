"""Verdict phrases in English, Russian and Belarusian → a verdict code.

Old monitoring pages state the verdict as a free phrase after "Category status:"
("The situation has not changed", "- (The situation has improved)", "Ситуация
ухудшилась", "Сітуацыя не змянілася"). ``parse_verdict`` maps them to one of
``improved``, ``unchanged``, ``worsened`` or ``not_assessed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IMPROVED, UNCHANGED, WORSENED, NOT_ASSESSED = "improved", "unchanged", "worsened", "not_assessed"

# Checked in order: negated forms ("has not changed", "не ухудшилась") first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        UNCHANGED,
        re.compile(
            r"\b(?:not|n't|never)\s+(?:been\s+)?(?:changed|change)\b"
            r"|\b(?:unchanged|no\s+change|remain(?:s|ed)?\s+(?:the\s+same|unchanged|stable)|stable)\b"
            r"|\bне\s+(?:изменилась|изменилось|изменилась|менялась|змянілася|змянілась|мянялася)"
            r"|\bбез\s+(?:изменений|перемен|змен)"
            r"|\bостал(?:ась|ось)\s+(?:прежней|неизменной|без)"
            r"|\bзасталася\s+(?:ранейшай|нязменнай|без)",
            re.IGNORECASE,
        ),
    ),
    (
        IMPROVED,
        re.compile(
            r"\b(?:improved|improving|improves|better|positive)\b"
            r"|улучшил(?:ась|ось|ся)|стала\s+лучше|лучше"
            r"|палепшыл(?:ася|ась|ася)|стала\s+лепш|лепш",
            re.IGNORECASE,
        ),
    ),
    (
        WORSENED,
        re.compile(
            r"\b(?:worse|worsened|worsening|deteriorated|deteriorating|negative|declined)\b"
            r"|ухудшил(?:ась|ось|ся)|стала\s+хуже|хуже"
            r"|пагоршыл(?:ася|ась)|стала\s+горш|горш",
            re.IGNORECASE,
        ),
    ),
]

_NOISE = re.compile(r"^[\s\-–—:()\[\].]+|[\s\-–—:()\[\].]+$")


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


def parse_verdict(text: str | None) -> VerdictReading:
    """Read a verdict phrase; empty text is "not assessed" without a warning."""
    phrase = _NOISE.sub("", (text or "").strip())
    if not phrase:
        return VerdictReading(NOT_ASSESSED, "", True)
    for verdict, pattern in _PATTERNS:
        if pattern.search(phrase):
            return VerdictReading(verdict, phrase, True)
    return VerdictReading(NOT_ASSESSED, phrase, False)
