#!/usr/bin/env bash
# Where the action keeps mtqa's prepared model, and the actions/cache key for it, into
# $GITHUB_OUTPUT as `cache-dir` and `cache-key`. The key is the runner OS plus a hash of what
# decides the prepared files: mtqa's dependency pins and its model code. (hashFiles() cannot
# compute it: it ignores files outside the workspace, and the action is checked out elsewhere.)
set -euo pipefail
root="${MTQA_ACTION_PATH:-${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH must point at the mtqa checkout}}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT must name the step output file}"
digest="$(cat "$root/pyproject.toml" "$root"/mtqa/lm/*.py | python -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')"
{
  echo "cache-dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mtqa-cache"
  echo "cache-key=mtqa-model-${RUNNER_OS:-$(uname -s)}-$digest"
} >>"$GITHUB_OUTPUT"
