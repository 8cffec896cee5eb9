from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from watchdesk.newsletter import admin_views


@hooks.register("register_admin_urls")
def register_subscriber_urls():
    return [
        path("digest-subscribers/", admin_views.find, name="newsletter_subscribers"),
        path(
            "digest-subscribers/<int:pk>/export/",
            admin_views.export,
            name="newsletter_subscriber_export",
        ),
        path(
            "digest-subscribers/<int:pk>/delete/",
            admin_views.delete,
            name="newsletter_subscriber_delete",
        ),
    ]


class SubscribersMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_subscribers(request.user)


@hooks.register("register_settings_menu_item")
def register_subscribers_menu_item():
    return SubscribersMenuItem(
        _("Digest subscribers"),
        reverse("newsletter_subscribers"),
        name="digest-subscribers",
        icon_name="mail",
        order=900,
    )
