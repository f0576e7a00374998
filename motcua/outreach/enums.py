from django.db import models
from django.utils.translation import pgettext_lazy


class PostKind(models.TextChoices):
    NEWS = "news", pgettext_lazy("post kind", "News")
    ANNOUNCEMENT = "announcement", pgettext_lazy("post kind", "Announcement")


class PostStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("post status", "Draft")
    PUBLISHED = "published", pgettext_lazy("post status", "Published")
    ARCHIVED = "archived", pgettext_lazy("post status", "Withdrawn")
