#!/usr/bin/env python3
"""Loads one version's generated JSON Schemas with Python's `jsonschema` and `referencing`.

    python3 crates/ocsf-codegen/tests/python/check_json_schemas.py schemas/json/1.6.0 [EVENTS_DIR...]

Every `*.json` under the version's directory is registered under its `$id` in a
`referencing.Registry` (no retrieval, no network). The bundle `ocsf.schema.json` must be a valid
draft 2020-12 schema. Then each event (every `*.json` of the EVENTS_DIRs, default
`examples/events`, which holds valid 1.6.0 events) is validated twice, with the bundle and with
its class's entry document, and the two must agree; a few hand-made events must fail (an
unknown `class_uid`, a missing `class_uid`, an attribute the class does not have). With
`--expect-invalid`, the events of the EVENTS_DIRs must all fail instead (the seed events of
../shared/seed-events are all invalid on purpose). Exit status 0 when all holds, 1 otherwise.

Needs `pip install jsonschema` (which brings `referencing`).
"""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

BUNDLE = "ocsf.schema.json"


def load_documents(version_dir):
    docs = {}
    for path in sorted(version_dir.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        docs[path.relative_to(version_dir).as_posix()] = doc
    return docs


def error_paths(validator, event):
    return sorted("/" + "/".join(str(p) for p in e.absolute_path) for e in validator.iter_errors(event))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    expect_invalid = "--expect-invalid" in argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    version_dir = Path(args[0])
    event_dirs = [Path(a) for a in args[1:]] or [Path("examples/events")]
    docs = load_documents(version_dir)
    if BUNDLE not in docs:
        print(f"{version_dir}/{BUNDLE} is absent", file=sys.stderr)
        return 2
    bundle = docs[BUNDLE]
    Draft202012Validator.check_schema(bundle)
    registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in docs.values()
    )
    by_uid = {}
    for defs_key, definition in bundle["$defs"].items():
        if defs_key.startswith("class."):
            by_uid[definition["properties"]["class_uid"]["const"]] = defs_key[len("class."):]
    validate_bundle = Draft202012Validator(bundle, registry=registry)

    def entry_validator(class_uid):
        return Draft202012Validator(docs[f"{by_uid[class_uid]}.json"], registry=registry)

    failures = []
    checked = 0
    for event_dir in event_dirs:
        for path in sorted(event_dir.glob("*.json")):
            event = json.loads(path.read_text(encoding="utf-8"))
            from_bundle = error_paths(validate_bundle, event)
            uid = event.get("class_uid")
            if uid in by_uid:
                from_entry = error_paths(entry_validator(uid), event)
                if from_entry != from_bundle:
                    failures.append(f"{path}: bundle {from_bundle} but entry {from_entry}")
            if expect_invalid and not from_bundle:
                failures.append(f"{path}: valid, expected errors")
            if not expect_invalid and from_bundle:
                failures.append(f"{path}: {from_bundle}")
            checked += 1
    if checked == 0:
        failures.append(f"no events in {', '.join(map(str, event_dirs))}")

    # Hand-made events that must fail, whatever the version.
    uid = min(u for u in by_uid if u != 0)
    for name, event, at in [
        ("unknown class_uid", {"class_uid": 424242}, "/class_uid"),
        ("missing class_uid", {"metadata": {}}, "/"),
        ("unknown attribute", {"class_uid": uid, "not_an_ocsf_attribute": 1}, "/"),
    ]:
        paths = error_paths(validate_bundle, event)
        if at not in paths:
            failures.append(f"{name}: expected an error at {at}, got {paths}")
    if by_uid.get(uid) and error_paths(entry_validator(uid), {"class_uid": uid}) == []:
        failures.append(f"{by_uid[uid]}.json accepts an event with nothing but class_uid")

    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"{version_dir}: {len(docs)} documents, {checked} events checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
