from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import re_path, resolve

from watchdesk.api.endpoints import api


def unknown(request, rest=""):
    """Any other address under /api/: a JSON 404 rather than the site's HTML page (or
    LocaleMiddleware's redirect to /<lang>/api/…, which the page route would accept)."""
    if not request.path_info.endswith("/"):
        # Django's trailing-slash redirect, which a pattern matching everything bypasses.
        if resolve(request.path_info + "/").func is not unknown:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    request.urlconf = "watchdesk.api.urls"  # see OpenDataAPI.create_response
    response = JsonResponse({"detail": "There is no such API address; see /api/."}, status=404)
    response["Access-Control-Allow-Origin"] = "*"
    return response


app_name = "api"
# The API's own patterns; the namespace comes from the root URLconf's include().
urlpatterns = [*api.urls[0], re_path(r"^(?P<rest>.*)$", unknown)]
