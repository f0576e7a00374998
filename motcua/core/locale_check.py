"""Fail when a translation is missing, fuzzy, stale or not compiled.

Run as ``python -m motcua.core.locale_check`` (``make check-messages``). It extracts the
messages of a copy of the source tree with ``makemessages`` and checks, with GNU gettext's
own tools, that every extracted message is in each catalogue, that Vietnamese has no
untranslated or fuzzy entry, and that every catalogue's .mo is newer than its .po.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("vi", "en")
SKIP = shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "*.mo", "node_modules")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603


def _fresh_catalogues(tmp: Path) -> Path:
    copy = tmp / "src"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    for lang in LANGUAGES:
        (copy / "locale" / lang / "LC_MESSAGES" / "django.po").unlink(missing_ok=True)
    args = ["manage.py", "makemessages", "--ignore=.venv", "--ignore=var", "-v", "0"]
    result = _run(sys.executable, *args, *[f"--locale={lang}" for lang in LANGUAGES], cwd=copy)
    if result.returncode:
        raise SystemExit(f"makemessages failed:\n{result.stderr}")
    return copy / "locale"


def problems() -> list[str]:
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = _fresh_catalogues(Path(tmp))
        for lang in LANGUAGES:
            po = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
            mo = po.with_suffix(".mo")
            if not po.exists():
                found.append(f"{po}: missing")
                continue
            cmp = _run(
                "msgcmp",
                "--use-untranslated",
                str(po),
                str(fresh / lang / "LC_MESSAGES" / "django.po"),
            )
            if cmp.returncode:
                found.append(
                    f"{po}: messages in the source are missing (run `make messages`):\n{cmp.stderr}"
                )
            stats = _run("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po))
            if stats.returncode:
                found.append(f"{po}: msgfmt --check failed:\n{stats.stderr}")
            elif lang == "vi" and ("fuzzy" in stats.stderr or "untranslated" in stats.stderr):
                found.append(f"{po}: Vietnamese must be complete: {stats.stderr.strip()}")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                found.append(f"{mo}: not compiled or older than the .po (run compilemessages)")
    return found


def main() -> None:
    issues = problems()
    for issue in issues:
        print(issue, file=sys.stderr)
    if issues:
        raise SystemExit(1)
    print("translations: complete and compiled")


if __name__ == "__main__":
    main()
