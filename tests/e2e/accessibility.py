"""axe-core (Deque's accessibility engine, shipped by axe-playwright-python) run on the page a
browser test has open: the WCAG 2.0 and 2.1 A and AA rules, and the violations axe rates
serious or critical."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
GRAVE = ("serious", "critical")
_AXE = Axe()


def grave_violations(page) -> list[str]:
    """One line per serious or critical violation on `page` as it is now: the rule, what it
    asks and the first elements that break it (empty when the page passes)."""
    violations = _AXE.run(page, options=WCAG_A_AA).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: "
        + "; ".join(f"{node['target']} {node['html'][:120]}" for node in rule["nodes"][:3])
        for rule in violations
        if rule["impact"] in GRAVE
    ]
