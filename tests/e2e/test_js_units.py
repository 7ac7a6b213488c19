"""Run the front-end unit tests (node's built-in test runner) as part of the Python suite."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

JS_TESTS = Path(settings.BASE_DIR) / "static" / "js" / "tests"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_unit_tests_pass():
    result = subprocess.run(
        ["node", "--test", str(JS_TESTS) + "/"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    summary = "\n".join(result.stdout.splitlines()[-12:])
    assert result.returncode == 0, f"node --test failed:\n{result.stdout}\n{result.stderr}"
    assert "# fail 0" in result.stdout, summary
    assert "# pass 0" not in result.stdout, "node ran no JS test"
