"""Every public page weighs less than the budget, everything it loads included.

Each page is opened as on a first visit (the browser's cache is off) and the bytes
received are added up: the document, any redirect leading to it, the stylesheet, the
script and the icon. Nothing may come from elsewhere than this machine (the ``page``
fixture fails the test on any such request; the figures are checked here as well).
Run with ``-s`` to see the figures.
"""

import json
import os
from urllib.parse import urlsplit

import pytest
from support import (
    BIRTH_REGISTRATION,
    PUBLIC_PAGE_BUDGET,
    answered_feedback,
    demo_dossier,
    load,
    transferred,
    without_cache,
)

from motcua.dossiers.enums import DossierStatus
from motcua.outreach.models import Post

pytest.importorskip("playwright.sync_api")

LOCAL = "127.0.0.1"


def test_public_pages_stay_under_the_budget(demo, page, subtests):
    paused = demo_dossier(DossierStatus.SUPPLEMENT)
    feedback = answered_feedback()
    post = Post.objects.filter(status="published").order_by("pk").first()
    assert post is not None, "the demo publishes no news"
    pages = [
        ("home", "/"),
        ("catalogue", "/thu-tuc/"),
        ("catalogue-search", "/thu-tuc/?q=dang+ky+khai+sinh"),
        ("procedure", f"/thu-tuc/{BIRTH_REGISTRATION}/"),
        ("online-form", f"/thu-tuc/{BIRTH_REGISTRATION}/nop-truc-tuyen/"),
        ("lookup", "/tra-cuu/"),
        # From the QR code on the receipt: the redirect and the dossier's status page.
        ("dossier-status", f"/tra-cuu/?code={paused.code}&secret={paused.lookup_secret}"),
        ("feedback-list", "/phan-anh/"),
        ("feedback-form", "/phan-anh/gui/"),
        ("feedback-lookup", "/phan-anh/tra-cuu/"),
        ("feedback-status", f"/phan-anh/tra-cuu/{feedback.code}/"),
        ("news", "/tin-tuc/"),
        ("news-article", f"/tin-tuc/{post.slug}/"),
        ("statistics", "/thong-ke/"),
    ]
    without_cache(page)
    weights: dict[str, int] = {}
    lines = []
    for name, path in pages:
        with subtests.test(msg=name):
            if name == "feedback-status":  # only a browser that gave both codes sees it
                unlock_feedback(page, feedback)
            requests = load(page, path)
            assert page.locator("main h1").count() == 1, f"{path} shows no page"
            outside = [r.url for r in requests if urlsplit(r.url).hostname != LOCAL]
            assert not outside, f"{name} loaded from elsewhere: {outside}"
            weights[name] = size = transferred(requests)
            kinds = ", ".join(sorted(r.resource_type for r in requests))
            lines.append(f"{name:<17} {size / 1000:6.1f} kB  {len(requests)} requests: {kinds}")
            assert size < PUBLIC_PAGE_BUDGET, (
                f"{name} ({path}) transfers {size:,} bytes in {len(requests)} requests "
                f"({kinds}), over the budget of {PUBLIC_PAGE_BUDGET:,}"
            )
    heaviest = max(weights, key=weights.get)
    lines.append(
        f"{len(weights)} public pages; heaviest: {heaviest}, {weights[heaviest] / 1000:.1f} kB "
        f"(budget {PUBLIC_PAGE_BUDGET / 1000:.0f} kB)"
    )
    print("\nPublic page weights, first visit, everything included:\n" + "\n".join(lines))
    _record(weights, heaviest)


def _record(weights: dict[str, int], heaviest: str) -> None:
    """Hand the figure to ``bench/all.py`` when it runs this test (``BENCH_TABLE``)."""
    path = os.environ.get("BENCH_TABLE")
    if not path:
        return
    line = {
        "row": "page_weight",
        "figure": f"{len(weights)} public pages; heaviest {heaviest} "
        f"{weights[heaviest] / 1000:.1f} kB; 0 external requests",
        "baseline": "—",
        "ratio": "—",
        "target": f"< {PUBLIC_PAGE_BUDGET / 1000:.0f} kB, 0 external requests",
        "met": weights[heaviest] < PUBLIC_PAGE_BUDGET,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def unlock_feedback(page, feedback) -> None:
    """Give the tracking code and the secret, as the sender does to see the status."""
    page.goto("/phan-anh/tra-cuu/")
    form = page.locator("main form[method=post]")
    form.locator("[name=code]").fill(feedback.code)
    form.locator("[name=secret]").fill(feedback.lookup_secret)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")  # its icon is not counted in the next page
