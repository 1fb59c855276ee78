"""Runs here what the CI integrations run elsewhere, with sample inputs.

    check_integrations.py [REPO]

1. `.pre-commit-hooks.yaml` passes `pre-commit validate-manifest`; the package pre-commit's
   `language: rust` installs (`cargo install --bins --path .` at the root) installs, and its
   hook, run on files the manifest's `files` pattern selects, exits 0 on the bundled examples
   and 1 on a broken event.
2. `action.yml`: every step that runs a script runs, in order, as GitHub's runner would run it
   (`bash --noprofile --norc -eo pipefail`, `${{ ... }}` expressions filled in from the inputs,
   GITHUB_OUTPUT, GITHUB_PATH), for several sets of inputs; steps that use other actions
   (`actions/cache`) are skipped, saying so. The exit codes, outputs and written reports are
   checked.

Both builds use `--debug` and the repository's target folder, so that they reuse the build of
the tests (cargo install builds a release otherwise). Needs PyYAML and pre-commit (.ci/run
installs them); cargo must be on PATH.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
BAD = '{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 42, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}\n'


def say(*args):
    print(*args, flush=True)


def run(cmd, **kw):
    say("$", " ".join(cmd))
    return subprocess.run(cmd, text=True, **kw)


def check_hook(work):
    pre_commit = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    manifest = os.path.join(REPO, ".pre-commit-hooks.yaml")
    r = run([pre_commit, "validate-manifest", manifest])
    assert r.returncode == 0, "pre-commit validate-manifest failed"
    with open(manifest, encoding="utf-8") as f:
        (hook,) = yaml.safe_load(f)
    assert hook["language"] == "rust", hook
    # What pre-commit runs for `language: rust` (plus --locked --debug).
    root = os.path.join(work, "hook-env")
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET)
    r = run(["cargo", "install", "--locked", "--debug", "--bins", "--root", root, "--path", "."], cwd=REPO, env=env)
    assert r.returncode == 0, "the hook's package does not install"
    entry = os.path.join(root, "bin", hook["entry"])
    files = re.compile(hook["files"])
    examples = os.path.join(REPO, "examples", "events")
    good = sorted(os.path.join(examples, n) for n in os.listdir(examples) if files.search(n))
    assert good, "no example matches the hook's files pattern"
    bad = os.path.join(work, "bad.jsonl")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(BAD)
    assert files.search("x.ndjson.gz") and files.search("a.json") and not files.search("a.toml")
    args = hook.get("args", [])
    assert run([entry, *args, *good], cwd=REPO).returncode == 0, "the hook fails on the examples"
    r = run([entry, *args, *good, bad], cwd=REPO, capture_output=True)
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "OCSF301" in r.stdout, r.stdout
    say(f"pre-commit hook: manifest valid, installs, exits 0 on {len(good)} example files and 1 on a broken event")


EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def fill(text, ctx):
    def value(m):
        expr = m.group(1)
        if expr not in ctx:
            raise AssertionError(f"expression not known here: {expr}")
        return ctx[expr]

    return EXPR.sub(value, text)


def run_action(action, inputs, runner_temp, work):
    """Runs the action's script steps; returns (exit code of the last step run, outputs)."""
    declared = action["inputs"]
    for name in inputs:
        assert name in declared, f"no input {name}"
    ctx = {"github.action_path": REPO, "runner.temp": runner_temp}
    for name, spec in declared.items():
        ctx[f"inputs.{name}"] = inputs.get(name, spec.get("default", ""))
    path_extra = []
    code = 0
    for i, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            say(f"skipped locally: {step.get('name', step['uses'])} ({step['uses']})")
            continue
        assert step.get("shell") == "bash", step
        output = os.path.join(work, f"output-{i}")
        path_file = os.path.join(work, f"path-{i}")
        open(output, "w").close()
        open(path_file, "w").close()
        script = os.path.join(work, f"step-{i}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(fill(step["run"], ctx))
        env = dict(os.environ)
        env.update({k: fill(str(v), ctx) for k, v in step.get("env", {}).items()})
        env.update(
            GITHUB_OUTPUT=output,
            GITHUB_PATH=path_file,
            RUNNER_TEMP=runner_temp,
            CARGO_TARGET_DIR=TARGET,
            OCSF_VALIDATE_INSTALL_FLAGS="--debug",
            PATH=os.pathsep.join(path_extra + [os.environ["PATH"]]),
        )
        say(f"step: {step.get('name', i)}")
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=env, cwd=work, text=True)
        code = r.returncode
        with open(output, encoding="utf-8") as f:
            for line in f.read().splitlines():
                name, _, val = line.partition("=")
                ctx[f"steps.{step.get('id')}.outputs.{name}"] = val
        with open(path_file, encoding="utf-8") as f:
            path_extra = f.read().split() + path_extra
        if code != 0:
            break
    outputs = {k: fill(v["value"], ctx) if EXPR.search(v["value"]) and all(
        e in ctx for e in EXPR.findall(v["value"])) else "" for k, v in action.get("outputs", {}).items()}
    return code, outputs


def check_action(work):
    with open(os.path.join(REPO, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite"
    for name in ["paths", "format", "fail-on", "config", "sarif-file"]:
        assert name in action["inputs"], name
    runner_temp = os.path.join(work, "runner-temp")
    os.makedirs(runner_temp)
    events = os.path.join(work, "events")
    os.makedirs(events)
    shutil.copy(os.path.join(REPO, "examples", "events", sorted(os.listdir(os.path.join(REPO, "examples", "events")))[0]), events)
    with open(os.path.join(events, "bad.jsonl"), "w", encoding="utf-8") as f:
        f.write(BAD)
    policy = os.path.join(work, "policy.toml")
    with open(policy, "w", encoding="utf-8") as f:
        f.write('[severity]\nOCSF301 = "warning"\n')
    sarif = os.path.join(work, "out.sarif")
    junit = os.path.join(work, "junit.xml")
    examples = os.path.join(REPO, "examples", "events")

    # The bundled examples: clean, annotations format.
    code, out = run_action(action, {"paths": examples}, runner_temp, work)
    assert code == 0 and out["exit-code"] == "0", (code, out)
    # Findings at --fail-on: the step fails, the SARIF file is written.
    code, out = run_action(action, {"paths": events, "format": "human", "sarif-file": sarif, "fail-on": "warning"}, runner_temp, work)
    assert code == 1 and out["exit-code"] == "1" and out["sarif-file"] == sarif, (code, out)
    with open(sarif, encoding="utf-8") as f:
        doc = json.load(f)
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"], doc
    # Two paths on two lines, a policy that lowers OCSF301 to a warning, a JUnit report to a file.
    paths = f"{events}/bad.jsonl\n   {examples}\n"
    code, out = run_action(action, {"paths": paths, "format": "junit", "config": policy, "output-file": junit}, runner_temp, work)
    assert code == 0 and out["exit-code"] == "0", (code, out)
    with open(junit, encoding="utf-8") as f:
        xml = f.read()
    assert "<testsuites" in xml and "OCSF301" in xml, xml
    # A baseline of today's findings: nothing new.
    bin_dir = os.path.join(runner_temp, "ocsf-validate", "bin")
    baseline = os.path.join(work, "baseline.json")
    r = run([os.path.join(bin_dir, "ocsf-validate"), "--no-config", "--write-baseline", baseline, events])
    assert r.returncode == 0
    code, out = run_action(action, {"paths": events, "baseline": baseline, "fail-on": "info"}, runner_temp, work)
    assert code == 0 and out["exit-code"] == "0", (code, out)
    # A path that does not exist: a usage error, not a pass.
    code, out = run_action(action, {"paths": os.path.join(work, "missing")}, runner_temp, work)
    assert code == 2 and out["exit-code"] == "2", (code, out)
    say("action.yml: the script steps ran with 5 sets of inputs (exit codes 0, 1, 0, 0, 2; SARIF and JUnit written)")

    # The example workflow uses the action with inputs it has, and uploads what it writes.
    with open(os.path.join(REPO, "docs", "examples", "github-workflow.yml"), encoding="utf-8") as f:
        workflow = yaml.safe_load(f)
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if s.get("uses", "").startswith("ocsf-rs/ocsf-rs@")]
    assert len(ours) == 1, steps
    unknown = set(ours[0].get("with", {})) - set(action["inputs"])
    assert not unknown, f"the example workflow passes inputs the action lacks: {unknown}"
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload and upload[0]["with"]["sarif_file"] == ours[0]["with"]["sarif-file"], upload
    say("docs/examples/github-workflow.yml: uses the action's inputs and uploads its SARIF")


def main():
    with tempfile.TemporaryDirectory() as work:
        check_hook(work)
        check_action(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
