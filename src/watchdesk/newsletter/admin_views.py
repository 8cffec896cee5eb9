"""The editors' view of digest subscribers: find one by exact address, export, delete.

There is deliberately no list: an editor answers one person's request about their
own data and never browses the addresses.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from watchdesk.monitoring.bootstrap import EDITORS
from watchdesk.newsletter import subscriptions
from watchdesk.newsletter.models import Subscriber

PERMISSION = "watchdesk_newsletter.manage_subscribers"


def can_manage_subscribers(user) -> bool:
    """Editors (and superusers, or anyone granted the permission) only."""
    if not user.is_active:
        return False
    return user.has_perm(PERMISSION) or user.groups.filter(name=EDITORS).exists()


def _forbidden(request):
    # Wagtail turns PermissionDenied into a redirect to the dashboard; answer 403 so
    # the refusal is plain to the browser and to tests alike.
    return TemplateResponse(
        request,
        "newsletter/admin/forbidden.html",
        {"page_title": _("Digest subscribers")},
        status=403,
    )


class FindForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Exact email address"), max_length=254)


@require_http_methods(["GET"])
def find(request):
    if not can_manage_subscribers(request.user):
        return _forbidden(request)
    form = FindForm(request.GET or None)
    subscriber, searched = None, False
    if form.is_valid():
        searched = True
        subscriber = subscriptions.find(form.cleaned_data["email"])
    data = subscriptions.export(subscriber) if subscriber else None
    return TemplateResponse(
        request,
        "newsletter/admin/subscribers.html",
        {
            "page_title": _("Digest subscribers"),
            "header_icon": "mail",
            "form": form,
            "searched": searched,
            "subscriber": subscriber,
            "data": data,
            "sent": sum(d["status"] == "sent" for d in data["deliveries"]) if data else 0,
            "counts": {
                "confirmed": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
                "waiting": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
            },
        },
    )


@require_http_methods(["GET"])
def export(request, pk: int):
    if not can_manage_subscribers(request.user):
        return _forbidden(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    body = json.dumps(subscriptions.export(subscriber), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="digest-subscriber-{pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def delete(request, pk: int):
    if not can_manage_subscribers(request.user):
        return _forbidden(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    subscriptions.forget(subscriber.email)
    messages.success(request, _("The subscriber's address and settings have been deleted."))
    return redirect("newsletter_subscribers")
