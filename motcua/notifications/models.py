from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """A message already sent, by a key that says what it was ("reminder:12:2026-11-25").

    Scheduled jobs record what they sent so that running them twice sends nothing twice.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.CharField(_("recipient"), max_length=254)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self) -> str:
        return self.key
