"""Page serving with cheaper routing.

Wagtail finds the page for a URL by walking from the site root's translation one
tree level at a time (a locale lookup, the translation, its specific row, then a
query per level). Here the active language's home page is found in one query and
deep addresses in one more (``HomePage.route``); the route is handed to Wagtail's
own ``serve`` through the per-request cache it already consults, so hooks,
privacy checks and previews work unchanged.
"""

from __future__ import annotations

import time

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from watchdesk.monitoring import queries
from watchdesk.monitoring.models import HomePage

_SITE_TTL = 5.0
_sites: dict[tuple[str, int], tuple[float, Site | None]] = {}


def serve(request, path):
    if not hasattr(request, "_wagtail_site"):
        # Wagtail caches the request's site on this attribute (see Site.find_for_request);
        # filling it from a short-lived memo saves its one query per page view.
        request._wagtail_site = _site_for(request)
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return wagtail_serve(request, path)


def _site_for(request) -> Site | None:
    key = (request.get_host().split(":")[0], request.get_port())
    now = time.monotonic()
    found = _sites.get(key)
    if found is None or now - found[0] > _SITE_TTL:
        found = (now, Site._find_for_request(request))
        _sites[key] = found
    return found[1]


def forget_sites(**kwargs) -> None:
    _sites.clear()


def _route(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [part for part in path.split("/") if part]
    language = translation.get_language()
    if len(components) >= 2 and components[0] == "trends":
        # A trend or commentary: the language's home path comes from Wagtail's cached
        # site root paths, so no page needs loading before the one asked for.
        for root in queries.site_roots():
            if root.site_id == site.pk and root.language_code == language:
                found = queries.page_by_path(root.root_path, components)
                if found is not None:
                    return RouteResult(found)
                break
    home = (
        HomePage.objects.filter(
            translation_key=site.root_page.translation_key,
            locale__language_code=language,
            live=True,
        ).first()
        or site.root_page.specific
    )
    try:
        return home.route(request, components)
    except Http404:
        return None


# --- ledger downloads ------------------------------------------------------------------
def ledger_download(request, fmt: str):
    """The ledger's cells for a range as CSV or JSON (``range=12|26|52|all`` or
    ``year=YYYY``), with stable columns: see ``ledger.COLUMNS``."""
    from wagtail.models import Locale

    from watchdesk.monitoring import ledger

    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    if locale is None:
        raise Http404
    try:
        rng = ledger.Range.parse(request.GET)
    except ledger.RangeError as problem:
        return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
    base = request.build_absolute_uri("/").rstrip("/")
    data, body = ledger.download(locale, rng, fmt, base)
    if fmt == "csv":
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"watchdesk-ledger-{data.language}-{data.range.key}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # open data, read-only
    response["Cache-Control"] = "public, max-age=300"
    return response
