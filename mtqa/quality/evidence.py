"""P(wrong): the head's P(BAD) and the findings on a word, combined into one calibrated probability.

DESIGN keeps ``p_bad`` the head's alone, so that it can be evaluated as a head. But a rule check
that fires is evidence of its own: "Poutine" flagged at error by MT201 (a French spelling the
model would write as "Putin") carried P(BAD) 0.06, and the HTML shading and the JSON then told a
reader two stories. ``p_wrong`` is what a reader should believe: a logistic model over
logit(P(BAD)) with, for each finding code and severity seen often enough in fitting, an offset
and a slope of its own (where a rule is reliable, the head's P(BAD) matters less), and one
weight per severity for every finding (which alone carries codes too rare to fit).

On dev, the head has mostly seen what the rules see, so the regression alone gives a flagged
word little more than its P(BAD). A finding the head missed ("Poutine") then stays near 0.06.
So a rule finding also sets a floor: its code and severity's precision on dev, shrunk toward
the precision of its severity, because a rule finding is right about that often whatever the
head says (MT401, the head's own finding, has none). Both parts are fitted on MLQE-PE dev
words by ``benchmarks/fit_evidence.py``, one model with a source and one without, and
BENCHMARKS.md reports the calibration out of fold. A word with no finding gets the
regression's recalibrated P(BAD).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

EPSILON = 1e-4
"""P(BAD) is clipped to [EPSILON, 1 - EPSILON] before its logit, as in fitting."""


def logit(p: float) -> float:
    clipped = min(1.0 - EPSILON, max(EPSILON, p))
    return math.log(clipped / (1.0 - clipped))


def tag(code: str, severity: str) -> str:
    """How a finding is named in the model: code and severity, since MT401 at error and at
    warning are different evidence."""
    return f"{code}/{severity}"


@dataclass(frozen=True)
class EvidenceModel:
    name: str
    version: str
    intercept: float
    slope: float
    """Weight of logit(P(BAD))."""
    tags: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """code/severity -> (offset, change of slope) on words that carry such a finding."""
    severities: Mapping[str, float] = field(default_factory=dict)
    floors: Mapping[str, float] = field(default_factory=dict)
    """code/severity -> the lowest P(wrong) a word with such a finding gets: its dev precision."""
    severity_floors: Mapping[str, float] = field(default_factory=dict)
    """severity -> the floor for codes the fit never saw at that severity."""

    @property
    def signature(self) -> str:
        return f"{self.name}@{self.version}"

    def p_wrong(self, p_bad: float, tags: Iterable[str]) -> float:
        present = set(tags)
        evidence = logit(p_bad)
        z = self.intercept + self.slope * evidence
        for name in present & self.tags.keys():
            offset, slope = self.tags[name]
            z += offset + slope * evidence
        severities = {t.rsplit("/", 1)[-1] for t in present}
        z += sum(self.severities.get(s, 0.0) for s in severities)
        floor = max((self.floors.get(t, self.severity_floors.get(t.rsplit("/", 1)[-1], 0.0)) for t in present), default=0.0)
        return max(floor, 1.0 / (1.0 + math.exp(-z)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceModel:
        return cls(
            name=str(data["name"]),
            version=str(data["version"]),
            intercept=float(data["intercept"]),
            slope=float(data["slope"]),
            tags={str(k): (float(v[0]), float(v[1])) for k, v in data.get("tags", {}).items()},
            severities={str(k): float(v) for k, v in data.get("severities", {}).items()},
            floors={str(k): float(v) for k, v in data.get("floors", {}).items()},
            severity_floors={str(k): float(v) for k, v in data.get("severity_floors", {}).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "intercept": self.intercept,
            "slope": self.slope,
            "tags": {k: list(v) for k, v in sorted(self.tags.items())},
            "severities": dict(sorted(self.severities.items())),
            "floors": dict(sorted(self.floors.items())),
            "severity_floors": dict(sorted(self.severity_floors.items())),
        }
