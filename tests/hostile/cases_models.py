"""Hostile-table cases for a damaged model: it is refused or listed as broken, never used silently."""

from __future__ import annotations

import json
from pathlib import Path

from hostile.table import FAST, GOOD, Case, case, write

# ----------------------------------------------------------------------------- models


def _converted_model(root: Path, damage: bool) -> None:
    """A stand-in conversion of the default model in the case's own cache, optionally truncated."""
    from mtqa.lm.materialize import LAYOUT, WEIGHTS_FORMAT
    from mtqa.lm.model_check import META_FILE, record
    from mtqa.lm.models import BUILTIN_MODELS, DEFAULT_MODEL, package_version

    version = package_version(BUILTIN_MODELS[DEFAULT_MODEL].package) or "0"
    folder = root / "cache" / "models" / f"{DEFAULT_MODEL}-{version}-{WEIGHTS_FORMAT}-v{LAYOUT}"
    folder.mkdir(parents=True)
    header = json.dumps({"w": {"dtype": "U8", "shape": [4096], "data_offsets": [0, 4096]}}).encode()
    (folder / "model.safetensors").write_bytes(len(header).to_bytes(8, "little") + header + bytes(4096))
    meta = {"version": version, "sha256": "ab" * 32, "weights": WEIGHTS_FORMAT, "files": record(folder)}
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    if damage:
        with (folder / "model.safetensors").open("r+b") as handle:
            handle.truncate(1000)


_CACHE = {"MTQA_CACHE_DIR": "cache"}


@case("model-truncated-is-refused")
def _model_truncated(root: Path) -> Case:
    _converted_model(root, damage=True)
    write(root, "a.txt", GOOD)
    pattern = r"model\.safetensors: damaged \(size 1000, expected \d+\); 'mtqa models prefetch' converts it again"
    return Case(
        "model-truncated-is-refused",
        ("a.txt", "--model", "gemma3-270m", *FAST),
        2,
        pattern,
        names="model.safetensors",
        env=_CACHE,
    )


@case("models-lists-a-broken-model")
def _models_broken(root: Path) -> Case:
    _converted_model(root, damage=True)
    return Case(
        "models-lists-a-broken-model",
        (),
        0,
        r"state: broken: model file .*model\.safetensors: damaged",
        "stdout",
        command="models",
        isolated=False,
        env=_CACHE,
    )


@case("models-verify-a-broken-model")
def _verify_broken(root: Path) -> Case:
    _converted_model(root, damage=True)
    pattern = r"model\.safetensors: damaged"
    return Case(
        "models-verify-a-broken-model",
        (),
        2,
        pattern,
        names="model.safetensors",
        command="models verify",
        isolated=False,
        env=_CACHE,
    )


@case("model-cache-dir-is-a-file")
def _cache_file(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    write(root, "cachefile", "x\n")
    pattern = r"cachefile/models: cannot create the model cache folder \(Not a directory\); check MTQA_CACHE_DIR"
    env = {"MTQA_CACHE_DIR": "cachefile"}
    return Case(
        "model-cache-dir-is-a-file", ("a.txt", "--model", "gemma3-270m", *FAST), 2, pattern, names="check MTQA_CACHE_DIR", env=env
    )
