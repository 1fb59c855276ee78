"""validate / validate_many / Validator: inputs, options, errors, the GIL."""

from __future__ import annotations

import json
import sys
import threading
import time

import pytest

import ocsf_validate
from ocsf_validate import Diagnostic, OptionsError, Validator, validate, validate_many

from conftest import ROOT, as_rows

LOGON = json.loads((ROOT / "examples/events/authentication-logon.json").read_text())


def codes(diagnostics):
    return sorted(d.code for d in diagnostics)


def with_(event, **changes):
    out = json.loads(json.dumps(event))
    out.update(changes)
    return out


def test_a_clean_event_has_no_diagnostic():
    assert validate(LOGON) == []


def test_dict_str_bytes_and_bytearray_give_the_same_diagnostics():
    bad = with_(LOGON, severity_id=42, user={"uid": "u", "email_addr": "ana@corp-mail.io"})
    text = json.dumps(bad)
    expected = validate(bad)
    assert "OCSF301" in codes(expected) and len(expected) >= 2
    for form in (text, text.encode(), bytearray(text.encode())):
        assert validate(form) == expected


def test_a_diagnostic_has_the_fields_of_the_json_format():
    [d] = validate(with_(LOGON, severity_id=42))
    assert isinstance(d, Diagnostic)
    assert (d.code, d.severity, d.category, d.pointer) == ("OCSF301", "error", "schema", "/severity_id")
    assert d.message == "42 is not a defined value of `severity_id`"
    assert d.schema_path == "classes/authentication/attributes/severity_id"
    assert d.schema_version == "1.6.0"
    assert d.help and "99 Other" in d.help
    assert d.index is None
    assert d.to_dict()["code"] == "OCSF301"
    assert "OCSF301" in repr(d)
    with pytest.raises(AttributeError):
        d.code = "OCSF000"  # frozen


def test_validate_many_numbers_the_events_and_takes_any_iterable():
    events = [LOGON, "{not json", json.dumps(with_(LOGON, severity_id=42)).encode(), LOGON]
    ds = validate_many(iter(events))
    assert [(d.index, d.code) for d in ds] == [(1, "OCSF001"), (2, "OCSF301")]
    # More events than one chunk (1024): the indexes go on across chunks.
    many = validate_many(["[]"] * 2500)
    assert [d.index for d in many] == list(range(2500))
    assert {d.code for d in many} == {"OCSF002"}
    assert validate_many([]) == []


def test_values_python_writes_as_json_are_read_as_json():
    big = with_(LOGON, count=2**70, unmapped={"t": (1, 2.5, None, True, "é\u2028")})
    assert codes(validate(big)) == codes(validate(json.dumps(big)))
    # A bool is written as a JSON bool, not as the int Python's bool also is.
    as_bool = validate(with_(LOGON, severity_id=True))
    assert as_bool == validate(json.dumps(with_(LOGON, severity_id=True)))
    assert as_bool != validate(with_(LOGON, severity_id=1)) == []


@pytest.mark.parametrize(
    "event, error, words",
    [
        (42, TypeError, "an event is a dict, or JSON text as str or bytes, not int"),
        ([LOGON], TypeError, "validate_many takes a list of events"),
        (None, TypeError, "not NoneType"),
        ({"user": {1: "x"}}, TypeError, 'at "/user": a key of type int'),
        ({"a": [0, {"b": {1, 2}}]}, TypeError, 'at "/a/1/b": a value of type set is no JSON value'),
        ({"a/b": {"c~": object()}}, TypeError, 'at "/a~1b/c~0"'),
        ({"x": float("nan")}, ValueError, 'at "/x": NaN is no JSON number'),
        ({"x": float("inf")}, ValueError, "inf is no JSON number"),
        ({"x": "\ud800"}, ValueError, "lone surrogate"),
        ("\ud800", ValueError, "the event: a str that is no Unicode text"),
    ],
)
def test_what_is_no_json_event_raises_a_clear_exception(event, error, words):
    with pytest.raises(error) as e:
        validate(event)
    assert words in str(e.value)


def test_validate_many_names_the_event_an_error_is_about():
    with pytest.raises(TypeError, match=r"^event 2: at \"/x\": a value of type bytes"):
        validate_many([LOGON, LOGON, {"x": b"raw"}])
    with pytest.raises(TypeError, match="not iterable"):
        validate_many(42)

    def broken():
        yield LOGON
        raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError, match="the source failed"):
        validate_many(broken())


def test_nesting_past_the_bound_and_a_dict_that_holds_itself_are_ocsf003():
    deep: dict = {}
    inner = deep
    for _ in range(100_000):
        inner["a"] = {}
        inner = inner["a"]
    assert codes(validate(deep)) == ["OCSF003"]
    loop: dict = {"class_uid": 3002}
    loop["self"] = loop
    assert codes(validate(loop)) == ["OCSF003"]
    assert codes(validate("[" * 100_000)) == ["OCSF003"]


def test_options_schema_and_default_version():
    old = with_(LOGON, metadata={**LOGON["metadata"], "version": "1.1.0"})
    forced = Validator(schema_version="1.6.0")
    assert forced.version == "1.6.0"
    assert "OCSF701" in codes(forced.validate(old))
    assert all(d.schema_version == "1.1.0" for d in validate(old))
    no_version = with_(LOGON, metadata={"product": LOGON["metadata"]["product"]})
    by_default = Validator(default_version="1.3.0").validate(no_version)
    assert {d.schema_version for d in by_default} == {"1.3.0"}


def test_options_personal_data_policy():
    event = with_(LOGON, src_endpoint={"ip": "203.0.113.24", "hostname": "ana-laptop.corp.example"})
    strict = codes(validate(event, pii_policy="strict"))
    assert any(c.startswith("OCSFP") for c in strict)
    assert not any(c.startswith("OCSFP") for c in codes(validate(event, pii_policy="off")))
    assert not any(c.startswith("OCSFP") for c in codes(validate(event)))


def test_options_recommended_and_max_event_bytes():
    assert "OCSF202" in codes(validate(LOGON, recommended=True))
    [d] = validate(LOGON, max_event_bytes=100)
    assert (d.code, d.category) == ("OCSF004", "input")


def test_options_policy_file(tmp_path):
    policy = tmp_path / "ocsf-validate.toml"
    policy.write_text('[severity]\nOCSF301 = "warning"\n[[ignore]]\ncodes = ["OCSF203"]\npaths = ["x"]\n')
    bad = with_(LOGON, severity_id=42, x=1)
    assert {(d.code, d.severity) for d in validate(bad)} == {("OCSF301", "error"), ("OCSF203", "error")}
    v = Validator(policy_file=policy)
    assert [(d.code, d.severity) for d in v.validate(bad)] == [("OCSF301", "warning")]
    assert "policy_file=" in repr(v)


@pytest.mark.parametrize(
    "options, error, words",
    [
        ({"schema_version": "9.9"}, OptionsError, "unknown OCSF version `9.9`; this build knows 1.0.0"),
        ({"default_version": "x"}, OptionsError, "unknown OCSF version `x`"),
        ({"schema_version": "1.1.0", "default_version": "1.1.0"}, OptionsError, "give one of them"),
        ({"pii_policy": "lenient"}, OptionsError, 'unknown personal-data policy "lenient"'),
        ({"policy_file": "/nonexistent/ocsf-validate.toml"}, FileNotFoundError, "/nonexistent"),
        ({"max_event_bytes": -1}, OverflowError, ""),
        ({"version": "1.1.0"}, TypeError, "version"),
    ],
)
def test_bad_options_raise_a_clear_exception(options, error, words):
    with pytest.raises(error) as e:
        Validator(**options)
    assert words in str(e.value)
    assert issubclass(OptionsError, ValueError)


def test_an_invalid_policy_file_is_an_options_error(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text('[severity]\nOCSF301 = "loud"\n')
    with pytest.raises(OptionsError, match=r"in policy file .*p\.toml"):
        Validator(policy_file=str(bad))
    unknown = tmp_path / "q.toml"
    unknown.write_text('[severity]\nOCSF999 = "warning"\n')
    with pytest.raises(OptionsError, match="OCSF999"):
        Validator(policy_file=unknown)


def test_module_functions_reuse_one_validator_per_options():
    assert ocsf_validate.validator() is ocsf_validate.validator()
    assert ocsf_validate.validator(pii_policy="off") is not ocsf_validate.validator()
    assert ocsf_validate.DEFAULT_VERSION in ocsf_validate.versions()


def test_the_gil_is_released_while_validating():
    """Another Python thread runs while one large event is validated: with the switch interval
    raised, it can only get the GIL when the validator gives it up."""
    event = json.dumps(with_(LOGON, unmapped={"k%d" % i: "v" * 50 for i in range(100_000)}))
    v = Validator()
    counter = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0)  # gives the GIL back to the validating thread when it asks

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    t = threading.Thread(target=count)
    try:
        t.start()
        while counter[0] == 0:
            time.sleep(0.001)
        before = counter[0]
        v.validate(event)
        during = counter[0] - before
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old)
    assert during > 0, "no other thread ran while the event was validated"


def test_diagnostics_compare_by_value():
    a = validate(with_(LOGON, severity_id=42))
    b = validate(json.dumps(with_(LOGON, severity_id=42)))
    assert a == b and as_rows(a) == as_rows(b)


def test_the_stubs_ship_and_name_what_the_module_has():
    import ast
    import importlib.resources

    from ocsf_validate import _native

    root = importlib.resources.files("ocsf_validate")
    assert (root / "py.typed").is_file()
    stub = ast.parse((root / "_native.pyi").read_text())
    stubbed = {n.name for n in stub.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    stubbed |= {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)}
    public = {n for n in dir(_native) if not n.startswith("_")}
    assert stubbed == public
    methods = {n.name for c in stub.body if isinstance(c, ast.ClassDef) and c.name == "Validator"
               for n in c.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("__")}
    assert methods == {n for n in dir(Validator) if not n.startswith("_")}
