#!/usr/bin/env bash
# Runs `mtqa check` for the action and hands its results to GitHub: annotations on stdout,
# the Markdown summary into $GITHUB_STEP_SUMMARY, the exit code and SARIF path into
# $GITHUB_OUTPUT. It always exits 0 so that the SARIF upload runs; the action's last step
# exits with mtqa's code.
#
# Inputs (environment): MTQA_FILES (required, space-separated, globs expand), MTQA_ARGS (more
# `mtqa check` arguments), MTQA_OUTPUT_DIR (default mtqa-reports). MTQA_OUTPUT_DIR is also the
# variable mtqa reads for its own output-dir setting, so the two always agree.
set -uo pipefail
out="${MTQA_OUTPUT_DIR:-mtqa-reports}"
reports=(json html sarif md github.txt)

# One workflow-command message: '%', CR and LF are escaped as GitHub's runner expects.
escape() {
  local text="${1//'%'/%25}"
  text="${text//$'\r'/%0D}"
  printf '%s' "${text//$'\n'/%0A}"
}

mkdir -p "$out"
for ext in "${reports[@]}"; do
  rm -f "$out/mtqa-report.$ext" # a report left by an earlier run must not pass for this one's
done
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
files="${MTQA_FILES:-}"
if [ -z "${files//[[:space:]]/}" ]; then
  echo "mtqa: error: the action's 'files' input is empty; name the translated files or folders to check" >"$errors"
  code=2
else
  # Word splitting (and globbing) of MTQA_FILES / MTQA_ARGS is intended: they are space-separated lists.
  # shellcheck disable=SC2086
  mtqa check $files ${MTQA_ARGS:-} --format json,html,sarif,markdown,github --output-dir "$out" 2>"$errors"
  code=$?
fi
cat "$errors" >&2

if [ -f "$out/mtqa-report.github.txt" ]; then
  cat "$out/mtqa-report.github.txt"
fi
sarif=""
if [ -f "$out/mtqa-report.sarif" ]; then
  sarif="$out/mtqa-report.sarif"
fi
if [ "$code" -ge 2 ]; then
  reason="$(grep -v '^[[:space:]]*$' "$errors" | tail -n 1)"
  message="mtqa could not run (exit code $code)${reason:+: $reason}"
  echo "::error title=mtqa::$(escape "$message")"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ -f "$out/mtqa-report.md" ]; then
    cat "$out/mtqa-report.md" >>"$GITHUB_STEP_SUMMARY"
  elif [ "$code" -ge 2 ]; then
    { # the log as an indented code block: no line of it can end the block or add markup
      printf '## mtqa: could not run\n\n'
      tail -n 20 "$errors" | sed 's/^/    /'
    } >>"$GITHUB_STEP_SUMMARY"
  fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "sarif-file=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
exit 0
