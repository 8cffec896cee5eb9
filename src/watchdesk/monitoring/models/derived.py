"""Data computed from commentaries when they change, and only read by pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimilarCommentary(models.Model):
    """One entry of a commentary's "Similar articles" list."""

    source = models.ForeignKey(
        "monitoring.CommentaryPage", on_delete=models.CASCADE, related_name="similar_links"
    )
    target = models.ForeignKey(
        "monitoring.CommentaryPage", on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    pinned = models.BooleanField(_("pinned by an editor"), default=False)
    reasons = models.JSONField(
        _("why it was chosen"),
        default=dict,
        blank=True,
        help_text=_("Shared key terms, same trend, how far apart in time."),
    )

    class Meta:
        verbose_name = _("similar commentary")
        verbose_name_plural = _("similar commentaries")
        ordering = ["source", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="similar_unique_pair"),
            models.UniqueConstraint(fields=["source", "rank"], name="similar_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.score:.3f})"


class TrendLatest(models.Model):
    """Each trend's latest live commentary, for "Recent trends" on every page."""

    trend = models.OneToOneField(
        "monitoring.TrendPage", on_delete=models.CASCADE, primary_key=True, related_name="latest"
    )
    commentary = models.ForeignKey(
        "monitoring.CommentaryPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("latest commentary of a trend")
        verbose_name_plural = _("latest commentaries of trends")

    def __str__(self) -> str:
        return f"{self.trend_id} → {self.commentary_id}"


class CommentaryLink(models.Model):
    """A relation between commentaries found in a source (kept, not shown as "similar")."""

    class Kind(models.TextChoices):
        LISTED_SIMILAR = "listed-similar", _("listed as a similar article on the source page")

    from_page = models.ForeignKey(
        "monitoring.CommentaryPage", on_delete=models.CASCADE, related_name="links_out"
    )
    to_page = models.ForeignKey(
        "monitoring.CommentaryPage", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        verbose_name = _("link between commentaries")
        verbose_name_plural = _("links between commentaries")
        constraints = [
            models.UniqueConstraint(
                fields=["from_page", "to_page", "kind"], name="commentary_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_page_id} → {self.to_page_id} ({self.kind})"


class SearchTerms(models.Model):
    """A commentary's search terms as one PostgreSQL tsvector, newest pages last.

    Wagtail's index rows hold three vectors and two plain-text copies (about one row per
    8 KB page), so finding a common word's newest matches there reads tens of thousands
    of wide rows. This narrow copy lets PostgreSQL find them through its full-text index
    and read small rows. SQLite does not use it (FTS5 ranks inside its own index).
    """

    page = models.OneToOneField(
        "monitoring.CommentaryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    # A tsvector on PostgreSQL; the column exists, unused, on other databases.
    terms = models.TextField()

    class Meta:
        verbose_name = _("search terms")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return f"search terms of page {self.page_id}"
