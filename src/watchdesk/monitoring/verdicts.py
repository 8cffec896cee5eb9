"""The verdict a commentary gives on its trend, and how it is shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    UNCHANGED = "unchanged", _("Unchanged")
    WORSENED = "worsened", _("Worsened")
    NOT_ASSESSED = "not_assessed", _("Not assessed")

    @property
    def phrase(self) -> str:
        """The sentence shown as "Category status"."""
        return str(_PHRASES[self])

    @property
    def symbol(self) -> str:
        """A text symbol that carries the direction without colour."""
        return _SYMBOLS[self]

    @property
    def css(self) -> str:
        return f"verdict--{self.value.replace('_', '-')}"

    @property
    def score(self) -> int:
        """+1 improved, -1 worsened, 0 otherwise (for balances and strips)."""
        return {"improved": 1, "worsened": -1}.get(self.value, 0)


_PHRASES = {
    Verdict.IMPROVED: _("The situation has improved"),
    Verdict.UNCHANGED: _("The situation has not changed"),
    Verdict.WORSENED: _("The situation has worsened"),
    Verdict.NOT_ASSESSED: _("Not assessed"),
}

_SYMBOLS = {
    Verdict.IMPROVED: "▲",
    Verdict.UNCHANGED: "●",
    Verdict.WORSENED: "▼",
    Verdict.NOT_ASSESSED: "–",
}
