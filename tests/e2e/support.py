"""Checks every browser journey applies to the pages it visits.

``audit(page, label)`` runs axe-core (shipped inside the ``axe-playwright-python`` wheel,
nothing fetched) on the page as it is now and fails on any serious or critical violation;
the full report is kept under ``test-artifacts/axe/<label>.json``.

``weigh(page, path)`` opens ``path`` and returns the bytes the browser received for it
(the document and everything it loaded), for the page-weight budget.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_REPORTS = ROOT / "test-artifacts" / "axe"
# What fails a page: axe's two highest impacts. Moderate and minor ones are reported.
BLOCKING = frozenset({"serious", "critical"})
PUBLIC_PAGE_BUDGET = 150_000  # bytes transferred for a public page, everything included


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def audit(page, label: str) -> list[dict]:
    """Fail on serious or critical accessibility violations of the page as it is now.

    Returns the moderate and minor violations (also saved in the report).
    """
    results = _axe().run(page)
    violations = results.response.get("violations", [])
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
    report = {"url": page.url, "violations": violations}
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    if blocking:
        lines = [
            f"{v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])} element(s), e.g. "
            f"{v['nodes'][0]['target']})"
            for v in blocking
        ]
        raise AssertionError(f"accessibility of {label} ({page.url}):\n" + "\n".join(lines))
    return [v for v in violations if v.get("impact") not in BLOCKING]


def weigh(page, path: str) -> int:
    """Open ``path`` in ``page``; the bytes received for the document and its resources."""
    requests = []

    def finished(request) -> None:
        requests.append(request)

    page.on("requestfinished", finished)
    try:
        page.goto(path, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", finished)
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total
