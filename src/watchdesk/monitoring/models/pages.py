"""The page tree: home → trends → trend → commentary, plus the About page.

Every page is translatable through Wagtail's own locales; the English tree is the
source and Russian/Belarusian trees are its translations with the same slugs.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from watchdesk.analysis.weeks import Week
from watchdesk.monitoring.verdicts import Verdict

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote", "hr"]


class HomePage(RoutablePageMixin, Page):
    """The front page of one language; also serves the week pages."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["monitoring.TrendIndexPage", "monitoring.AboutPage"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # Resolve a deep address (trend archive, commentary) with one lookup by URL
        # path instead of one query per tree level; routable sub-pages ("weeks/…")
        # and anything not found that way fall back to the usual walk.
        if len(path_components) >= 2 and path_components[0] != "weeks":
            from watchdesk.monitoring import queries

            found = queries.page_by_path(self.url_path, path_components)
            if found is not None:
                return RouteResult(found)
        return super().route(request, path_components)

    @path("")
    def front(self, request):
        from watchdesk.monitoring import ledger, queries

        week = queries.front_week(self.locale_id)
        return self.render(
            request,
            context_overrides={
                "week": week,
                "what_changed": ledger.what_changed(self._locale_ref(), week.start) if week else [],
                "week_items": queries.week_commentaries(self.locale_id, week) if week else [],
                "recent_trends": queries.recent_trends(self.locale_id),
            },
        )

    @path("weeks/")
    def weeks_index(self, request):
        from watchdesk.monitoring import queries

        week = queries.latest_week(self.locale_id)
        if week is None:
            raise Http404(_("Nothing has been published yet."))
        return redirect(self.week_url(week))

    @path("weeks/<str:start>/", name="week")
    def week_view(self, request, start):
        from watchdesk.monitoring import queries

        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            raise Http404(_("A week address ends in a date such as 2017-02-06.")) from None
        week = Week.containing(day)
        if week.start != day:
            return redirect(self.week_url(week), permanent=True)
        items = queries.week_commentaries(self.locale_id, week)
        previous_week, next_week = queries.neighbour_weeks(self.locale_id, week)
        if not items and previous_week is None and next_week is None:
            raise Http404(_("No commentaries have been published yet."))
        return self.render(
            request,
            context_overrides={
                "week": week,
                "week_items": items,
                "previous_week": previous_week,
                "next_week": next_week,
                "recent_trends": queries.recent_trends(self.locale_id),
            },
            template="monitoring/week_page.html",
        )

    @path("ledger/", name="ledger")
    def ledger_view(self, request):
        from watchdesk.monitoring import ledger

        status, error = 200, ""
        try:
            rng = ledger.Range.parse(request.GET)
        except ledger.RangeError as problem:
            status, error, rng = 400, str(problem), ledger.Range()
        parts = ledger.page_parts(self._locale_ref(), rng)
        response = self.render(
            request,
            context_overrides={
                "ledger": parts["ledger"],
                "ledger_svg": mark_safe(parts["svg"]),  # noqa: S308 - built with escape()
                "ledger_table": mark_safe(parts["table"]),  # noqa: S308 - escaped
                "ranges": parts["ranges"],
                "matrix": parts["matrix"],
                "strongest": parts["strongest"],
                "trend_titles": parts["trend_titles"],
                "range_error": error,
            },
            template="monitoring/ledger_page.html",
        )
        response.status_code = status
        return response

    def _locale_ref(self):
        from django.utils import translation

        from watchdesk.monitoring import ledger

        return ledger.LocaleRef(self.locale_id, translation.get_language())

    def week_url(self, week: Week) -> str:
        return self.url + self.reverse_subpage("week", args=[week.isoformat()])


class AboutPage(Page):
    """An editable page about the monitoring (method, team, the sample's status)."""

    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["monitoring.HomePage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("about page")


class TrendIndexPage(Page):
    """ "All trends": the list of trends of one language."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["monitoring.HomePage"]
    subpage_types = ["monitoring.TrendPage"]

    class Meta:
        verbose_name = _("trend index")

    def get_context(self, request, *args, **kwargs):
        from watchdesk.monitoring import queries

        context = super().get_context(request, *args, **kwargs)
        context["recent_trends"] = queries.recent_trends(self.locale_id)
        return context


class TrendPage(Page):
    """One trend the office follows; its page is the trend's archive."""

    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Trends are listed by this number, smallest first.")
    )

    content_panels = [*Page.content_panels, FieldPanel("description"), FieldPanel("order")]
    parent_page_types = ["monitoring.TrendIndexPage"]
    subpage_types = ["monitoring.CommentaryPage"]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    class Meta:
        verbose_name = _("trend")
        verbose_name_plural = _("trends")

    @property
    def name(self) -> str:
        return self.title

    def route(self, request, path_components):
        if len(path_components) == 1:
            from watchdesk.monitoring import queries

            found = queries.commentary_by_slug(self, path_components[0])
            if found is None:
                raise Http404
            return RouteResult(found)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from watchdesk.monitoring import queries

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(
            queries.trend_commentaries(self), settings.WATCHDESK_ARCHIVE_PAGE_SIZE
        )
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            raise Http404(_("That page of the archive does not exist.")) from None
        page_obj.object_list = [queries.Item.from_row(row) for row in page_obj.object_list]
        context["page_obj"] = page_obj
        context["strip"] = queries.verdict_strip(self, weeks=52)
        from watchdesk.monitoring import ledger

        dynamics = ledger.trend_dynamics(self, weeks=52)
        context["dynamics"] = dynamics
        context["balance_chart"] = mark_safe(dynamics.chart()) if dynamics else ""  # noqa: S308
        context["recent_trends"] = queries.recent_trends(self.locale_id)
        return context


class CommentaryPage(Page):
    """One week's analytical commentary on one trend, with its verdict."""

    trend = models.ForeignKey(
        TrendPage,
        verbose_name=_("trend"),
        # The tree already removes a trend's commentaries with it; Wagtail forbids
        # a database cascade beside its own tree storage.
        on_delete=models.SET_NULL,
        related_name="commentaries",
        editable=False,
        null=True,
        help_text=_("Set from the page's place in the tree."),
    )
    verdict = models.CharField(
        _("verdict"),
        max_length=16,
        choices=Verdict.choices,
        default=Verdict.NOT_ASSESSED,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Filled in on first publication if left empty."),
    )
    week_start = models.DateField(
        _("week"),
        null=True,
        editable=False,
        db_index=True,
        help_text=_("Monday of the week covered; derived from the publication date."),
    )
    lead = models.TextField(_("lead"), blank=True)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES)
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        editable=False,
        help_text=_("The lead, or the opening words of the body; shown in lists."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_credit = models.CharField(_("photo credit"), max_length=255, blank=True)
    photo_caption = models.CharField(_("photo caption"), max_length=500, blank=True)
    # Imported archives: when the stated date is doubtful, what the text implies.
    date_flagged = models.BooleanField(
        _("date needs checking"),
        default=False,
        db_index=True,
        help_text=_("Set by the importer when the stated date looks wrong; clear it once checked."),
    )
    written_estimate = models.DateField(_("estimated writing date"), null=True, blank=True)
    written_confidence = models.FloatField(_("confidence of the estimate"), null=True, blank=True)
    date_evidence = models.JSONField(
        _("evidence for the estimate"), default=list, blank=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("verdict"),
        FieldPanel("published_at"),
        InlinePanel("author_links", label=_("Authors"), min_num=0),
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_caption"), FieldPanel("photo_credit")],
            heading=_("Photo"),
        ),
        InlinePanel("sources", label=_("Source addresses"), min_num=0),
        MultiFieldPanel(
            [
                InlinePanel("similar_pins", label=_("Always show")),
                InlinePanel("similar_exclusions", label=_("Never show")),
            ],
            heading=_("Similar articles"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("date_flagged"),
                FieldPanel("written_estimate"),
                FieldPanel("written_confidence"),
            ],
            heading=_("Date check (imported items)"),
            classname="collapsed",
        ),
    ]
    parent_page_types = ["monitoring.TrendPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        # Lemmas/stems, grouped names and facet terms (analysis/search.py): the database's
        # own tokenizer then needs no knowledge of the three languages.
        index.SearchField("search_document"),
        index.FilterField("verdict"),
        index.FilterField("published_at"),
        index.FilterField("trend"),
    ]

    class Meta:
        verbose_name = _("commentary")
        verbose_name_plural = _("commentaries")
        indexes = [models.Index(fields=["trend", "published_at"], name="commentary_trend_pub")]

    # --- derived values -------------------------------------------------------------
    @property
    def verdict_info(self) -> Verdict:
        return Verdict(self.verdict)

    @cached_property
    def week(self) -> Week | None:
        return Week(self.week_start) if self.week_start else None

    def search_document(self) -> str:
        """The text the full-text index holds for this commentary."""
        from watchdesk.analysis import search
        from watchdesk.monitoring.search_index import DOCUMENT_MEMO

        built = self.__dict__.get(DOCUMENT_MEMO)  # a bulk index write built it already
        if built is not None:
            return built
        trend = self.trend
        published = site_date(self.published_at) if self.published_at else None
        return search.document(
            title=self.title,
            text=plain_text(self.lead, self.body),
            language=language_code(self.locale_id),
            trend_key=str(trend.translation_key) if trend else None,
            verdict=self.verdict,
            published=published,
            live=self.live,
        )

    def get_context(self, request, *args, **kwargs):
        from watchdesk.monitoring import queries

        context = super().get_context(request, *args, **kwargs)
        context["authors"] = queries.byline(self)
        context["similar"] = queries.similar_items(self)
        context["recent_trends"] = queries.recent_trends(self.locale_id)
        return context

    def clean(self) -> None:
        super().clean()
        if self.published_at is not None and timezone.is_naive(self.published_at):
            raise ValidationError({"published_at": _("Give a time zone with the date and time.")})

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        return super().save(*args, **kwargs)

    def write_in_place(self, fields: dict) -> None:
        """Give a live commentary new field values without a revision, as re-imports do:
        its own columns with the derived ones (week, excerpt), then the title (also as
        draft title) and slug on its page row."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.fill_derived_fields()
        own = {k: v for k, v in fields.items() if k not in ("title", "slug")}
        CommentaryPage.objects.filter(pk=self.pk).update(
            **own, week_start=self.week_start, excerpt=self.excerpt
        )
        Page.objects.filter(pk=self.pk).update(
            title=self.title, draft_title=self.title, slug=self.slug
        )
        from watchdesk.monitoring import search_index

        search_index.index([self])

    def fill_derived_fields(self) -> None:
        """Trend from the tree position, publication time on first release, week from it."""
        if self.trend_id is None and self.depth and self.path:
            parent = self.get_parent()
            if parent is not None and parent.specific_class is TrendPage:
                self.trend_id = parent.pk
        if self.published_at is None and self.live:
            self.published_at = self.go_live_at or self.first_published_at or timezone.now()
        self.week_start = (
            week_covered(self.published_at).start if self.published_at is not None else None
        )
        self.excerpt = make_excerpt(self.lead, self.body)


EXCERPT_WORDS = 40


_language_codes: dict[int, str] = {}


def language_code(locale_id: int) -> str:
    """A locale's language code; locales are few and never change their code."""
    code = _language_codes.get(locale_id)
    if code is None:
        code = _language_codes[locale_id] = Locale.objects.get(pk=locale_id).language_code
    return code


def plain_text(lead: str, body_html: str) -> str:
    """Lead and body as plain text, one paragraph per line."""
    body = strip_tags(body_html.replace("</p>", "</p>\n").replace("<br/>", "\n"))
    return "\n".join(p for p in (lead, html.unescape(body)) if p)


def make_excerpt(lead: str, body_html: str) -> str:
    # Block ends become spaces so that paragraphs do not run together.
    text = lead.strip() or " ".join(
        strip_tags(re.sub(r"</(p|h\d|li|blockquote)>", " ", body_html)).split()
    )
    words = text.split()
    return text if len(words) <= EXCERPT_WORDS else " ".join(words[:EXCERPT_WORDS]) + " …"


def site_date(moment: dt.datetime) -> dt.date:
    """The calendar day of ``moment`` in the site's time zone. Not the active zone: the
    admin activates each editor's own zone, and weeks must not depend on who saved."""
    if timezone.is_naive(moment):
        return moment.date()
    return moment.astimezone(timezone.get_default_timezone()).date()


def week_covered(published_at: dt.datetime) -> Week:
    """The week a commentary released at ``published_at`` reports on (site time zone)."""
    return Week.covered_by_release(site_date(published_at))


class CommentaryAuthor(Orderable):
    page = ParentalKey(CommentaryPage, on_delete=models.CASCADE, related_name="author_links")
    author = models.ForeignKey(
        "monitoring.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")


class _SimilarChoice(Orderable):
    """An editor's choice about one commentary in another's similar articles."""

    target = models.ForeignKey(
        CommentaryPage, verbose_name=_("commentary"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        abstract = True


class SimilarPin(_SimilarChoice):
    """A commentary an editor wants shown among this one's similar articles, first."""

    page = ParentalKey(CommentaryPage, on_delete=models.CASCADE, related_name="similar_pins")

    class Meta(_SimilarChoice.Meta):
        verbose_name = _("pinned similar article")


class SimilarExclusion(_SimilarChoice):
    """A commentary an editor never wants shown among this one's similar articles."""

    page = ParentalKey(CommentaryPage, on_delete=models.CASCADE, related_name="similar_exclusions")

    class Meta(_SimilarChoice.Meta):
        verbose_name = _("excluded similar article")


class CommentarySource(Orderable):
    """An address where the commentary was found (kept for imported items)."""

    page = ParentalKey(CommentaryPage, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("address"), max_length=2000)
    canonical = models.CharField(
        _("canonical address"),
        max_length=2000,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The address without scheme, www, paging or tracking parameters."),
    )

    panels = [FieldPanel("url")]

    def save(self, *args, **kwargs):
        from watchdesk.analysis.urls import canonical_url

        self.canonical = canonical_url(self.url) or ""
        super().save(*args, **kwargs)

    class Meta(Orderable.Meta):
        verbose_name = _("source address")
