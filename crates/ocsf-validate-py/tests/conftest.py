"""Shared by the tests: where the repository and ../shared are, and how to run the command.

Like the Rust tests (ocsf-test-support), a test that needs ../shared skips saying so where it
is absent, and fails instead under OCSF_REQUIRE_SHARED=1 (set by .ci/run where ../shared is
present); a test that needs a tool (the command, through cargo; PySpark and Java) skips saying
so where it is missing, and fails instead under OCSF_REQUIRE_TOOLS=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Optional, Sequence

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("OCSF_SHARED_DIR", ROOT.parent / "shared"))


def need(what: str, missing: bool, env: str) -> None:
    """Skips saying why, or fails when `env` is set to 1."""
    if not missing:
        return
    if os.environ.get(env) == "1":
        pytest.fail(f"{what} (required by {env}=1)")
    pytest.skip(what)


def shared_file(rel: str) -> Path:
    path = SHARED / rel
    need(f"{path} is absent: the test needs ../shared", not path.exists(), "OCSF_REQUIRE_SHARED")
    return path


def command() -> List[str]:
    """The `ocsf-validate` command: $OCSF_VALIDATE_BIN, else built from this repository."""
    explicit = os.environ.get("OCSF_VALIDATE_BIN")
    if explicit:
        return [explicit]
    need(
        "cargo is not on PATH, so the ocsf-validate command cannot be built to compare with",
        shutil.which("cargo") is None,
        "OCSF_REQUIRE_TOOLS",
    )
    return ["cargo", "run", "--locked", "-q", "-p", "ocsf-validate-cli", "--"]


def run_command(args: Sequence[str], cwd: Optional[Path] = None) -> List[dict]:
    """The diagnostics of the command's `--format json` lines (the summary line left out)."""
    cmd = command() + ["--format", "json", "--no-progress", *args]
    # cargo runs from the repository; the inputs are given as absolute paths.
    proc = subprocess.run(cmd, cwd=cwd or ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1), f"{cmd} exited {proc.returncode}: {proc.stderr}"
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert lines and "summary" in lines[-1], proc.stdout[-2000:]
    return lines[:-1]


def unwrap_published(path: Path) -> List[str]:
    """The events of a ../shared/real-events file, each as the JSON text of its `event`."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.dumps(json.loads(line)["event"]))
    return out


FIELDS = ("index", "pointer", "code", "severity", "category", "message", "help",
          "schema_path", "schema_version")


def as_rows(diagnostics) -> List[tuple]:
    """Diagnostics (the command's JSON lines, or Diagnostic objects) as comparable rows."""
    rows = []
    for d in diagnostics:
        d = d if isinstance(d, dict) else d.to_dict()
        rows.append(tuple(d.get(f) for f in FIELDS))
    return rows
