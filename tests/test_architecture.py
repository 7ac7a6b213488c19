"""The apps depend one way, checked from the source (ast, no import is executed).

Floors, lowest first: ``api`` (the DRF toolkit) ← ``accounts`` ← ``content`` ← ``interviews``
← ``calls`` ← ``scoring`` ← ``practice`` ← ``config``. A module may import its own package and the floors below it, never
one above. Every import counts, wherever it is written: module level, inside a function (a
lazy import is still a dependency) or under ``TYPE_CHECKING``; so do the ways around an
import statement: ``apps.get_model("scoring", ...)``, ``import_module("scoring...")`` and
relation targets such as ``ForeignKey("scoring.Scorecard")``.

``scoring/analysis`` is pure Python: it imports no project module outside itself and nothing
of Django's world.

Migrations are the one exemption from the floors: they are history, and they name other
apps' models and migrations by label because that is where tables were born (content's 0003
adopts the rubric tables scoring created). Django resolves those labels from the migration
graph without importing the other app. What a migration must not do is import another
project package's code (its own app's callables, e.g. a field default, are what Django
writes).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ["api", "accounts", "content", "interviews", "calls", "scoring", "practice", "config"]
PURE = "scoring.analysis"
DJANGO_WORLD = {
    "django",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "channels_redis",
    "celery",
    "django_htmx",
    "environ",
}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}

# Arrows that work in progress on the same code removes: (path prefix, package imported).
# Each must still match a real violation (a test fails once it is gone), so the list only
# shrinks.
PENDING: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    imported: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.imported}: {self.reason}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name a relative import (``from ..models import X``) refers to."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


def _string_reference(node: ast.Call) -> str | None:
    """The module or app a call names in a string, if it is one of the ways around imports."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = node.args[0] if node.args else None
    if name in RELATION_FIELDS:
        first = next((k.value for k in node.keywords if k.arg == "to"), first)
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None
    named = first.value
    if name == "get_model" or (name in RELATION_FIELDS and "." in named):
        return named.split(".")[0]  # an app label: "scoring" or "scoring.Scorecard"
    if name in ("import_module", "__import__"):
        return named
    return None


def imports_of(
    source: str, *, module: str, is_package: bool = False, strings: bool = True
) -> list[tuple[int, str]]:
    """Every (line, absolute module or name) the source depends on; with ``strings``, also
    what it names in strings (get_model, import_module, relation targets)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (
                _resolve(module, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            found += [
                (node.lineno, base if alias.name == "*" else f"{base}.{alias.name}")
                for alias in node.names
            ]
        elif strings and isinstance(node, ast.Call) and (named := _string_reference(node)):
            found.append((node.lineno, named))
    return found


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def why_forbidden(module: str, imported: str) -> str | None:
    """Why ``module`` may not depend on ``imported`` (None: it may)."""
    own, other = module.split(".")[0], imported.split(".")[0]
    if _inside(module, PURE) and not _inside(imported, PURE):
        if other in FLOORS:
            return f"{PURE} is pure Python and imports no project module"
        if other in DJANGO_WORLD:
            return f"{PURE} is pure Python and imports nothing of Django's"
    if other not in FLOORS or other == own:
        return None
    if ".migrations" in module:
        return "a migration names other apps by label only"
    if FLOORS.index(other) > FLOORS.index(own):
        return f"{own} sits below {other} (floors: {' <- '.join(FLOORS)})"
    return None


def violations_in(source: str, *, path: str) -> list[Violation]:
    file = ROOT / path
    module = module_name(file)
    found = imports_of(
        source,
        module=module,
        is_package=file.name == "__init__.py",
        strings=".migrations" not in module,  # labels are how history names other apps
    )
    return [
        Violation(path, line, imported, reason)
        for line, imported in found
        if (reason := why_forbidden(module, imported))
    ]


def project_violations() -> list[Violation]:
    found: list[Violation] = []
    for package in FLOORS:
        for file in sorted((ROOT / package).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            found += violations_in(file.read_text(), path=path)
    return found


def _pending_entry(violation: Violation) -> tuple[str, str] | None:
    package = violation.imported.split(".")[0]
    return next(
        (key for key in PENDING if violation.path.startswith(key[0]) and package == key[1]), None
    )


def test_the_apps_depend_one_way():
    found = [str(v) for v in project_violations() if _pending_entry(v) is None]
    assert not found, "arrows pointing the wrong way:\n" + "\n".join(found)


def test_every_pending_exception_is_still_needed():
    used = {_pending_entry(v) for v in project_violations()}
    gone = [f"{path} -> {package}" for path, package in PENDING if (path, package) not in used]
    assert not gone, "delete these PENDING entries, their arrows are gone: " + ", ".join(gone)


def test_the_check_reads_every_package():
    files = {v for package in FLOORS for v in (ROOT / package).rglob("*.py")}
    assert len(files) > 100
    assert (ROOT / "scoring" / "analysis" / "score.py") in files


# The live wing (consumer, protocol, commands, batcher, fan-out, channel layers) is the
# transport, on top of the rest of interviews; only the app's ready() wires it in.
WING = "interviews.live"
WING_WIRED_BY = {"interviews/apps.py"}


def wing_imports_in(source: str, *, path: str) -> list[str]:
    file = ROOT / path
    module = module_name(file)
    if _inside(module, WING) or path in WING_WIRED_BY:
        return []
    found = imports_of(source, module=module, is_package=file.name == "__init__.py")
    return [f"{path}:{line}: imports {name}" for line, name in found if _inside(name, WING)]


def test_the_services_know_no_transport():
    found = [
        hit
        for file in sorted((ROOT / "interviews").rglob("*.py"))
        for hit in wing_imports_in(file.read_text(), path=file.relative_to(ROOT).as_posix())
    ]
    assert found == []


def test_the_wing_check_sees_a_service_reaching_for_the_protocol():
    source = "from ..live.protocol import OpMessage\n"
    assert wing_imports_in(source, path="interviews/services/board_ops.py") == [
        "interviews/services/board_ops.py:1: imports interviews.live.protocol.OpMessage"
    ]
    assert wing_imports_in(source, path="interviews/live/commands.py") == []


# --- The check itself fails on bad modules ----------------------------------------------


BAD = [
    (
        "content/selectors.py",
        "from interviews.models import Participant\n",
        "interviews.models.Participant",
    ),
    ("content/services/x.py", "import scoring.models as m\n", "scoring.models"),
    (
        "interviews/services/x.py",
        "def end():\n    from scoring.services import feedback_request\n",
        "scoring.services.feedback_request",
    ),
    (
        "interviews/pages/x.py",
        "from django.apps import apps\nM = apps.get_model('scoring', 'CriterionScore')\n",
        "scoring",
    ),
    (
        "interviews/x.py",
        "import importlib\nimportlib.import_module('scoring.tasks')\n",
        "scoring.tasks",
    ),
    (
        "content/models.py",
        "from django.db import models\nclass A(models.Model):\n"
        "    s = models.ForeignKey('interviews.InterviewSession', models.CASCADE)\n",
        "interviews",
    ),
    ("scoring/analysis/x.py", "from django.db import models\n", "django.db.models"),
    ("scoring/analysis/x.py", "from ..models import Scorecard\n", "scoring.models.Scorecard"),
    ("scoring/analysis/x.py", "from content.models import Rubric\n", "content.models.Rubric"),
    ("api/errors.py", "from content import selectors\n", "content.selectors"),
    (
        "accounts/apis.py",
        "from interviews.selectors.api import participation_counts\n",
        "interviews.selectors.api.participation_counts",
    ),
    ("accounts/x.py", "from content.models import Question\n", "content.models.Question"),
    ("scoring/x.py", "from config.api.urls import v1\n", "config.api.urls.v1"),
    ("api/x.py", "from config import settings\n", "config.settings"),
    (
        "content/migrations/0009_x.py",
        "from scoring.models import Scorecard\n",
        "scoring.models.Scorecard",
    ),
    (
        "content/apps.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from interviews.models import Role\n",
        "interviews.models.Role",
    ),
]


@pytest.mark.parametrize(("path", "source", "imported"), BAD, ids=[b[0] + ":" + b[2] for b in BAD])
def test_a_module_that_imports_upward_is_caught(path, source, imported):
    assert [v.imported for v in violations_in(source, path=path)] == [imported]


GOOD = [
    ("scoring/models.py", "from interviews.models import InterviewSession\n"),
    ("scoring/x.py", "from content.models import Rubric\nfrom api.errors import Conflict\n"),
    ("interviews/x.py", "from content.permissions import outline_reader_rule_register\n"),
    ("interviews/x.py", "from accounts.models import ApiToken\n"),
    ("content/x.py", "from .models import Rubric\nfrom . import selectors\n"),
    ("content/x.py", "from api.permissions import is_curator\nfrom django.db import models\n"),
    ("scoring/analysis/x.py", "import re\nfrom . import graph\nfrom .text import words\n"),
    ("scoring/analysis/x.py", "from scoring.analysis.graph import Graph\n"),
    ("config/api/urls.py", "from scoring import apis\nfrom interviews import apis as s\n"),
    ("content/migrations/0003_x.py", "import content.board\nM = 'scoring.rubric'\n"),
    (
        "scoring/migrations/0003_x.py",
        "from django.db import models\nF = models.ForeignKey(to='content.rubric', on_delete=None)\n",
    ),
    (
        "scoring/models.py",
        "from django.db import models\nclass A(models.Model):\n    q = models.ForeignKey('content.Rubric', models.PROTECT)\n",
    ),
]


@pytest.mark.parametrize(("path", "source"), GOOD)
def test_a_module_that_imports_downward_passes(path, source):
    assert violations_in(source, path=path) == []
