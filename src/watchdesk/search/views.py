from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from watchdesk.monitoring import queries
from watchdesk.search import engine
from watchdesk.search.forms import SearchForm


@require_GET
def search(request):
    locale = Locale.objects.get(language_code=translation.get_language())
    params = request.GET.copy()
    if "language" not in params and params.get("q"):
        params["language"] = locale.language_code  # the page's language unless asked
    form = SearchForm(
        params if params else None,
        language=locale.language_code,
        initial={"language": locale.language_code},  # the empty form searches the page's language
    )
    results = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            results = engine.search(data["q"], form.filters(), data.get("page") or 1)
        else:
            status = 400
    query_string = params.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "query_string": query_string.urlencode(),
            "recent_trends": queries.recent_trends(locale.pk),
        },
        status=status,
    )
