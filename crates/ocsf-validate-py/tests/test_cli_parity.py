"""The package reports what the `ocsf-validate` command reports, on the same events and options."""

from __future__ import annotations

import json

import pytest

from ocsf_validate import Validator

from conftest import ROOT, as_rows, run_command, shared_file, unwrap_published

# Faults of every family: input, schema, versions, plausibility, personal data, secrets.
CRAFTED = [
    '{"class_uid": 3002, "severity_id": 42}',
    "{not json",
    "[1, 2]",
    json.dumps({"class_uid": 3002, "metadata": {"version": "1.1.0-dev", "product": {"name": "x"}},
                "time": 1700000000, "user": {"email_addr": "ana@corp-mail.io", "name": "Ana"},
                "src_endpoint": {"ip": "12.0.0.300"}, "unmapped": {"token": "ghp_" + "a" * 36}}),
    json.dumps({"class_uid": 4002, "metadata": {"version": "7.5.0"}, "http_request": {
        "url": {"url_string": "https://user:hunter2@example.org/x"}}}),
]


def compare(lines, tmp_path, cli_args=(), **options):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli = run_command(["--no-config", *cli_args, str(events)])
    ours = Validator(**options).validate_many(lines)
    assert len(cli) > 0
    assert as_rows(ours) == as_rows(cli)
    return ours


def test_crafted_events_match_the_command(tmp_path):
    ours = compare(CRAFTED, tmp_path)
    assert {"OCSF001", "OCSF002", "OCSF301"} <= {d.code for d in ours}
    assert any(d.category == "pii" for d in ours) and any(d.category == "secret" for d in ours)


@pytest.mark.parametrize(
    "cli_args, options",
    [
        (["--pii-policy", "strict"], {"pii_policy": "strict"}),
        (["--pii-policy", "off", "--schema-version", "1.1.0"], {"pii_policy": "off", "schema_version": "1.1.0"}),
        (["--default-version", "1.3.0", "--recommended"], {"default_version": "1.3.0", "recommended": True}),
        (["--max-event-bytes", "200"], {"max_event_bytes": 200}),
    ],
)
def test_options_match_the_command_flags(tmp_path, cli_args, options):
    compare(CRAFTED, tmp_path, cli_args, **options)


def test_a_policy_file_matches_the_command_config(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('version = "1.2.0"\n[severity]\nOCSF301 = "info"\n[pii]\npolicy = "strict"\n'
                      'allow = ["user.name"]\n')
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(CRAFTED) + "\n", encoding="utf-8")
    cli = run_command(["--config", str(policy), str(events)])
    ours = Validator(policy_file=policy).validate_many(CRAFTED)
    assert as_rows(ours) == as_rows(cli)
    assert any(d.code == "OCSF301" and d.severity == "info" for d in ours)


def test_the_bundled_examples_match_the_command():
    files = sorted((ROOT / "examples/events").glob("*.json"))
    assert files
    cli = run_command(["--no-config", "--recommended", *map(str, files)])
    v = Validator(recommended=True)
    ours = []
    for f in files:
        rel = str(f.relative_to(ROOT))
        ours += [(rel, *row[1:]) for row in as_rows(v.validate(f.read_bytes()))]
    theirs = [(d["file"], *row[1:]) for d, row in zip(cli, as_rows(cli))]
    assert ours == theirs and ours, "the examples lack recommended attributes, so both report some"


@pytest.mark.parametrize("name", ["real.jsonl", "generated_prerelease.jsonl", "vendor_docs.jsonl",
                                  "unparseable.jsonl"])
def test_the_published_events_match_the_command(tmp_path, name):
    path = shared_file(f"real-events/{name}")
    if name == "unparseable.jsonl":
        # The raw text of each, on one line (JSON lines): no JSON, so OCSF001 from both.
        lines = [json.loads(line)["raw"].replace("\n", " ") for line in path.read_text().splitlines()]
    else:
        lines = unwrap_published(path)
    ours = compare(lines, tmp_path)
    # The same events as dicts: written back as JSON by the package, the same findings.
    if name != "unparseable.jsonl":
        as_dicts = Validator().validate_many(json.loads(x) for x in lines)
        assert as_rows(as_dicts) == as_rows(ours)
