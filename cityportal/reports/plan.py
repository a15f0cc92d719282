"""The quarter's plan: targets by KPI and scope, and how a figure compares with its target and
with the previous quarter."""

from .models import Target
from .quarters import Quarter


def targets(quarter: Quarter) -> dict[tuple[str, str], float]:
    """{(kpi key, scope): target}; scope "" is the KPI as a whole."""
    rows = Target.objects.filter(plan__quarter=str(quarter)).values_list("kpi", "scope", "value")
    return {(kpi, scope.strip()): value for kpi, scope, value in rows}


def compare(value, previous, target, better: str = "higher") -> dict:
    """Change since the previous quarter, and the share of the plan reached (met: True/False,
    None without a target or a figure)."""
    out = {"change": None, "change_pct": None, "plan_pct": None, "met": None}
    if value is not None and previous is not None:
        out["change"] = value - previous
        if previous:
            out["change_pct"] = (value - previous) / previous * 100
    if value is not None and target is not None:
        if target and better == "higher":  # "121% of a time limit" reads as praise: no share
            out["plan_pct"] = value / target * 100
        out["met"] = value >= target if better == "higher" else value <= target
    return out
