"""The ready-made CI: the GitHub Action (action.yml), the GitLab job
(ci/gitlab/hotfix-check.yml) and the pre-commit hook (.pre-commit-hooks.yaml). Their
YAML parses; the Action's steps and the GitLab job's script run as their runners run
them, with a fake event payload, in a real temporary repo; `pre-commit try-repo` runs the
hook, and the installed pre-push hook refuses a real `git push` while required items are
unmet. Installing hotfix needs pip to reach a package index: where it cannot, those tests
are skipped with the reason."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import git
import pytest
import yaml

from hotfix_tui.cli import main
from tests.conftest import PROJECT, make_repo
from tests.gitrepos import commit

ACTION = PROJECT / "action.yml"
GITLAB_JOB = PROJECT / "ci" / "gitlab" / "hotfix-check.yml"
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
GATE_CHECKLIST = PROJECT / "tests" / "data" / "checklists" / "gate.toml"
INPUT = re.compile(r"^\$\{\{\s*inputs\.(?P<name>[\w-]+)\s*\}\}$")
# What pip says when no package index can be reached (then the test cannot run here).
OFFLINE = ("No matching distribution found", "Could not find a version that satisfies",
           "Failed to establish a new connection", "Temporary failure in name resolution",
           "Network is unreachable", "Name or service not known")


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def skip_when_offline(output: str, what: str) -> None:
    reason = next((sign for sign in OFFLINE if sign in output), None)
    if reason is not None:
        pytest.skip(f"{what} installs hotfix with pip, which cannot reach a package index "
                    f"here ({reason!r})")


def test_the_ci_files_parse_and_hold_what_the_readme_promises():
    action = load(ACTION)
    assert isinstance(action, dict) and action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"pr-body", "allow-stale", "only-branch"}
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"]  # inputs reach scripts through env only
        for value in step.get("env", {}).values():
            assert INPUT.match(value)["name"] in action["inputs"]
    job = load(GITLAB_JOB)
    assert isinstance(job, dict)
    assert "hotfix check" not in "".join(job["hotfix-check"]["before_script"])
    assert job["hotfix-check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    hooks = load(HOOKS)
    assert isinstance(hooks, list) and [hook["id"] for hook in hooks] == ["hotfix-check"]
    assert hooks[0]["entry"] == "hotfix check" and hooks[0]["stages"] == ["pre-push"]
    assert hooks[0]["pass_filenames"] is False and hooks[0]["always_run"] is True


# --- a repo with a hotfix session, as a pull request's branch -------------------------


def hotfix(repo_path: Path, *args: str) -> None:
    """A command on the branch's session, wherever HEAD is (CI checks out detached)."""
    assert main(["--repo", str(repo_path), "--session", "hotfix-login-crash", *args]) == 0, args


def start_session(repo_path: Path, root_cause: str = "") -> None:
    """A session of the gate checklist, its approval given; complete when `root_cause`."""
    (repo_path / ".hotfix" / "checklists").mkdir(parents=True, exist_ok=True)
    shutil.copy(GATE_CHECKLIST, repo_path / ".hotfix" / "checklists")
    for args in (["new", "--checklist", "gate"], ["set", "tests-pass", "true"],
                 ["approve", "review", "Technical Lead"]):
        hotfix(repo_path, *args)
    if root_cause:
        hotfix(repo_path, "set", "root-cause", root_cause)


def exported_body(repo_path: Path) -> str:
    target = repo_path.parent / "pr.md"
    hotfix(repo_path, "export", "--draft", "--pr-body", str(target))
    return target.read_text()


# --- the GitHub Action ----------------------------------------------------------------


def run_action_step(step: dict, inputs: dict[str, str], env: dict[str, str], cwd: Path
                    ) -> subprocess.CompletedProcess[str]:
    """One `run` step as the runner runs it: `bash -eo pipefail FILE`, with the step's env,
    whose `${{ inputs.NAME }}` are the inputs given or their defaults."""
    defaults = {name: spec.get("default", "") for name, spec in load(ACTION)["inputs"].items()}
    step_env = {key: {**defaults, **inputs}[INPUT.match(value)["name"]]
                for key, value in step.get("env", {}).items()}
    script = Path(env["RUNNER_TEMP"]) / "step.sh"
    script.write_text(step["run"])
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          capture_output=True, text=True, cwd=cwd, env={**env, **step_env},
                          timeout=600)


@pytest.fixture(scope="session")
def action_installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Action's install step, run once: the runner's environment with hotfix on PATH."""
    runner_temp = tmp_path_factory.mktemp("runner")
    github_path = runner_temp / "github_path"
    github_path.touch()
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_PATH": str(github_path),
           "GITHUB_ACTION_PATH": str(PROJECT)}
    install = load(ACTION)["runs"]["steps"][0]
    result = run_action_step(install, {}, env, runner_temp)
    if result.returncode != 0:
        skip_when_offline(result.stdout + result.stderr, "the Action's install step")
    assert result.returncode == 0, result.stderr
    # The runner puts what a step added to GITHUB_PATH first on PATH for the later steps.
    added = github_path.read_text().split()
    assert added == [str(runner_temp / "hotfix-check-venv" / "bin")]
    return {**env, "PATH": os.pathsep.join([*added, env["PATH"]])}


def run_action_check(env: dict[str, str], repo_path: Path, event: dict, **inputs: str
                     ) -> subprocess.CompletedProcess[str]:
    event_path = repo_path.parent / "event.json"
    event_path.write_text(json.dumps(event))
    check = load(ACTION)["runs"]["steps"][1]
    return run_action_step(check, inputs, {**env, **_home(), "GITHUB_EVENT_PATH": str(event_path)},
                           repo_path)


def _home() -> dict[str, str]:
    # The test's own git identity (tests/conftest.py), over the one the fixture started with.
    return {key: os.environ[key] for key in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM")}


def pull_request_checkout(repo_path: Path, body: str) -> dict:
    """Commit the branch and check out its head detached, as actions/checkout does with
    `ref: github.event.pull_request.head.sha`; the event payload of its pull request."""
    repo = git.Repo(repo_path)
    repo.git.checkout("hotfix/login-crash")
    head = commit(repo, "hotfix checklist")
    repo.git.checkout("--detach", head.hexsha)
    return {"pull_request": {"head": {"ref": "hotfix/login-crash", "sha": head.hexsha},
                             "body": body}}


def test_the_actions_steps_gate_the_pull_request_from_its_event_payload(action_installed,
                                                                        tmp_path):
    repo_path = tmp_path / "repo"
    make_repo(repo_path)
    start_session(repo_path)
    event = pull_request_checkout(repo_path, exported_body(repo_path))
    result = run_action_check(action_installed, repo_path, event, **{"pr-body": "true"})
    assert result.returncode == 1, result.stderr
    assert "required items are unmet:\n  - root-cause: Root Cause (Summary)\n" in result.stderr

    hotfix(repo_path, "set", "root-cause", "Stale cache key")
    event = pull_request_checkout(repo_path, exported_body(repo_path))
    result = run_action_check(action_installed, repo_path, event, **{"pr-body": "true"})
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("hotfix-login-crash: all required items done")
    assert result.stdout.endswith("; the PR body agrees\n")

    event["pull_request"]["body"] = event["pull_request"]["body"].replace(
        "- [x] Tests pass", "- [ ] Tests pass")
    result = run_action_check(action_installed, repo_path, event, **{"pr-body": "true"})
    assert result.returncode == 1
    assert "  - tests-pass: Tests pass (Testing): ticked in the session, not in the body\n" in (
        result.stderr)
    # Without pr-body the body is not read; checked out elsewhere than the PR's head, it warns.
    event["pull_request"]["head"]["sha"] = "0" * 40
    result = run_action_check(action_installed, repo_path, event)
    assert result.returncode == 0
    assert "::warning::hotfix: HEAD is not the pull request's head commit" in result.stdout


def test_the_gitlab_jobs_script_gates_the_merge_request(action_installed, tmp_path):
    job = load(GITLAB_JOB)["hotfix-check"]
    repo_path = tmp_path / "repo"
    make_repo(repo_path)
    start_session(repo_path, root_cause="Stale cache key")
    description = exported_body(repo_path).replace("- [x] Tests pass", "- [ ] Tests pass")
    pull_request_checkout(repo_path, description)
    env = {**action_installed, **_home(), **job["variables"], "HOTFIX_TUI": str(PROJECT),
           "TMPDIR": str(tmp_path), "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "hotfix/login-crash",
           "CI_MERGE_REQUEST_DESCRIPTION": description}

    def job_run(lines: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", "-c", "\n".join(["set -e", *lines])], capture_output=True,
                              text=True, cwd=repo_path, env={**env, **variables}, timeout=600)

    # The install (once here: the Action's venv is first on PATH), then the job's script.
    installed = job_run(job["before_script"])
    assert installed.returncode == 0, installed.stderr
    result = job_run(job["script"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("hotfix-login-crash: all required items done")
    result = job_run(job["script"], HOTFIX_PR_BODY="true")
    assert result.returncode == 1
    assert "  - tests-pass: Tests pass (Testing): ticked in the session, not in the body\n" in (
        result.stderr)
    result = job_run(job["script"], HOTFIX_PR_BODY="true",
                     CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED="true")
    assert result.returncode == 0 and "too long for GitLab to hand it whole" in result.stdout
    result = job_run(job["script"], CI_MERGE_REQUEST_SOURCE_BRANCH_NAME="feature/other")
    assert result.returncode == 0
    assert "feature/other: not a branch matching 'hotfix/*': not checked" in result.stdout


# --- the pre-commit hook --------------------------------------------------------------


def hook_repo(target: Path) -> tuple[Path, str]:
    """This checkout as it is (uncommitted changes too) in a repo of its own: what
    pre-commit clones and pip installs the hook from. Returns it and its commit."""
    listed = subprocess.run(["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"{PROJECT} is not a git checkout: pre-commit installs hooks from one")
    for name in filter(None, listed.stdout.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    repo = git.Repo.init(target)
    return target, commit(repo, "the hook as checked out").hexsha


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pre-commit", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=900)


def test_pre_commit_try_repo_runs_the_hook_and_the_pre_push_hook_blocks_the_push(
        tmp_path, monkeypatch):
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    hooks, rev = hook_repo(tmp_path / "hook")
    repo_path = tmp_path / "repo"
    repo = make_repo(repo_path)
    start_session(repo_path)
    (repo_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(
        {"repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": "hotfix-check"}]}]}))
    commit(repo, "hotfix checklist and the pre-push hook")
    remote = tmp_path / "remote.git"
    git.Repo.init(remote, bare=True)
    repo.create_remote("origin", str(remote))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           # pip's cache from before the test moved HOME, so installs can be offline.
           "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(_real_home() / ".cache" / "pip"))}

    tried = pre_commit("try-repo", str(hooks), "hotfix-check", "--ref", rev, "--hook-stage",
                       "pre-push", "--all-files", cwd=repo_path, env=env)
    if tried.returncode not in (0, 1):
        log = tmp_path / "pre-commit-home" / "pre-commit.log"
        skip_when_offline(tried.stdout + (log.read_text() if log.exists() else ""),
                          "pre-commit try-repo")
    assert tried.returncode == 1, tried.stdout
    assert "required items are unmet:\n  - root-cause: Root Cause (Summary)\n" in tried.stdout

    installed = pre_commit("install", "--hook-type", "pre-push", cwd=repo_path, env=env)
    assert installed.returncode == 0, installed.stdout
    pushed = subprocess.run(["git", "push", "origin", "hotfix/login-crash"], capture_output=True,
                            text=True, cwd=repo_path, env=env, timeout=900)
    assert pushed.returncode != 0
    assert "  - root-cause: Root Cause (Summary)" in pushed.stdout + pushed.stderr
    assert not git.Repo(remote).heads  # nothing reached the remote

    hotfix(repo_path, "set", "root-cause", "Stale cache key")
    commit(repo, "hotfix checklist: root cause")
    pushed = subprocess.run(["git", "push", "origin", "hotfix/login-crash"], capture_output=True,
                            text=True, cwd=repo_path, env=env, timeout=900)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert [head.name for head in git.Repo(remote).heads] == ["hotfix/login-crash"]


def _real_home() -> Path:
    import pwd

    return Path(pwd.getpwuid(os.getuid()).pw_dir)
