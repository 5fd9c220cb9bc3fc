"""The same model gives the same report, to the last digit, in every process.

Python salts string hashes per process, so anything that walks a set of stage ids walks
it in another order each run; exact risks then came out as 0.01063125 in one run and
0.010631250000000002 in the next (the floating point operations in another order), and
a report, a `compare` table or a chart differed byte for byte between two runs.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

MODEL = ROOT / "examples" / "mesa_optimization_scenarios.yaml"


@pytest.mark.parametrize("command", [["analyze", "--json"], ["compare", "--json"]])
def test_reports_do_not_depend_on_the_hash_seed(command: list[str]) -> None:
    outputs = set()
    for seed in ("0", "1", "3", "5"):
        done = subprocess.run(
            [sys.executable, "-m", "mesadiagram", *command, str(MODEL)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
