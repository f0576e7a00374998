from django import template
from django.utils.translation import get_language

from motcua.outreach.models import Post
from motcua.outreach.text import PostText, post_text

register = template.Library()


@register.simple_tag
def localized_post(post: Post) -> PostText:
    """``{% localized_post post as text %}``: title, summary, body and ``lang`` to mark."""
    return post_text(post, get_language() or "vi")
