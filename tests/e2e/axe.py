"""axe-core in the browser tests: inject the tests-only copy (tests/e2e/vendor/, rebuilt by
`make axe`) into a page and list what it finds.

The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy
does not govern, so the checks run on the page exactly as users get it (CSP on, nothing added
to the app). Every rule runs; a rule is left out only through DISABLED, each with its reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
BLOCKING = ("serious", "critical")

# rule id -> why it does not run. Empty: every axe rule runs on every page.
DISABLED: dict[str, str] = {}

RUN = """async (disabled) => {
  const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  const result = await axe.run(document, { rules, resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


@cache
def axe_source() -> str:
    found = sorted(VENDOR.glob("axe-core-*/axe.min.js"))
    if not found:
        raise AssertionError("tests/e2e/vendor/axe-core-*/axe.min.js is missing: run make axe")
    return found[-1].read_text()


def axe_violations(page) -> list[dict]:
    """Every violation axe finds on the page as it stands now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        cdp = page.context.new_cdp_session(page)
        cdp.send("Runtime.evaluate", {"expression": axe_source()})
        cdp.detach()
    return page.evaluate(RUN, list(DISABLED))


def assert_no_serious_violations(page, where: str) -> list[dict]:
    """Fail naming each serious or critical violation (rule, help, elements); return the rest."""
    found = axe_violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    lines = [
        f"{v['impact']} {v['id']}: {v['help']}\n    "
        + "\n    ".join(f"{n['target']}: {n['summary']}" for n in v["nodes"][:6])
        for v in blocking
    ]
    assert not blocking, f"axe on {where}:\n" + "\n".join(lines)
    return [v for v in found if v["impact"] not in BLOCKING]
