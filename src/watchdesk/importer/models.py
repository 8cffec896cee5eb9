"""What the importer keeps of every source item: its raw text, key and outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One item of one source, as last imported. Keyed on the canonical address (or the
    text's hash when there is none), so that importing the same source again finds it."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("imported")
        UPDATED = "updated", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        MERGED = "merged", _("merged into an existing commentary")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=700, unique=True)
    page = models.ForeignKey(
        "monitoring.CommentaryPage",
        verbose_name=_("commentary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_records",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    origin = models.CharField(_("source"), max_length=1000)
    format = models.CharField(_("format"), max_length=16)
    raw = models.TextField(_("raw source"))
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    signature = models.BinaryField(_("near-duplicate signature"), null=True, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.origin} ({self.status})"
