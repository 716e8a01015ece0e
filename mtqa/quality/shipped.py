"""The shipped heads and fluency maps, one pair per kind of input and per trained target language.

English targets use ``head-source.json`` and ``head-target.json``. A target language with its
own training data (German and Chinese, from MLQE-PE en-de and en-zh) ships its own files,
``head-<kind>-<lang>.json`` and ``fluency-<kind>-<lang>.json``: its errors and its lexicon
evidence differ from English, and a separate head keeps the English one, and so the seed's
results, untouched. Every other target falls back to the English files, uncalibrated for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mtqa.errors import ModelError
from mtqa.quality.evidence import EvidenceModel
from mtqa.quality.fluency import FluencyModel
from mtqa.quality.head import Head, head_from_dict
from mtqa.text.langid import base_language

TRAINED_TARGETS = ("de", "zh")
"""Target languages with heads of their own (each also lists itself in ``target_languages``)."""

_KINDS = {True: "source", False: "target"}


def _read(name: str) -> dict[str, Any]:
    path = resources.files("mtqa.quality.heads").joinpath(name)
    if not path.is_file():
        raise ModelError(f"the package lacks its quality file {name}; reinstall mtqa")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class QualityModels:
    """What turns features into P(BAD) and aggregates into fluency, chosen per segment."""

    heads: dict[tuple[bool, str], Head]
    fluency: dict[tuple[bool, str], FluencyModel]
    """Both keyed by (has a source, target language); "" is the English default."""
    evidence: dict[bool, EvidenceModel]
    """P(wrong) from P(BAD) and findings, keyed by whether the segment has a source."""

    @classmethod
    def builtin(cls) -> QualityModels:
        heads: dict[tuple[bool, str], Head] = {}
        fluency: dict[tuple[bool, str], FluencyModel] = {}
        for with_source, kind in _KINDS.items():
            for lang in ("", *TRAINED_TARGETS):
                suffix = f"-{lang}" if lang else ""
                heads[with_source, lang] = head_from_dict(_read(f"head-{kind}{suffix}.json"))
                fluency[with_source, lang] = FluencyModel.from_dict(_read(f"fluency-{kind}{suffix}.json"))
        evidence = {with_source: EvidenceModel.from_dict(_read(f"evidence-{kind}.json")) for with_source, kind in _KINDS.items()}
        return cls(heads, fluency, evidence)

    def _key(self, with_source: bool, target_lang: str | None) -> tuple[bool, str]:
        lang = base_language(target_lang) if target_lang else ""
        return (with_source, lang) if (with_source, lang) in self.heads else (with_source, "")

    def head(self, with_source: bool, target_lang: str | None) -> Head:
        return self.heads[self._key(with_source, target_lang)]

    def fluency_for(self, with_source: bool, target_lang: str | None) -> FluencyModel:
        return self.fluency[self._key(with_source, target_lang)]

    @property
    def calibrated_targets(self) -> frozenset[str]:
        return frozenset(lang for head in self.heads.values() for lang in head.target_languages)

    @property
    def signature(self) -> str:
        """The heads and fluency maps, as the report's signature names them."""
        heads = ",".join(dict.fromkeys(h.signature for h in self.heads.values()))
        fluency = ",".join(dict.fromkeys(f.signature for f in self.fluency.values()))
        evidence = ",".join(e.signature for e in self.evidence.values())
        return f"head:{heads}|fluency:{fluency}|evidence:{evidence}"
