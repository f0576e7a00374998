import re
from pathlib import Path

from django.utils import translation

from motcua.dossiers.enums import TRANSITIONS, Action, DossierStatus

DOC = Path(__file__).resolve().parents[3] / "docs" / "dossier-lifecycle.md"


def _label(status) -> str:
    return "new" if status is None else f"{int(status)} {DossierStatus(status).label}"


def test_lifecycle_document_matches_the_transition_table():
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \| (.+?) \|$", DOC.read_text(), re.M)

    with translation.override("en"):
        expected = [
            (
                action,
                str(Action(action).label),
                ", ".join(_label(s) for s in sorted(sources, key=lambda s: -1 if s is None else s)),
                "(unchanged)" if target is None else _label(target),
            )
            for action, (sources, target) in TRANSITIONS.items()
        ]
    assert rows == expected
