import pytest

from motcua.outreach.demo import demo_posts_load
from motcua.outreach.enums import PostStatus
from motcua.outreach.models import Post
from motcua.outreach.tests.factories import district_with_commune, staff_of

pytestmark = pytest.mark.django_db


def test_demo_posts_are_published_bilingual_and_loaded_once():
    district, _ = district_with_commune()
    admin = staff_of(district)

    first = demo_posts_load(unit=district, author=admin)
    again = demo_posts_load(unit=district, author=admin)

    posts = list(Post.objects.all())
    assert (first, again, len(posts)) == (4, 0, 4)
    assert {p.status for p in posts} == {PostStatus.PUBLISHED}
    assert all(p.title_en and p.body_en and p.slug.isascii() for p in posts)
    assert sum(p.pinned for p in posts) == 1
