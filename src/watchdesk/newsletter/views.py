"""Public pages of the digest: sign up, confirm, unsubscribe.

No page ever says whether an address is subscribed: the form answers the same way
for any address, and the other pages are reached only through a token from a mail.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from watchdesk.newsletter import subscriptions
from watchdesk.newsletter.forms import SubscribeForm
from watchdesk.newsletter.models import Subscriber
from watchdesk.throttling import signup_throttle


@require_http_methods(["GET", "POST"])
def subscribe(request):
    language = translation.get_language()
    if request.method == "POST":
        # Every sign-up sends a mail; one client may ask for only so many.
        throttle = signup_throttle()
        if not throttle.allow_request(request):
            # No estimate when the rate was lowered below the requests already counted:
            # then the whole period.
            wait = max(1, math.ceil(throttle.wait() or throttle.duration))
            response = render(
                request, "newsletter/too_many.html", {"minutes": math.ceil(wait / 60)}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
    form = SubscribeForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:
            subscriptions.request_subscription(
                form.cleaned_data["email"],
                form.cleaned_data["language"],
                form.cleaned_data["trends"],
            )
        # Post/redirect/get, and the same answer whatever happened to the address.
        return redirect("newsletter:requested")
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "days": subscriptions.CONFIRM_MAX_AGE.days},
        status=400 if form.is_bound else 200,
    )


def requested(request):
    return render(
        request, "newsletter/requested.html", {"days": subscriptions.CONFIRM_MAX_AGE.days}
    )


def _invalid(request, expired: bool):
    return render(request, "newsletter/invalid_link.html", {"expired": expired}, status=404)


def _choice(subscriber, wanted: dict | None) -> dict:
    language = wanted["language"] if wanted else subscriber.language
    keys = wanted["trends"] if wanted else subscriber.trend_keys
    return {
        "language_name": dict(settings.LANGUAGES).get(language, language),
        "trends": subscriptions.trend_titles(keys, language),
    }


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    try:
        link = subscriptions.confirmation(token)
    except subscriptions.LinkExpired:
        return _invalid(request, expired=True)
    except subscriptions.LinkInvalid:
        return _invalid(request, expired=False)
    # Mail scanners fetch links to check them; only the button's POST confirms.
    if request.method == "POST" and link.waiting:
        subscriber = subscriptions.confirm(link)
        if not subscriber.is_confirmed:
            return _invalid(request, expired=True)
        return render(request, "newsletter/confirmed.html", _choice(subscriber, None))
    if not link.waiting:
        return render(
            request,
            "newsletter/confirmed.html",
            {**_choice(link.subscriber, None), "already": True},
        )
    return render(
        request, "newsletter/confirm.html", _choice(link.subscriber, link.subscriber.requested)
    )


# RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to this address without
# a CSRF token; the unguessable token in the address is the credential.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        # Gone already or never there: the result the visitor wanted either way, and
        # one-click retries from providers must not fail.
        return render(request, "newsletter/unsubscribed.html")
    if not Subscriber.objects.filter(token=token).exists():
        return render(request, "newsletter/unsubscribed.html", {"unknown": True}, status=404)
    return render(request, "newsletter/unsubscribe.html")
