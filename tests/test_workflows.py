"""The GitHub set-up in `.github/`: valid YAML, and every command it runs exists and works.

Each workflow's `run:` steps are run here, in order, in a copy of the
repository, as the Actions runner would: with the step's `env:` (expressions
filled in from a made-up event), `$GITHUB_OUTPUT`, `$GITHUB_ENV` and the steps'
`if:` conditions. Only what cannot run here is replaced: `pip` (the package is
already installed), `gh` (it talks to GitHub) and `.ci/run` (it is this test
suite), which is checked to exist instead.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.test_intake import form_body

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
STUBBED = ("pip", "gh", "sudo", "apt-get")
NOT_RUN = (".ci/run",)
"""Commands checked to exist but not run here: `.ci/run` runs this very test suite."""

PROJECT_BIN = str(Path(sys.executable).parent)
"""Where the README's install put `wla` and `mkdocs`: the running interpreter's own `bin/`.
Never a global install: on a fresh machine there is none."""


def project_path() -> str:
    """PATH with the project's own commands first, as an activated environment would have it."""
    return f"{PROJECT_BIN}{os.pathsep}{os.environ['PATH']}"


COPY_IGNORE = shutil.ignore_patterns(
    ".git", "site", ".site.*", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".benchmarks",
    "*.egg-info", "test-artifacts", ".wla-preview-*", "node_modules", "node",
)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_there_are_the_four_workflows():
    assert [p.name for p in WORKFLOWS] == ["case-study-from-issue.yml", "deploy.yml", "freshness.yml",
                                           "pull-request.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_well_formed(path):
    data = load(path)
    assert data["name"] and data["on"] and data["jobs"]
    assert "permissions" in data, "say what the workflow's token may do"
    for job_name, job in data["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_name
        ids = [step["id"] for step in job["steps"] if "id" in step]
        assert len(ids) == len(set(ids))
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]
            else:
                # Script injection: text from an issue or pull request must reach a script
                # only through `env:`, never pasted in with ${{ }}.
                assert "${{" not in step["run"], step.get("name")


def test_pull_request_workflow():
    data = load(REPO / ".github/workflows/pull-request.yml")
    assert "pull_request" in data["on"]
    steps = data["jobs"]["check"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["pip install -e .", "wla check --format github", "wla schema --check", "mkdocs build --strict", ".ci/run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert data["permissions"] == {"contents": "read"}


def test_deploy_workflow_publishes_on_main_and_every_day():
    data = load(REPO / ".github/workflows/deploy.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    (schedule,) = data["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [s.get("uses", "").split("@")[0] for job in data["jobs"].values() for s in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    # Only the deploy refuses the placeholder address; pull requests from forks build with it.
    assert data["jobs"]["build"]["env"]["WLA_DEPLOY"] == "1"
    assert "WLA_DEPLOY" not in (REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")


def test_issue_workflow_passes_the_body_through_the_environment_only():
    data = load(REPO / ".github/workflows/case-study-from-issue.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited", "labeled"]}}
    job = data["jobs"]["pull-request"]
    assert "'case-study'" in job["if"]
    intake = next(s for s in job["steps"] if s.get("id") == "intake")
    assert intake["env"] == {"ISSUE_BODY": "${{ github.event.issue.body }}"}
    assert '"$ISSUE_BODY"' in intake["run"]
    create = next(s for s in job["steps"] if s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert create["if"] == "steps.intake.outputs.ok == 'true'"
    assert create["with"]["add-paths"] == "case_studies/*.md"


def test_pull_request_template_has_the_reviewers_checklist():
    text = (REPO / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in ("**Consent.**", "**Image rights.**", "**Alt text.**", "**Plain language.**", "**Checks pass.**"):
        assert f"- [ ] {item}" in text


# --- running the steps ----------------------------------------------------------------------


def test_ci_run_exists_and_runs_the_readme_test_command():
    script = REPO / ".ci/run"
    assert script.is_file() and os.access(script, os.X_OK)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme
    assert "README.md" in script.read_text(encoding="utf-8")


@dataclass
class Runner:
    """Runs a job's steps in `root` the way the Actions runner does, on a made-up event."""

    root: Path
    event: dict[str, Any]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: bool = False
    env_file_values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.temp = self.root.parent / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        self.stubs = self.root.parent / "stubs"
        self.stubs.mkdir(exist_ok=True)
        self.stub_log = self.temp / "stub-calls.txt"
        for name in STUBBED:
            stub = self.stubs / name
            stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.stub_log}"\n')
            stub.chmod(stub.stat().st_mode | stat.S_IEXEC)

    def context(self) -> dict[str, Any]:
        return {
            "github": {"event": self.event, "repository": "example/wla-site", "token": "t0ken", "ref": "refs/heads/x"},
            "secrets": {},
            "steps": {key: {"outputs": value} for key, value in self.outputs.items()},
            "runner": {"temp": str(self.temp)},
        }

    def run_job(self, job: dict[str, Any], fake_outputs: dict[str, dict[str, str]] | None = None) -> None:
        job_env = {k: str(evaluate_text(v, self.context())) for k, v in (job.get("env") or {}).items()}
        for index, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or step.get("run", "")
            condition = step.get("if")
            if condition is None:
                go = not self.failed
            else:
                go = bool(evaluate(condition, self.context(), failed=self.failed))
            if not go:
                self.skipped.append(name)
                continue
            if "uses" in step:
                action = step["uses"].split("@")[0]
                if step.get("id") and fake_outputs and action in fake_outputs:
                    self.outputs[step["id"]] = fake_outputs[action]
                self.ran.append(step["uses"])
                continue
            script = step["run"]
            if script.strip() in NOT_RUN:
                assert (self.root / script.strip()).is_file()
                self.ran.append(script.strip())
                continue
            env = {**job_env, **{k: str(evaluate_text(v, self.context())) for k, v in (step.get("env") or {}).items()}}
            result = self.run_script(script, env, step.get("id") or f"step{index}")
            self.ran.append(name)
            if result.returncode != 0:
                self.failed = True
                raise AssertionError(f"step {name!r} failed:\n{result.stdout}\n{result.stderr}")

    def run_script(self, script: str, env: dict[str, str], step_id: str) -> subprocess.CompletedProcess:
        output = self.temp / f"output-{step_id}"
        env_file = self.temp / f"env-{step_id}"
        output.write_text("")
        env_file.write_text("")
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SOURCE_DATE_EPOCH"))},
            **self.env_file_values,
            **env,
            "PATH": f"{self.stubs}{os.pathsep}{project_path()}",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.root),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_ENV": str(env_file),
            "RUNNER_TEMP": str(self.temp),
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=self.root, env=full_env, capture_output=True, text=True, timeout=300,
        )
        self.outputs[step_id] = read_key_values(output)
        self.env_file_values.update(read_key_values(env_file))
        return result

    def stub_calls(self) -> list[str]:
        return self.stub_log.read_text().splitlines() if self.stub_log.exists() else []


def read_key_values(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key] = value
    return values


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository (without its git history or built site) in a fresh folder, as one commit."""
    root = tmp_path / "repo"
    shutil.copytree(REPO, root, ignore=COPY_IGNORE)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-03-02T09:00:00Z", "GIT_AUTHOR_DATE": "2026-03-02T09:00:00Z"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Copy"]):
        subprocess.run([*git, *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def test_pull_request_steps_run(repo_copy):
    job = load(repo_copy / ".github/workflows/pull-request.yml")["jobs"]["check"]
    runner = Runner(repo_copy, {"pull_request": {"number": 3}})
    runner.run_job(job)
    assert runner.ran == [
        "actions/checkout@v4", "Install the site engine", "Check the content",
        "Check the schemas and the issue form match the models and vocabulary", "Build the site",
        "actions/upload-artifact@v4", ".ci/run",
    ]
    assert runner.stub_calls() == ["pip install -e ."]
    assert (repo_copy / "site/index.html").is_file()
    assert (repo_copy / "site/case-studies/index.html").is_file()


def test_check_step_annotates_a_broken_file(repo_copy):
    """The same step on a pull request with a mistake prints an annotation and fails."""
    story = next((repo_copy / "case_studies").glob("*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("region: ", "region: x", 1), encoding="utf-8")
    job = load(repo_copy / ".github/workflows/pull-request.yml")["jobs"]["check"]
    step = next(s for s in job["steps"] if s.get("name") == "Check the content")
    runner = Runner(repo_copy, {})
    result = runner.run_script(step["run"], {}, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file=case_studies/{story.name},line=")
    assert "is not a known region" in result.stdout


def test_deploy_steps_run_with_the_commit_or_todays_date(repo_copy):
    job = load(repo_copy / ".github/workflows/deploy.yml")["jobs"]["build"]
    # The repository ships a placeholder address: a deploy refuses it, before building anything.
    with pytest.raises(AssertionError, match="site_url is https://wla-network.example.org/, the placeholder"):
        Runner(repo_copy, {}).run_job(job)
    assert not (repo_copy / "site").exists()
    config = repo_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "https://wla-network.example.org/", "https://wla.example-network.uk/"), encoding="utf-8")
    runner = Runner(repo_copy, {})
    runner.run_job(job)
    assert runner.ran[-2:] == ["actions/configure-pages@v5", "actions/upload-pages-artifact@v3"]
    commit = int(datetime(2026, 3, 2, 9, tzinfo=timezone.utc).timestamp())
    midnight = int(datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    assert runner.env_file_values["SOURCE_DATE_EPOCH"] == str(max(commit, midnight))
    assert (repo_copy / "site/events/index.html").is_file()


def issue_event(body: str) -> dict[str, Any]:
    return {"issue": {"number": 7, "state": "open", "body": body, "labels": [{"name": "case-study"}]}}


def test_issue_job_runs_only_for_open_case_study_issues():
    job = load(REPO / ".github/workflows/case-study-from-issue.yml")["jobs"]["pull-request"]
    for event, expected in (
        (issue_event("x"), True),
        ({"issue": {"state": "open", "labels": [{"name": "bug"}]}}, False),
        ({"issue": {"state": "closed", "labels": [{"name": "case-study"}]}}, False),
    ):
        assert bool(evaluate(job["if"], {"github": {"event": event}})) is expected


def test_issue_steps_turn_a_good_form_into_a_pull_request(repo_copy):
    job = load(repo_copy / ".github/workflows/case-study-from-issue.yml")["jobs"]["pull-request"]
    body = form_body(title="Quiz night: “Learning Fridays” 🎉", newline="\r\n")
    runner = Runner(repo_copy, issue_event(body))
    runner.run_job(job, fake_outputs={"peter-evans/create-pull-request": {
        "pull-request-url": "https://github.com/example/wla-site/pull/8", "pull-request-operation": "created",
    }})
    assert runner.outputs["intake"] == {"ok": "true"}
    assert "peter-evans/create-pull-request@v7" in runner.ran
    assert runner.skipped == ["Tell the person what to change"]
    written = repo_copy / "case_studies/quiz-night-learning-fridays.md"
    assert "title: 'Quiz night: “Learning Fridays” 🎉'" in written.read_text(encoding="utf-8")
    assert "# A case study sent in with the issue form (issue #7)." in written.read_text(encoding="utf-8")
    (call,) = runner.stub_calls()[1:]
    assert call == f"gh issue comment 7 --body-file {runner.temp}/comment.md"
    comment = (runner.temp / "comment.md").read_text()
    assert comment.startswith("Thank you. Your case study is ready for review: https://github.com/example/wla-site/pull/8")


def test_issue_steps_comment_what_to_change(repo_copy):
    job = load(repo_copy / ".github/workflows/case-study-from-issue.yml")["jobs"]["pull-request"]
    # A body that tries to break out of the script: it must stay text.
    body = form_body(title='$(touch pwned) `touch pwned` "; touch pwned; "', sector=None)
    runner = Runner(repo_copy, issue_event(body))
    runner.run_job(job)
    assert runner.outputs["intake"] == {"ok": "false"}
    assert "peter-evans/create-pull-request@v7" not in runner.ran
    assert not (repo_copy / "pwned").exists()
    assert not list((repo_copy / "case_studies").glob("touch*"))
    assert runner.stub_calls()[1:] == [f"gh issue comment 7 --body-file {runner.temp}/comment.md"]
    comment = (runner.temp / "comment.md").read_text()
    assert "- Sector: this question needs an answer." in comment
    assert "Nothing was written" not in comment
    assert comment.rstrip().endswith("The check runs again by itself.")


def test_pre_commit_hooks(repo_copy):
    config = yaml.safe_load((repo_copy / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(r for r in config["repos"] if r["repo"] == "local")
    ruff = next(r for r in config["repos"] if r["repo"] == "https://github.com/astral-sh/ruff-pre-commit")
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"])
    assert [h["id"] for h in ruff["hooks"]] == ["ruff"]
    hooks = {h["id"]: h for h in local["hooks"]}
    check = hooks["wla-check"]
    assert check["language"] == "system" and check["pass_filenames"] is False
    pattern = re.compile(check["files"])
    for path in ("case_studies/a.md", "events/b.yml", "newsletters/c.md", "providers/d.yml", "vocabulary.yml"):
        assert pattern.search(path), path
    assert not pattern.search("docs/index.md")
    for hook in hooks.values():
        env = {**os.environ, "PATH": project_path()}
        result = subprocess.run(hook["entry"].split(), cwd=repo_copy, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr


# --- a small evaluator of GitHub's expressions, enough for these workflows -----------------------


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||[!(),])|(?P<name>[A-Za-z_][\w.*-]*))")


def evaluate_text(value: Any, context: dict[str, Any]) -> Any:
    """A value with `${{ expr }}` parts filled in."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: _text(evaluate(m.group(1), context)), value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def evaluate(expression: str, context: dict[str, Any], failed: bool = False) -> Any:
    tokens = [m for m in _TOKEN.finditer(expression.strip().removeprefix("${{").removesuffix("}}"))]
    position = 0

    def peek() -> str | None:
        return tokens[position].group(0).strip() if position < len(tokens) else None

    def take() -> re.Match:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def either() -> Any:
        left = both()
        while peek() == "||":
            take()
            right = both()
            left = left or right
        return left

    def both() -> Any:
        left = compare()
        while peek() == "&&":
            take()
            right = compare()
            left = left and right
        return left

    def compare() -> Any:
        left = unary()
        while peek() in ("==", "!="):
            op = take().group(0).strip()
            right = unary()
            equal = _text(left).casefold() == _text(right).casefold()
            left = equal if op == "==" else not equal
        return left

    def unary() -> Any:
        if peek() == "!":
            take()
            return not unary()
        if peek() == "(":
            take()
            value = either()
            assert take().group(0).strip() == ")"
            return value
        token = take()
        if token.group("str"):
            return token.group("str")[1:-1].replace("''", "'")
        name = token.group("name")
        if peek() == "(":
            take()
            args = []
            while peek() != ")":
                args.append(either())
                if peek() == ",":
                    take()
            take()
            return _call(name, args, failed)
        return _lookup(name, context)

    result = either()
    assert position == len(tokens), expression
    return result


def _call(name: str, args: list[Any], failed: bool) -> Any:
    if name == "contains":
        haystack, needle = args
        if isinstance(haystack, list):
            return any(_text(item).casefold() == _text(needle).casefold() for item in haystack)
        return _text(needle).casefold() in _text(haystack).casefold()
    if name == "success":
        return not failed
    if name == "failure":
        return failed
    if name == "always":
        return True
    raise AssertionError(f"unknown function {name}")


def _lookup(path: str, context: dict[str, Any]) -> Any:
    if path in ("true", "false"):
        return path == "true"
    values: list[Any] = [context]
    many = False
    for part in path.split("."):
        if part == "*":
            many = True
            values = [item for value in values for item in (value if isinstance(value, list) else [])]
            continue
        values = [value.get(part) if isinstance(value, dict) else None for value in values]
    return values if many else values[0]
