"""Baselines for benchmarks/page.py, selected per request by BaselineSwitch.

- Wagtail's stock page serving (tree walk from the site root), same templates.
- A minimal view through the same middleware: the floor any page pays.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls


def hello(request):
    return HttpResponse("<!DOCTYPE html><title>hello</title><p>hello</p>")


urlpatterns = [path("bench-hello/", hello)]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)


class BaselineSwitch:
    """Route a request through this module when it carries ``X-Bench-Baseline``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("X-Bench-Baseline"):
            request.urlconf = __name__
        return self.get_response(request)
