"""The pre-commit hook in a throwaway git repository, and the GitHub Action's shell steps under a
stub ``GITHUB_*`` environment.

Both run the installed ``mtqa`` as a subprocess on the tiny model (``MTQA_MODEL``), so each test
takes seconds rather than milliseconds (marker ``integration``; part of CI). Nothing here may
reach the network: git may only use local paths and pip has no index. The translations carry
source-aware errors (MT102 numbers, MT103 placeholders) and the checks are limited to ``MT1``, so
the tiny random model's fluency findings cannot change an outcome.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.integration

VENV_BIN = Path(sys.executable).parent
SCRIPTS = ("action/install.sh", "action/cache-key.sh", "action/run.sh")

BAD_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "You have 3 new messages."
msgstr "Vous avez 5 nouveaux messages."

msgid "Hello %(name)s, welcome back."
msgstr "Bonjour, bon retour."
"""

GOOD_PO = BAD_PO.replace("Vous avez 5", "Vous avez 3").replace("Bonjour, bon retour.", "Bonjour %(name)s, bon retour.")


def base_env(tmp_path: Path, tiny_model_dir: Path, path: str | None = None) -> dict[str, str]:
    """The test process's environment without mtqa, GitHub or git settings of its own, plus the
    tiny model, a private mtqa cache, an isolated git and no network for git or pip."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MTQA_", "GITHUB_", "RUNNER_", "GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=path if path is not None else os.pathsep.join([str(VENV_BIN), env.get("PATH", "/usr/bin:/bin")]),
        MTQA_MODEL=str(tiny_model_dir),
        MTQA_DTYPE="fp32",
        MTQA_CACHE_DIR=str(tmp_path / "mtqa-cache"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_ALLOW_PROTOCOL="file",
        GIT_AUTHOR_NAME="mtqa test",
        GIT_AUTHOR_EMAIL="test@mtqa.invalid",
        GIT_COMMITTER_NAME="mtqa test",
        GIT_COMMITTER_EMAIL="test@mtqa.invalid",
        PIP_NO_INDEX="1",
        NO_COLOR="1",
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = run(["git", *args], cwd, env)
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- pre-commit ---------------------------------------------------------------------------------


@pytest.fixture()
def hook_repo(tmp_path: Path, tiny_model_dir: Path) -> Path:
    """A git repository holding this project's .pre-commit-hooks.yaml as committed content.

    ``try-repo`` on the project itself would only see the manifest once it is tracked (it copies
    staged and modified files, not untracked ones) and would clone the whole checkout; the
    ``language: system`` hook needs nothing from the repository but its manifest.
    """
    repo = tmp_path / "hooks"
    repo.mkdir()
    env = base_env(tmp_path, tiny_model_dir)
    git(repo, env, "init", "-q")
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", repo / ".pre-commit-hooks.yaml")
    git(repo, env, "add", ".pre-commit-hooks.yaml")
    git(repo, env, "commit", "-q", "-m", "hooks")
    return repo


def test_manifest_declares_system_and_isolated_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["mtqa"]["language"] == "system"
    assert hooks["mtqa-isolated"]["language"] == "python"
    assert hooks["mtqa-fast"]["language"] == "system" and "--fast" in hooks["mtqa-fast"]["entry"].split()
    for hook in hooks.values():
        assert hook["entry"].startswith("mtqa check")
        assert "--no-reports" in hook["entry"] and "--format text" in hook["entry"]
        assert re.search(hook["files"], "locales/fr.po") and not re.search(hook["files"], "README.md")


def test_pre_commit_hook_fails_then_passes_in_a_git_repo(hook_repo: Path, tmp_path: Path, tiny_model_dir: Path) -> None:
    env = base_env(tmp_path, tiny_model_dir)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    repo = tmp_path / "repo"
    (repo / "locales").mkdir(parents=True)
    po = repo / "locales" / "fr.po"
    po.write_text(BAD_PO, encoding="utf-8")
    # A config that asks for report files: the hook's --format text --no-reports must win.
    (repo / "mtqa.toml").write_text('select = ["MT1"]\nformat = ["json", "sarif"]\noutput-dir = "reports"\n', encoding="utf-8")
    git(repo, env, "init", "-q")
    git(repo, env, "add", ".")
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "mtqa", "--all-files", "--color", "never"]

    started = time.perf_counter()
    failed = run(try_repo, repo, env)
    print(f"pre-commit try-repo, failing run: {time.perf_counter() - started:.1f}s")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "mtqa (machine-translation quality)" in output and "Failed" in output
    assert "locales/fr.po:7:" in output and "MT102" in output
    assert "locales/fr.po:10:" in output and "MT103" in output
    assert "files were modified by this hook" not in output
    assert po.read_text(encoding="utf-8") == BAD_PO
    assert not list(repo.rglob("mtqa-report.*")) and not (repo / "reports").exists()
    assert git(repo, env, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "A  locales/fr.po",
        "A  mtqa.toml",
    ]

    po.write_text(GOOD_PO, encoding="utf-8")
    git(repo, env, "add", ".")
    started = time.perf_counter()
    passed = run(try_repo, repo, env)
    print(f"pre-commit try-repo, passing run: {time.perf_counter() - started:.1f}s")
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output
    assert not list(repo.rglob("mtqa-report.*"))


# --- GitHub Action: action.yml --------------------------------------------------------------------


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(action: dict[str, Any], predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    matches = [step for step in action["runs"]["steps"] if predicate(step)]
    assert len(matches) == 1, matches
    return matches[0]


def test_action_is_composite_and_wires_its_scripts(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    scripts = [script for step in steps for script in SCRIPTS if script in step.get("run", "")]
    assert scripts == ["action/cache-key.sh", "action/install.sh", "action/run.sh"]  # in this order
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"  # composite run steps must name their shell
            assert "${{" not in step["run"]  # values reach scripts through env, never spliced into code
    used = re.findall(r"inputs\.([\w-]+)", (ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(used) <= set(action["inputs"]), set(used) - set(action["inputs"])
    assert action["inputs"]["files"]["required"] is True


def test_action_uploads_sarif_always_and_caches_the_check_cache_dir(action: dict[str, Any]) -> None:
    upload = _step(action, lambda s: s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert "always()" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"

    restore = _step(action, lambda s: s.get("uses", "").startswith("actions/cache/restore@"))
    save = _step(action, lambda s: s.get("uses", "").startswith("actions/cache/save@"))
    install = _step(action, lambda s: "action/install.sh" in s.get("run", ""))
    check = _step(action, lambda s: s.get("id") == "check")
    assert "action/run.sh" in check["run"]
    assert restore["with"] == save["with"]
    assert restore["with"]["path"] == install["env"]["MTQA_CACHE_DIR"] == check["env"]["MTQA_CACHE_DIR"]
    prepare = _step(action, lambda s: "action/cache-key.sh" in s.get("run", ""))
    assert restore["with"]["path"] == f"${{{{ steps.{prepare['id']}.outputs.cache-dir }}}}"
    assert restore["with"]["key"] == f"${{{{ steps.{prepare['id']}.outputs.cache-key }}}}"
    # Saved right after the model is prepared, not by a post step that a failed gate would skip.
    assert save["if"] == f"steps.{restore['id']}.outputs.cache-hit != 'true'"
    steps = action["runs"]["steps"]
    order = [steps.index(step) for step in (prepare, restore, install, save, check, upload)]
    assert order == sorted(order)
    assert not any(s.get("uses", "").startswith("actions/cache@") for s in steps)

    gate = steps[-1]
    assert gate["env"]["MTQA_EXIT_CODE"] == "${{ steps.check.outputs.exit-code }}"
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


# --- GitHub Action: the shell steps ---------------------------------------------------------------


def test_scripts_parse() -> None:
    for script in SCRIPTS:
        result = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


def test_scripts_pass_shellcheck() -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed")
    result = subprocess.run(["shellcheck", *(str(ROOT / s) for s in SCRIPTS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def read_outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


class Workspace:
    """A stub runner: GITHUB_* files in tmp, the workspace as the working directory."""

    def __init__(self, tmp_path: Path, tiny_model_dir: Path) -> None:
        self.root = tmp_path / "workspace"
        self.root.mkdir()
        self.tmp_path = tmp_path
        self.env = base_env(tmp_path, tiny_model_dir)
        self.runs = 0

    def run_check(
        self, files: str, args: str = "--isolated --select MT1"
    ) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
        self.runs += 1
        output = self.tmp_path / f"github-output-{self.runs}"
        summary = self.tmp_path / f"step-summary-{self.runs}"
        output.write_text("", encoding="utf-8")
        summary.write_text("previous step's summary\n", encoding="utf-8")
        env = self.env | {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.root),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(self.tmp_path / "runner-temp"),
            "MTQA_FILES": files,
            "MTQA_ARGS": args,
            "MTQA_OUTPUT_DIR": "mtqa-reports",
        }
        result = run(["bash", str(ROOT / "action" / "run.sh")], self.root, env)
        assert result.returncode == 0, result.stdout + result.stderr  # always 0, so the SARIF upload runs
        return result, read_outputs(output), summary.read_text(encoding="utf-8")


@pytest.fixture()
def workspace(tmp_path: Path, tiny_model_dir: Path) -> Workspace:
    return Workspace(tmp_path, tiny_model_dir)


def test_run_script_reports_a_failed_gate(workspace: Workspace) -> None:
    (workspace.root / "locales").mkdir()
    (workspace.root / "locales" / "fr.po").write_text(BAD_PO, encoding="utf-8")
    result, outputs, summary = workspace.run_check("locales/")
    assert outputs["exit-code"] == "1"
    sarif = workspace.root / outputs["sarif-file"]
    assert outputs["sarif-file"] == "mtqa-reports/mtqa-report.sarif" and sarif.is_file()
    rules = {r["ruleId"] for run_ in json.loads(sarif.read_text(encoding="utf-8"))["runs"] for r in run_["results"]}
    assert rules == {"MT102", "MT103"}
    assert summary.startswith("previous step's summary\n")  # appended, not overwritten
    assert "## mtqa: ❌ gate failed" in summary and "MT102" in summary
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error file=")]
    assert any("file=locales/fr.po,line=7," in a and "title=MT102" in a for a in annotations), result.stdout
    assert any("title=MT103" in a for a in annotations), result.stdout
    assert "::error title=mtqa gate::" in result.stdout
    assert {p.name for p in (workspace.root / "mtqa-reports").iterdir()} == {
        f"mtqa-report.{ext}" for ext in ("json", "html", "sarif", "md", "github.txt")
    }


def test_run_script_clean_input_then_missing_file(workspace: Workspace) -> None:
    (workspace.root / "fr.po").write_text(GOOD_PO, encoding="utf-8")
    result, outputs, summary = workspace.run_check("fr.po")
    assert outputs["exit-code"] == "0"
    assert (workspace.root / outputs["sarif-file"]).is_file()
    assert "## mtqa: ✅ gate passed" in summary
    assert "::error" not in result.stdout

    # A missing file: exit code 2, one escaped ::error line naming it, and none of the previous
    # run's reports passed off as this run's.
    result, outputs, summary = workspace.run_check("fr.po missing%file.po")
    assert outputs == {"exit-code": "2", "sarif-file": ""}
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith("::error title=mtqa::mtqa could not run (exit code 2): mtqa: error: missing%25file.po")
    assert "missing%file.po" in result.stderr  # the log keeps mtqa's own message
    assert "## mtqa: could not run" in summary and "    mtqa: error: missing%file.po" in summary
    assert not list((workspace.root / "mtqa-reports").glob("mtqa-report.*"))


def test_run_script_without_files_is_an_error(workspace: Workspace) -> None:
    result, outputs, _ = workspace.run_check("  ")
    assert outputs == {"exit-code": "2", "sarif-file": ""}
    assert "::error title=mtqa::mtqa could not run (exit code 2)" in result.stdout and "'files' input is empty" in result.stdout


def test_cache_key_follows_the_action_sources(tmp_path: Path, tiny_model_dir: Path) -> None:
    action_copy = tmp_path / "action-copy"
    (action_copy / "mtqa").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", action_copy / "pyproject.toml")
    shutil.copytree(ROOT / "mtqa" / "lm", action_copy / "mtqa" / "lm", ignore=shutil.ignore_patterns("__pycache__"))

    def key() -> dict[str, str]:
        output = tmp_path / "github-output"
        output.write_text("", encoding="utf-8")
        env = base_env(tmp_path, tiny_model_dir) | {
            "GITHUB_ACTION_PATH": str(action_copy),
            "GITHUB_OUTPUT": str(output),
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        }
        result = run(["bash", str(ROOT / "action" / "cache-key.sh")], tmp_path, env)
        assert result.returncode == 0, result.stderr
        return read_outputs(output)

    first = key()
    assert first["cache-dir"] == str(tmp_path / "runner-temp" / "mtqa-cache")
    assert re.fullmatch(r"mtqa-model-Linux-[0-9a-f]{16}", first["cache-key"])
    assert key() == first
    with (action_copy / "mtqa" / "lm" / "registry.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a change to the model code\n")
    assert key()["cache-key"] != first["cache-key"]


FAKE_TOOL = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "$MTQA_TEST_LOG"
case "$*" in *"$MTQA_TEST_FAIL_ON"*) exit 1 ;; esac
"""


def run_install(tmp_path: Path, tiny_model_dir: Path, fail_on: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """install.sh with fake ``python`` and ``mtqa`` first on PATH, which log their argv."""
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir(exist_ok=True)
    for tool in ("python", "mtqa"):
        (fake_bin / tool).write_text(FAKE_TOOL, encoding="utf-8")
        (fake_bin / tool).chmod(0o755)
    log = tmp_path / "calls.log"
    log.unlink(missing_ok=True)
    env = base_env(tmp_path, tiny_model_dir, path=os.pathsep.join([str(fake_bin), "/usr/bin", "/bin"]))
    env |= {"GITHUB_ACTION_PATH": str(ROOT), "MTQA_TEST_LOG": str(log), "MTQA_TEST_FAIL_ON": fail_on}
    result = run(["bash", str(ROOT / "action" / "install.sh")], tmp_path, env)
    return result, log.read_text(encoding="utf-8").splitlines()


def test_install_script_installs_cpu_torch_first_and_prefetches_last(tmp_path: Path, tiny_model_dir: Path) -> None:
    result, calls = run_install(tmp_path, tiny_model_dir, fail_on="<never>")
    assert result.returncode == 0, result.stderr
    assert all(call.startswith("python -m pip install ") for call in calls[:-1]), calls
    torch = next(i for i, call in enumerate(calls) if "torch==" in call)
    assert "torch==2.13.0" in calls[torch].split()
    assert "--index-url https://download.pytorch.org/whl/cpu" in calls[torch]
    mtqa = calls.index(f"python -m pip install --quiet {ROOT}")
    assert torch < mtqa
    assert calls[-1] == "mtqa models prefetch"

    # The pinned wheel must satisfy mtqa's own torch range, or pip would replace it with PyPI's.
    from packaging.requirements import Requirement

    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    spec = next(Requirement(r).specifier for r in re.findall(r'"(torch[^"]*)"', project) if r.startswith("torch"))
    assert "2.13.0" in spec


def test_install_script_stops_at_the_first_failure(tmp_path: Path, tiny_model_dir: Path) -> None:
    result, calls = run_install(tmp_path, tiny_model_dir, fail_on="torch==")
    assert result.returncode != 0
    assert not any(call.startswith("mtqa") for call in calls)
    assert not any(call.endswith(str(ROOT)) for call in calls)
