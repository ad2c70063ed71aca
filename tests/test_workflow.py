"""The GitHub Actions workflow: test → build → deploy, with Makefile targets only."""
from __future__ import annotations

import re

import pytest
import yaml

from generator import paths

WORKFLOW = paths.ROOT / ".github" / "workflows" / "publish.yml"
SECRETS = ("DEPLOY_HOST", "DEPLOY_USER", "DEPLOY_KEY", "DEPLOY_PATH")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def commands(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def uses(job: dict) -> list[str]:
    return [str(step.get("uses", "")).split("@")[0] for step in job["steps"]]


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def test_triggers(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as True
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_jobs_use_make_targets(workflow):
    jobs = workflow["jobs"]
    assert re.search(r"(^|\s)make test\b", commands(jobs["test"]))
    assert "sudo make browser-deps" in commands(jobs["test"])
    assert re.search(r"(^|\s)make site\b", commands(jobs["build"]))
    for job in jobs.values():  # no build logic of its own
        assert "liim build" not in commands(job) and "pip install" not in commands(job)


def test_geodata_is_not_preset(workflow):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "LIIM_GEODATA_DIR:" not in text
    for job in workflow["jobs"].values():
        assert "LIIM_GEODATA_DIR" not in (job.get("env") or {})


def test_python_version(workflow):
    for name in ("test", "build"):
        setup = [s for s in workflow["jobs"][name]["steps"] if str(s.get("uses", "")).startswith("actions/setup-python")]
        assert setup and str(setup[0]["with"]["python-version"]) == "3.11"


def test_job_order(workflow):
    jobs = workflow["jobs"]
    assert needs(jobs["build"]) == ["test"]
    assert needs(jobs["deploy-pages"]) == ["build"]
    assert needs(jobs["deploy-rsync"]) == ["build"]
    assert "needs" not in jobs["test"]


def test_pages_deployment(workflow):
    jobs = workflow["jobs"]
    assert "actions/upload-pages-artifact" in uses(jobs["build"])
    upload = [s for s in jobs["build"]["steps"] if "upload-pages-artifact" in str(s.get("uses", ""))][0]
    assert upload["with"]["path"].rstrip("/") == "site"
    deploy = jobs["deploy-pages"]
    assert "actions/deploy-pages" in uses(deploy)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_rsync_uses_the_four_secrets_and_runs_only_when_set(workflow):
    job = workflow["jobs"]["deploy-rsync"]
    assert "if" not in job  # secrets are not available in a job-level if
    for secret in SECRETS:
        assert job["env"][secret] == f"${{{{ secrets.{secret} }}}}"
    for step in job["steps"]:
        assert step.get("if") == "env.DEPLOY_HOST != ''"
    run = commands(job)
    assert "rsync -az --delete" in run
    assert "ssh-keyscan" in run and "$DEPLOY_HOST" in run
    for variable in ("$DEPLOY_USER", "$DEPLOY_PATH", "$DEPLOY_KEY"):
        assert variable in run
    assert "actions/download-artifact" in uses(job)
