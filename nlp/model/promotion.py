"""Whether a version may be promoted: scored against the version in use on the same test rows.

The agreed metric is PR-AUC at the stated prevalence (``nlp.model.metrics``). A candidate
is *worse* when its PR-AUC is below the current one's by more than ``margin``
(``ANZUELO_MODELS_PROMOTE_MARGIN``): smaller differences are noise on a few hundred rows.
A NaN score (a metric that could not be computed) counts as worse.
"""

from __future__ import annotations

from pathlib import Path

from nlp.model.compare import compare
from nlp.model.registry import BUILTIN, Registry


def compare_versions(reg: Registry, names: list[str], paths: list[str | Path], prevalence: float,
                     report_bad=None) -> dict[str, dict]:
    """``compare`` of registry versions (ids, ``builtin`` or model folders), each named once."""
    return compare({n: reg.resolve(n) for n in dict.fromkeys(names)}, paths, prevalence, report_bad=report_bad)


def check(reg: Registry, version: str, paths: list[str | Path], prevalence: float, margin: float,
          report_bad=None) -> dict:
    """Scores of ``version`` and of the version in use on ``paths``, and whether the candidate is worse."""
    current = reg.current() or BUILTIN
    res = compare_versions(reg, [version, current], paths, prevalence, report_bad)
    new, old = res[version]["all_pr_auc"], res[current]["all_pr_auc"]
    return {"version": version, "previous": current, "prevalence": prevalence, "margin": margin,
            "pr_auc": new, "previous_pr_auc": old, "worse": not (new >= old - margin)}


def detail(result: dict, paths: list[str | Path], forced: bool) -> str:
    """The audit detail of a promotion: the scores it was decided on, and whether it was forced."""
    text = (f"PR-AUC@{result['prevalence']:g} {result['pr_auc']:.4f} vs {result['previous_pr_auc']:.4f} "
            f"on {', '.join(map(str, paths))}") if "pr_auc" in result else "no test data"
    if forced:
        text += "; forced" + (" over a worse score" if result.get("worse") else "")
    return text
