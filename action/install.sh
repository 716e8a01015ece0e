#!/usr/bin/env bash
# Installs mtqa from the action's checkout: the CPU torch wheel first, so pip does not resolve
# torch to PyPI's multi-GB CUDA build, then mtqa itself (whose torch pin the CPU wheel already
# satisfies), then the built-in model is prepared into $MTQA_CACHE_DIR (restored from the cache
# when the key matches, so this last step takes seconds).
set -euo pipefail
root="${MTQA_ACTION_PATH:-${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH must point at the mtqa checkout}}"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "torch==2.13.0" --index-url "${MTQA_TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
python -m pip install --quiet "$root"
mtqa models prefetch
