"""Digest subscribers and the record of which week each of them has been sent.

A subscriber row holds only what sending needs: the address, the digest language,
the chosen trends (as translation keys, so a choice made on the English page still
holds for a Russian digest) and the token that identifies the links in their mail.
Unsubscribing deletes the row and, with it, its delivery records.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    trend_keys = models.JSONField(
        _("trends"),
        default=list,
        blank=True,
        help_text=_("Translation keys of the chosen trends; empty means every trend."),
    )
    # The only credential in confirmation and unsubscribe links; never shown on a page.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Settings submitted through the form and waiting for the address's confirmation;
    # kept apart so that nobody but the owner of a confirmed address can change them.
    requested = models.JSONField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("digest subscriber")
        verbose_name_plural = _("digest subscribers")
        permissions = [
            ("manage_subscribers", _("Can find, export and delete digest subscribers")),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One subscriber's digest for one week: claimed before sending, so it goes out once."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    week_start = models.DateField(_("week"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "week_start"], name="newsletter_one_delivery_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week_start} {self.status}"
