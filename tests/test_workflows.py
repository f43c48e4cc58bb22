"""The GitHub workflows: valid against GitHub's schema, clean under zizmor, pinned, least privilege,
and running the README's commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from devkit import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    assert Path(found).exists(), f"{name} is not installed (it is in the test extras)"
    return found


def load(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # BaseLoader: `on:` stays a string key


def test_workflows_match_githubs_schema() -> None:
    files = [str(p) for p in WORKFLOWS]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(ROOT / ".github" / "dependabot.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "auditor", str(ROOT / ".github")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_and_least_privilege(path: Path) -> None:
    text = path.read_text()
    for use in re.findall(r"uses:\s*(\S+)(.*)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use[0]), use
        assert re.search(r"# v\d", use[1]), f"{use[0]}: keep the version in a comment"
    assert "pull_request_target" not in text
    data = load(path)
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            # untrusted values reach run: lines only through env
            assert "${{" not in step.get("run", ""), step


def test_only_the_deploy_job_may_write() -> None:
    pages = load(ROOT / ".github" / "workflows" / "pages.yml")
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert "permissions" not in pages["jobs"]["build"]
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    assert all("permissions" not in job for job in ci["jobs"].values())


def test_workflows_run_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    runs = [
        step.get("run", "")
        for path in WORKFLOWS
        for job in load(path)["jobs"].values()
        for step in job.get("steps", [])
    ]
    for command in ("python3 dev.py build", "python3 dev.py test"):
        assert command in readme
        assert any(command in run for run in runs), command
    assert (ROOT / ".ci" / "run").read_text().count("python3 dev.py test") == 1


LOCKS = {"ci": ROOT / "requirements" / "ci.txt", "site": ROOT / "requirements" / "site.txt"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, tuple[str, int]]:
    """A pip-compile lock file as {name: (version, number of hashes)}."""
    found = {}
    for block in re.split(r"\n(?=\S)", lock.read_text()):
        if match := re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block):
            found[canonical(match[1])] = (match[2], len(re.findall(r"--hash=sha256:[0-9a-f]{64}\b", block)))
    return found


def declared() -> dict[str, list[str]]:
    """pyproject.toml's requirements: runtime dependencies, the test extra and the build backend."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {
        "dependencies": data["project"]["dependencies"],
        "test": data["project"]["optional-dependencies"]["test"],
        "build": data["build-system"]["requires"],
    }


def lock_problems(lock: Path, groups: list[str]) -> list[str]:
    """What pyproject.toml asks for that the lock file does not pin (at a version it accepts, with hashes)."""
    from packaging.requirements import Requirement

    locked, problems = pins(lock), []
    for group in groups:
        for text in declared()[group]:
            requirement = Requirement(text)
            version, hashes = locked.get(canonical(requirement.name), (None, 0))
            if version is None:
                problems.append(f"{lock.name} lacks {text} ({group})")
            elif not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{lock.name} pins {requirement.name}=={version}, pyproject.toml wants {text}")
    problems += [f"{lock.name}: {name} has no hash" for name, (_, hashes) in locked.items() if not hashes]
    return problems


@pytest.mark.parametrize(
    ("lock", "groups"), [("ci", ["dependencies", "test", "build"]), ("site", ["dependencies", "build"])]
)
def test_lock_covers_every_dependency_in_pyproject(lock: str, groups: list[str]) -> None:
    """Forgetting `python3 dev.py lock` after editing pyproject.toml fails here, without the network."""
    assert lock_problems(LOCKS[lock], groups) == [], "run `python3 dev.py lock` and commit requirements/"


def test_a_stale_lock_is_caught(tmp_path: Path) -> None:
    stale = tmp_path / "ci.txt"
    text = LOCKS["ci"].read_text()
    text = re.sub(r"\njsonschema==.*?(?=\n\S)", "", text, flags=re.S)  # a dependency added, never locked
    text = re.sub(r"\nmkdocs-material==\S+", "\nmkdocs-material==9.0.0", text)  # a minimum raised
    text = re.sub(r"(\npyyaml==\S+)( \\\n    --hash=\S+)+", r"\1", text)  # hashes lost
    stale.write_text(text)
    wanted = {canonical(t.split(">")[0]): t for t in declared()["dependencies"]}
    assert lock_problems(stale, ["dependencies"]) == [
        f"ci.txt pins mkdocs-material==9.0.0, pyproject.toml wants {wanted['mkdocs-material']}",
        f"ci.txt lacks {wanted['jsonschema']} (dependencies)",
        "ci.txt: pyyaml has no hash",
    ]


def test_locks_are_refreshed_by_one_command_and_agree() -> None:
    ci, site = pins(LOCKS["ci"]), pins(LOCKS["site"])
    assert {name: ci[name] for name in site} == site, "the site deploys the versions CI tested"
    for lock in LOCKS.values():
        head = lock.read_text().split("\n\n")[0]
        assert "autogenerated by pip-compile with Python 3.1" in head and "#    python3 dev.py lock\n" in head
    readme = (ROOT / "README.md").read_text()
    assert "python3 dev.py lock" in readme


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_from_the_lock(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        runs = " ".join(step.get("run", "") for step in job.get("steps", []))
        if "dev.py" in runs:
            lock = job.get("env", {}).get("PAPERCAT_LOCK")
            assert lock in {"requirements/ci.txt", "requirements/site.txt"}, f"{path.name}: {name}"
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "export PAPERCAT_LOCK=requirements/ci.txt" in ci_run
    dev = (ROOT / "dev.py").read_text()
    assert '"--require-hashes", "-r"' in dev


def test_check_annotates_the_pull_request_and_the_preview_survives_a_failed_check() -> None:
    listed = load(ROOT / ".github" / "workflows" / "ci.yml")["jobs"]["check"]["steps"]
    steps = {step["id"]: step for step in listed if "id" in step}
    assert steps["check"]["run"] == "python3 dev.py papercat check --format github"
    assert "if" not in steps["check"]  # it fails the job
    assert steps["tests"]["if"] == "${{ !cancelled() && (success() || steps.check.outcome == 'failure') }}"
    assert steps["build"]["if"] == "${{ !cancelled() && steps.tests.outcome == 'success' }}"
    upload = next(s for s in listed if s.get("with", {}).get("name") == "site")
    assert upload["if"] == "${{ !cancelled() && steps.build.outcome == 'success' }}"
