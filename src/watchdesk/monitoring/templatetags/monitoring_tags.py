"""Template helpers for verdicts, weeks, dates and the language switch."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from watchdesk.analysis.weeks import Week, format_day, format_month
from watchdesk.monitoring.verdicts import Verdict

register = template.Library()


def _lang() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@register.simple_tag
def verdict_badge(value: str, compact: bool = False) -> str:
    """The verdict as symbol + words + colour: "▼ The situation has worsened"."""
    try:
        verdict = Verdict(value)
    except ValueError:
        verdict = Verdict.NOT_ASSESSED
    return format_html(
        '<span class="verdict {}{}"><span class="verdict__icon" aria-hidden="true">{}</span> '
        '<span class="verdict__text">{}</span></span>',
        verdict.css,
        " verdict--compact" if compact else "",
        verdict.symbol,
        verdict.label if compact else verdict.phrase,
    )


@register.simple_tag
def card(item, show_trend: bool = True, snippet: str = "") -> str:
    """One commentary in a list: trend, verdict, linked title, date and week, excerpt.

    Rendered in Python rather than as an included template: lists on every page show
    five to twenty of these, and an include per card was a third of the render time.
    """
    trend = (
        format_html('<a class="card__trend" href="{}">{}</a>', item.trend_url, item.trend_title)
        if show_trend and item.trend_url
        else ""
    )
    week = (
        format_html(' · <span class="card__week">{}</span>', week_label(item.week_start))
        if item.week_start
        else ""
    )
    if snippet:  # search results: the passage that matched, already escaped and marked
        excerpt = format_html('<p class="card__lead card__snippet">{}</p>', snippet)
    else:
        excerpt = format_html('<p class="card__lead">{}</p>', item.excerpt) if item.excerpt else ""
    return format_html(
        '<article class="card"><p class="card__meta">{} {}</p>'
        '<h3 class="card__title"><a href="{}">{}</a></h3>'
        '<p class="card__when">{}{}</p>{}</article>',
        trend,
        verdict_badge(item.verdict, compact=True),
        item.url,
        item.title,
        when(item.published_at),
        week,
        excerpt,
    )


@register.simple_tag
def similar_why(entry) -> str:
    """Why a similar article is shown, in one short line."""
    if entry.pinned:
        return format_html('<p class="card__why">{}</p>', _("Chosen by the editors"))
    reasons = entry.reasons or {}
    parts = []
    if reasons.get("terms"):
        parts.append(_("Shared: %(terms)s") % {"terms": ", ".join(reasons["terms"])})
    if reasons.get("same_trend"):
        parts.append(_("same trend"))
    days = reasons.get("days_apart")
    if days == 0:
        parts.append(_("same day"))
    elif days is not None and days < 7:
        parts.append(ngettext("%(n)d day apart", "%(n)d days apart", days) % {"n": days})
    elif days is not None and days <= 10:
        parts.append(_("a week apart"))
    elif days is not None and days <= 70:
        weeks = round(days / 7)
        parts.append(ngettext("%(n)d week apart", "%(n)d weeks apart", weeks) % {"n": weeks})
    if not parts:
        return ""
    return format_html(
        '<p class="card__why"><span class="visually-hidden">{} </span>{}</p>',
        _("Why:"),
        " · ".join(parts),
    )


@register.simple_tag
def month_label(day: dt.date | None) -> str:
    return format_month(day, _lang()) if day else ""


@register.simple_tag
def week_label(start: dt.date | None) -> str:
    """``6 – 12 February 2017`` in the active language."""
    if not start:
        return ""
    return Week(start).label(_lang())


@register.simple_tag(takes_context=True)
def week_url(context, start: dt.date) -> str:
    return f"/{_lang()}/weeks/{start.isoformat()}/"


@register.simple_tag
def trend_url(page) -> str:
    """The address of a commentary's trend archive, without loading more of the trend."""
    from watchdesk.monitoring.queries import page_url

    return page_url(page.trend.url_path, _lang()) if page.trend_id else ""


@register.filter
def last_week(cells) -> dt.date | None:
    return cells[-1].week.start if cells else None


@register.simple_tag
def when(value: dt.datetime | None) -> str:
    """A ``<time>`` element: ``22 April 2016, 18:30`` in the site's time zone."""
    if not isinstance(value, dt.datetime):
        return ""
    local = timezone.localtime(value)
    text = f"{format_day(local.date(), _lang())}, {local:%H:%M}"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One link per language: the translation of the current page where one exists,
    otherwise the nearest translated ancestor (the trend, then the home page)."""
    from watchdesk.monitoring import queries

    request = context.get("request")
    page = context.get("page")
    current = _lang()
    found: dict[str, str] = {}
    exact: set[str] = set()
    if page is not None and getattr(page, "translation_key", None):
        path = request.path if request else ""
        # Routable sub-pages (a week under the home page) keep their tail.
        tail = path[len(page.url) :] if page.url and path.startswith(page.url) else ""
        if tail and request.META.get("QUERY_STRING"):
            tail += "?" + request.META["QUERY_STRING"]  # e.g. the ledger's range
        # An untranslated commentary falls back to its trend in the other language.
        trend = getattr(page, "trend", None)
        own, *parent = queries.translations(page, *([trend] if trend is not None else []))
        for code, url in own.items():
            found[code] = url + tail
            exact.add(code)
        for code, url in (parent[0] if parent else {}).items():
            found.setdefault(code, url)
    elif page is None and request is not None and _same_in_every_language(request, current):
        # Views that are not pages (search, digest) exist in every language: keep the
        # address and its query ("/ru/search/?q=…" → "/be/search/?q=…").
        rest = request.path[len(current) + 2 :]
        if rest:
            query = request.META.get("QUERY_STRING")
            for code, _name in settings.LANGUAGES:
                found[code] = f"/{code}/{rest}" + (f"?{query}" if query else "")
                exact.add(code)
    return [
        {
            "code": code,
            "name": name,
            "url": found.get(code, f"/{code}/"),
            "current": code == current,
            "exact": code in exact,
        }
        for code, name in settings.LANGUAGES
    ]


LANGUAGE_NEUTRAL_VIEWS = {"search", "newsletter"}  # URL namespaces under /<lang>/


def _same_in_every_language(request, current: str) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.namespace in LANGUAGE_NEUTRAL_VIEWS
        and request.path.startswith(f"/{current}/")
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def index(sequence, position):
    return sequence[position]


@register.simple_tag
def correlation_css(value: float) -> str:
    """A class for a correlation's cell: stronger colour for stronger co-movement."""
    strength = "strong" if abs(value) >= 0.5 else ("weak" if abs(value) >= 0.2 else "none")
    sign = "pos" if value > 0 else "neg"
    return f"together__r together__r--{sign}-{strength}"
