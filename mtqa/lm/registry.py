"""How a model spec (a built-in alias, a Hugging Face id or a local folder) becomes a loadable
folder and the text that goes into signatures."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError
from mtqa.lm.materialize import _converted_folder, materialize
from mtqa.lm.model_check import read_meta
from mtqa.lm.models import BUILTIN_MODELS, ResolvedModel
from mtqa.storage.environment import process_variable


def _local_signature(path: Path) -> str:
    """Hash what identifies a local model without reading gigabytes of weights each run."""
    digest = hashlib.sha256()
    for item in sorted(path.iterdir()):
        if item.is_file():
            digest.update(item.name.encode())
            digest.update(str(item.stat().st_size).encode())
            if item.suffix == ".json":
                digest.update(item.read_bytes())
    return f"path:{path.name}:{digest.hexdigest()[:12]}"


def resolve(spec: str) -> ResolvedModel:
    """Turn ``--model`` into something loadable: alias, local folder or Hugging Face id."""
    if spec in BUILTIN_MODELS:
        return _builtin_resolved(spec, materialize(spec))
    return _other_resolved(spec)


def peek(spec: str) -> ResolvedModel | None:
    """What ``resolve`` returns, where that needs no conversion of built-in weights (and so no
    torch); None for a built-in alias that is not converted yet or whose files have the wrong
    size (then ``resolve`` converts it, or says what is damaged). The score cache needs the
    signature before deciding whether to load anything."""
    if spec not in BUILTIN_MODELS:
        return _other_resolved(spec)
    folder = _converted_folder(spec)
    if folder is None:
        return None
    try:
        meta = read_meta(folder)
    except ModelError:
        return None
    files = meta.get("files")
    if not isinstance(files, dict) or any(_size(folder / name) != (item or {}).get("size") for name, item in files.items()):
        return None
    return _builtin_resolved(spec, folder, meta)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _builtin_resolved(spec: str, folder: Path, meta: dict[str, Any] | None = None) -> ResolvedModel:
    model = BUILTIN_MODELS[spec]
    meta = meta if meta is not None else read_meta(folder)
    signature = f"{spec}@{meta['version']}:{meta['sha256'][:12]}:{meta.get('weights', 'fp32')}"
    return ResolvedModel(str(folder), signature, model.multilingual, model)


def _other_resolved(spec: str) -> ResolvedModel:
    path = Path(spec).expanduser()
    if path.is_dir():
        return ResolvedModel(str(path), _local_signature(path), multilingual=True)
    if path.exists():
        raise ModelError(f"{spec}: a model path must be a folder that from_pretrained can load")
    if "/" not in spec:
        known = ", ".join(BUILTIN_MODELS)
        raise ModelError(f"unknown model {spec!r}: use one of {known}, a local folder or a hub id")
    revision = process_variable("MTQA_MODEL_REVISION") or "main"
    return ResolvedModel(spec, f"hf:{spec}@{revision}", multilingual=True, revision=revision)
