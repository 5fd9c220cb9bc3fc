""" "Did you mean" stays good for the usual typos and looks at a bounded number of names.

Before, ``suggest()`` ran difflib against every stage id for every misspelt link end:
10,000 stages with 60 typos took 29 s. Timings are in benchmarks/reliability.py.
"""

from __future__ import annotations

import pytest

from mesadiagram.formats import FormatError, loads
from mesadiagram.formats import suggest as suggest_module
from mesadiagram.formats.schema import Checker
from mesadiagram.formats.suggest import MAX_CANDIDATES, SMALL, Suggester, suggest

WORDS = (  # noqa: SIM905 (one readable string)
    "base mesa optimizer objective proxy deceptive deployment distribution shift training "
    "reward model oversight capability gain goal interpretability audit red team evaluation "
    "situational awareness power seeking influence gradient hacking inner outer alignment"
).split()
# 20,000 names like a large real model's: words joined by hyphens, and numbered ones.
IDS = [f"{a}-{b}-{c}" for a in WORDS for b in WORDS for c in WORDS if len({a, b, c}) == 3]
IDS = IDS[:15_000] + [f"stage-{i:05d}" for i in range(5_000)]


@pytest.fixture(scope="module")
def large() -> Suggester:
    return Suggester(IDS)


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("base-mesa-optimzer", "base-mesa-optimizer"),  # a dropped character
        ("base-mesa-objjective", "base-mesa-objective"),  # a doubled one
        ("base-mesa-prixy", "base-mesa-proxy"),  # a changed one
        ("base-mesa-porxy", "base-mesa-proxy"),  # two swapped
        ("base-mesa-proxy", "base-mesa-proxy"),  # exact (an id can be its own answer)
        ("Base-Mesa-Proxy", "base-mesa-proxy"),  # case
        ("base_mesa_proxy", "base-mesa-proxy"),  # separators
        ("stage-0l234", None),  # ambiguous among numbered ids: any one is a fair guess
        ("mesa-optimiser-objective", "mesa-optimizer-objective"),
        ("deploymnet-distribution-shift", "deployment-distribution-shift"),
        ("base-mesa-opt", "base-mesa-optimizer"),  # the beginning of one name
    ],
)
def test_the_usual_typos_are_found_among_20000_names(
    large: Suggester, word: str, meant: str
) -> None:
    found = large.best(word)
    assert found == meant if meant else found is not None


@pytest.mark.parametrize("word", ["zzzzzz", "optimizer-of-doom", "st", "x" * 5000])
def test_nothing_close_gives_no_suggestion(large: Suggester, word: str) -> None:
    assert large.best(word) is None


def test_a_lookup_scores_a_bounded_number_of_names(large: Suggester, monkeypatch) -> None:
    scored: list[int] = []
    real = suggest_module.difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        scored.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(suggest_module.difflib, "get_close_matches", counting)
    for word in ["stage-0000", "stage-00000", "stage-", "base-mesa-", "s", "base-mesa-ab"]:
        large.best(word)
    assert scored and max(scored) <= MAX_CANDIDATES
    assert len(IDS) > 100 * MAX_CANDIDATES


def test_a_small_set_is_compared_whole_as_before() -> None:
    names = [f"name-{i}" for i in range(SMALL)]
    assert Suggester(names).candidates("name-7") == sorted(names)
    assert suggest("lable", ["id", "label", "text"]) == " (did you mean 'label'?)"
    assert suggest("mesa", ["mesa-optimizer", "base-optimizer"]) == (
        " (did you mean 'mesa-optimizer'?)"
    )
    two = ["alpha-beta-gamma-delta-one", "alpha-beta-gamma-delta-two"]
    assert suggest("beta", two) == ""  # a part of two names: no guess


def test_the_answer_does_not_depend_on_the_order_of_the_names() -> None:
    names = [f"n{i}-ab" for i in range(500)]
    assert Suggester(names).best("n1-ba") == Suggester(reversed(names)).best("n1-ba")


def test_a_read_builds_the_index_of_stage_ids_once(monkeypatch) -> None:
    built: list[int] = []
    real_init = Suggester.__init__

    def counting_init(self, choices):
        built.append(len(choices))
        real_init(self, choices)

    monkeypatch.setattr(Suggester, "__init__", counting_init)
    nodes = "".join(f"  - id: s{i}\n    label: S{i}\n" for i in range(300))
    edges = "".join(f"  - from: s{i}\n    to: s{i}x\n" for i in range(50))
    with pytest.raises(FormatError) as info:
        loads(f"mesadiagram: 1\nnodes:\n{nodes}edges:\n{edges}")
    assert len(info.value.problems) == 50
    assert built == [300]
    assert str(info.value.problems[0]).endswith("no node with id 's0x' (did you mean 's0'?)")


def test_checker_rebuilds_when_the_names_grow() -> None:
    c = Checker("f")
    names = {"alpha"}
    assert c.suggest("alpah", names) == " (did you mean 'alpha'?)"
    names.add("gamma")
    assert c.suggest("gamm", names) == " (did you mean 'gamma'?)"
