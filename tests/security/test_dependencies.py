"""Dependencies: lower bounds past the known advisories, and a lock with hashes that Docker
and `make install` (hence CI) install from, which refuses to install when pyproject.toml has
moved past it (another branch adds a dependency: `make lock` is the one command to rerun).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(settings.BASE_DIR)
# Versions with published advisories the bounds must exclude.
VULNERABLE = {
    "django": "5.2.8",  # CVE-2025-13372 (FilteredRelation SQL injection), CVE-2025-64460
    "djangorestframework": "3.15.1",  # CVE-2024-21520 (XSS in the browsable API)
}


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    items = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {Requirement(i).name.lower(): Requirement(i) for i in items}


@pytest.mark.parametrize(("name", "bad"), VULNERABLE.items())
def test_lower_bounds_exclude_versions_with_known_advisories(name, bad):
    requirement = _requirements()[name]
    assert not requirement.specifier.contains(bad)
    assert Version(version(name)) > Version(bad)  # and what is installed is past it


def test_the_build_backend_is_past_its_advisory():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert not Requirement(build[0]).specifier.contains("78.1.0")  # CVE-2025-47273


@pytest.mark.parametrize("lock", ["base.txt", "dev.txt"])
def test_every_pin_of_the_locks_carries_hashes(lock):
    text = (ROOT / "requirements" / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    pinned = [e for e in entries if re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==", e)]
    assert len(pinned) > 20
    for entry in pinned:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(root / "requirements" / "check.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_locks_are_in_step_with_pyproject():
    result = _check(ROOT)
    assert result.returncode == 0, result.stderr


def _copy(tmp_path: Path) -> Path:
    (tmp_path / "requirements").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for name in ("check.py", "base.txt", "dev.txt"):
        shutil.copy(ROOT / "requirements" / name, tmp_path / "requirements" / name)
    return tmp_path


def test_a_dependency_added_without_relocking_stops_the_install(tmp_path):
    root = _copy(tmp_path)
    text = (root / "pyproject.toml").read_text()
    text = text.replace('"PyYAML>=6.0,<7",', '"PyYAML>=6.0,<7",\n    "a-new-dependency>=1.2,<2",')
    assert "a-new-dependency" in text
    (root / "pyproject.toml").write_text(text)
    result = _check(root)
    assert result.returncode == 1
    assert "a-new-dependency<2,>=1.2" in result.stderr
    assert "make lock" in result.stderr


def test_a_raised_bound_the_pin_no_longer_meets_stops_the_install(tmp_path):
    root = _copy(tmp_path)
    text = (root / "pyproject.toml").read_text()
    text = re.sub(r'"Django>=[^"]*"', '"Django>=5.3,<5.4"', text)
    (root / "pyproject.toml").write_text(text)
    result = _check(root)
    assert result.returncode == 1
    assert "does not satisfy" in result.stderr


def test_docker_and_make_install_from_the_locks_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements/check.py" in dockerfile
    assert "--require-hashes -r requirements/base.txt" in dockerfile
    assert "pip install --no-cache-dir ." not in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "requirements/check.py" in makefile
    assert "--require-hashes -r requirements/dev.txt" in makefile
    assert re.search(r"^lock:", makefile, re.M)
