"""Fuzzing: mutated valid files give the project's own one-line errors, quickly, or load.

Each example takes a valid model and mutates it: bit flips, truncation, inserted YAML
syntax, huge numbers, control characters, tags. Whatever comes out, ``validate`` (run
in-process through ``main(argv)``) must exit 0 or 2, print nothing but ``FILE: ok`` or
one-line ``FILE:LINE:COL: ...`` problems, never a traceback, and answer in under 2 s;
the reader API must raise nothing but FormatError.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadiagram.cli import main
from mesadiagram.formats import FormatError, loads

EXAMPLE = (Path(__file__).parent.parent / "examples" / "mesa_optimization.yaml").read_bytes()
SMALL = b"""mesadiagram: 1
title: A model
nodes:
  - id: a
    label: Base optimizer
    position: [0, 0]
    probability: 0.5
  - id: b
    label: Mesa optimizer
    annotations:
      - type: intervention
        label: Audit
        effect: 0.3
        items: [one, {label: two, text: three}]
edges:
  - from: a
    to: b
    probability: 0.9
    route: [[10, 20]]
"""

HUGE = [
    b"1" + b"0" * 400,
    b"0x" + b"f" * 500,
    b"9" * 5000,
    b"1" + b":00" * 300,
    b"1" + b":00" * 300 + b".5",
    b"1.0e99999",
    b"-.inf",
    b".nan",
    b"0b" + b"1" * 3000,
    b"0" + b"7" * 2000,
]
SNIPPETS = [
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!bool ",
    b"!!int ",
    b"!!float ",
    b"!!binary ",
    b"? ",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\n---\n",
    b"%YAML 1.1\n",
    b'"',
    b"'",
    b"|",
    b">",
    b"#",
    b"\t",
    b"\\",
    b"\n  ",
    b"\x00",
    b"\x1b[31m",
    b"\xc2\x9b",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
    b"\xff\xfe",
    b'"\\e\\x9b\\u202e\\L\\N"',
    b"[" * 120,
    b"~",
    b"yes",
    b"2030-01-01",
]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from([EXAMPLE, SMALL])))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "huge", "replace", "bytes"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif kind == "huge":
            data[at:at] = draw(st.sampled_from(HUGE))
        elif kind == "replace":  # a value after some ": " becomes something hostile
            colons = [m.end() for m in re.finditer(rb": ", bytes(data))]
            if colons:
                i = draw(st.sampled_from(colons))
                end = data.find(b"\n", i)
                end = len(data) if end < 0 else end
                data[i:end] = draw(st.sampled_from(HUGE + SNIPPETS))
        else:
            data[at:at] = draw(st.binary(max_size=8))
    return bytes(data)


PROBLEM = re.compile(r"^\S.*:\d+:\d+: \S.*$")


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=mutated())
def test_validate_gives_only_its_own_one_line_errors(tmp_path_factory, capsys, data) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "model.yaml"
    path.write_bytes(data)
    start = time.perf_counter()
    code = main(["validate", str(path)])
    seconds = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert seconds < 2.0, f"{seconds:.2f} s"
    assert code in (0, 2)
    if code == 0:
        assert out == f"{path}: ok\n" and err == ""
    else:
        assert out == "" and err.endswith("\n")
        for line in err.splitlines():
            assert PROBLEM.match(line) and line.startswith(str(path)), line
    try:
        loads(data, "model.yaml")
    except FormatError as failure:
        assert all("\n" not in str(p) for p in failure.problems)
