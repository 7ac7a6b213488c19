"""Keep pyproject.toml and the locked requirements in step.

    python requirements/check.py          # exit 1, naming each difference, when they disagree
    python requirements/check.py --stamp  # after pip-compile (make lock): record what it read

pip-compile turns pyproject.toml's requirements into pinned, hashed files (base.txt for the
app, dev.txt for the app plus the dev tools). ``--stamp`` writes the requirements each lock
was compiled from into its header; the check compares them with pyproject.toml now and also
makes sure every pinned version still satisfies its requirement, so an install from a lock
that pyproject.toml has moved past fails before anything is installed. Standard library
only (plus ``packaging``, which pip itself carries), so it runs before any install.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # a bare interpreter: pip vendors packaging
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"base.txt": ("dependencies",), "dev.txt": ("dependencies", "dev")}
STAMP_START = "# Compiled from these pyproject.toml requirements (requirements/check.py):"
STAMP_LINE = "#   "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def _normal(text: str) -> str:
    req = Requirement(text)
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{canonicalize_name(req.name)}{extras}{req.specifier}{marker}"


def wanted(groups: tuple[str, ...]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found: list[str] = []
    for group in groups:
        items = project["dependencies"] if group == "dependencies" else None
        items = items if items is not None else project["optional-dependencies"][group]
        found += [_normal(item) for item in items]
    return sorted(set(found))


def stamped(text: str) -> list[str]:
    lines = text.splitlines()
    if STAMP_START not in lines:
        return []
    rest = lines[lines.index(STAMP_START) + 1 :]
    return sorted(line[len(STAMP_LINE) :] for line in rest if line.startswith(STAMP_LINE))


def pins(text: str) -> dict[str, str]:
    return {
        canonicalize_name(m.group(1)): m.group(3)
        for line in text.splitlines()
        if (m := PIN.match(line))
    }


def problems(name: str, groups: tuple[str, ...]) -> list[str]:
    path = ROOT / "requirements" / name
    if not path.exists():
        return [f"requirements/{name} is missing"]
    text = path.read_text()
    now, then = wanted(groups), stamped(text)
    found = [f"requirements/{name} has no record of the pyproject.toml it was compiled from"]
    if then:
        found = [
            f"pyproject.toml has {r!r}, requirements/{name} does not" for r in now if r not in then
        ]
        found += [
            f"requirements/{name} has {r!r}, pyproject.toml no longer" for r in then if r not in now
        ]
    pinned = pins(text)
    for item in now:
        req = Requirement(item)
        if req.marker and not req.marker.evaluate():
            continue
        version = pinned.get(canonicalize_name(req.name))
        if version is None:
            found.append(f"{req.name} is not pinned in requirements/{name}")
        elif not req.specifier.contains(version, prereleases=True):
            found.append(f"{req.name}=={version} in requirements/{name} does not satisfy {item!r}")
    return found


def stamp() -> None:
    for name, groups in LOCKS.items():
        path = ROOT / "requirements" / name
        lines = path.read_text().splitlines()
        if STAMP_START in lines:  # a previous stamp: drop it
            start = lines.index(STAMP_START)
            end = start + 1
            while end < len(lines) and lines[end].startswith(STAMP_LINE):
                end += 1
            lines[start:end] = []
        at = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        record = [STAMP_START, *(STAMP_LINE + r for r in wanted(groups))]
        path.write_text("\n".join([*lines[:at], *record, *lines[at:]]) + "\n")


def main(argv: list[str]) -> int:
    if argv[1:] == ["--stamp"]:
        stamp()
    found = [p for name, groups in LOCKS.items() for p in problems(name, groups)]
    for problem in found:
        print(f"requirements: {problem}", file=sys.stderr)
    if found:
        print(
            "requirements: the locked requirements do not match pyproject.toml; "
            "run `make lock` and commit requirements/*.txt",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
