from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from watchdesk.monitoring import feeds
from watchdesk.monitoring import views as monitoring_views
from watchdesk.monitoring.sitemaps import SITEMAPS


def health(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health, name="health"),
    path("api/", include("watchdesk.api.urls")),
    # Feeds and the sitemap span every language, so they live outside the language
    # prefixes; "all" is the site-wide feed, otherwise the first part is a language.
    path("feeds/<slug:lang>.rss", feeds.CommentaryFeed(), name="feed-rss"),
    path("feeds/<slug:lang>.atom", feeds.CommentaryAtomFeed(), name="feed-atom"),
    path("feeds/<slug:lang>/<slug:trend>.rss", feeds.CommentaryFeed(), name="trend-feed-rss"),
    path("feeds/<slug:lang>/<slug:trend>.atom", feeds.CommentaryAtomFeed(), name="trend-feed-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

if not settings.PRODUCTION:
    # In production the web server or object storage serves uploads.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += i18n_patterns(
    # Same pattern as Wagtail's page view, matched first; Wagtail's URLs follow for
    # reversing and for its own utility views.
    path("ledger.csv", monitoring_views.ledger_download, {"fmt": "csv"}, name="ledger-csv"),
    path("ledger.json", monitoring_views.ledger_download, {"fmt": "json"}, name="ledger-json"),
    path("search/", include("watchdesk.search.urls")),
    path("digest/", include("watchdesk.newsletter.urls")),
    re_path(r"^((?:[\w\-]+/)*)$", monitoring_views.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
