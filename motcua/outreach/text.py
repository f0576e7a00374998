"""A post's texts in the reader's language: English when written, else the Vietnamese."""

from typing import NamedTuple

from motcua.outreach.models import Post


class PostText(NamedTuple):
    title: str
    summary: str
    body: str
    lang: str  # the language of the texts when it differs from the page's, else ""


def post_text(post: Post, language: str) -> PostText:
    if language == "en" and post.title_en and post.body_en:
        return PostText(post.title_en, post.summary_en, post.body_en, "")
    lang = "vi" if language != "vi" else ""
    return PostText(post.title, post.summary, post.body, lang)
