"""docs/analysis.md matches the code: its worked examples are run and their output compared,
and its table of warnings lists exactly the warnings the analysis gives.

In the page, a fenced ``yaml`` block after "Saved as `NAME`" is a file; a fenced block
whose first line is ``$ mesadiagram ...`` is a command and its output, where a line
``...`` stands for any number of lines left out.
"""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import pytest

from mesadiagram.analysis import cut_sets
from mesadiagram.analysis.report import analyse
from mesadiagram.cli import main
from mesadiagram.model import Annotation, Document, Edge, Node

PAGE = Path(__file__).resolve().parent.parent / "docs" / "analysis.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def saved_files() -> dict[str, str]:
    files = {}
    for match in FENCE.finditer(_page()):
        if match.group(1) == "yaml":
            before = _page()[max(0, match.start() - 400) : match.start()]
            names = re.findall(r"Saved as\s+`([^`]+)`", before)
            if names:
                files[names[-1]] = match.group(2)
    return files


def commands() -> list[tuple[str, str]]:
    out = []
    for match in FENCE.finditer(_page()):
        first, _, rest = match.group(2).partition("\n")
        if first.startswith("$ mesadiagram "):
            out.append((first[2:], rest))
    return out


def matches(expected: str, actual: str) -> bool:
    """``actual`` is ``expected``, where a line ``...`` stands for any lines."""
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n"
        for line in expected.splitlines()
    )
    return re.fullmatch(pattern, actual) is not None


def test_the_page_has_worked_examples() -> None:
    assert {"two_routes.yaml", "complete.yaml"} <= set(saved_files())
    assert len(commands()) >= 4


@pytest.mark.parametrize("command, expected", commands(), ids=[c for c, _ in commands()])
def test_each_worked_example_prints_what_the_page_shows(
    command: str, expected: str, tmp_path, monkeypatch, capsys
) -> None:
    for name, text in saved_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)
    assert argv[0] == "mesadiagram"
    assert main(argv[1:]) == 0
    out = capsys.readouterr().out
    assert matches(expected, out), f"{command}:\n{out}"


def test_the_ellipsis_matcher_can_fail() -> None:
    assert matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert matches("a\n...\nb\n", "a\nb\n")
    assert not matches("a\n...\nd\n", "a\nb\nc\n")
    assert not matches("a\nb\n", "a\nb\nc\n")


# --- The table of warnings -----------------------------------------------------------


def templates() -> list[re.Pattern[str]]:
    """The CLI wordings in the first column of the page's table of warnings: each
    backticked text, with CAPITALS (ID, FROM, LABEL, N...) and ``...``/``…`` as gaps. A
    text that starts with ``…`` is an ending the row's first text can take instead;
    ``[label or id]`` describes a name, not a wording."""
    section = _page().split("## Warnings", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")][1:]  # (header)
    gap = r"(?:\.\.\.|…|\b(?:[A-Z]{2,}|N)\b)"
    out = []
    for row in rows:
        texts = re.findall(r"`([^`]+)`", row.split(" | ")[0])
        for text in texts:
            if text.startswith("["):
                continue
            if text.startswith("… "):
                text = texts[0] + text[1:]
            parts = re.split(gap, text)
            out.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return out


def _chain(n: int, probability: float | None = 0.5) -> Document:
    doc = Document("chain")
    for i in range(n + 1):
        doc.insert_node(Node(f"c{i}", f"C{i}"))
    for i in range(n):
        doc.insert_edge(Edge(f"c{i}", f"c{i + 1}", probability=probability))
    return doc


def models_giving_every_warning() -> list[Document]:
    cyclic = _chain(3)
    cyclic.insert_edge(Edge("c2", "c1"))  # a cycle, and a second link without probability
    cyclic.edges[1].probability = None
    cyclic.insert_node(Node("loose", "Loose"))
    cyclic.insert_node(Node("p", "P"))
    cyclic.insert_node(Node("q", "Q", probability=0.4))  # a prior where it is not used
    cyclic.insert_node(Node("r", "R", probability=0.4))
    cyclic.insert_edge(Edge("p", "q", annotations=[Annotation("intervention", "noop")]))
    cyclic.insert_edge(Edge("q", "r"))
    cyclic.insert_edge(Edge("r", "p"))
    one_prior = _chain(2)
    one_prior.node("c1").probability = 0.3
    one_missing = _chain(2)
    one_missing.edges[0].probability = None
    no_outcome = Document("no outcome")
    for n in ("a", "b"):
        no_outcome.insert_node(Node(n, n))
    no_outcome.insert_edge(Edge("a", "b"))
    no_outcome.insert_edge(Edge("b", "a"))
    many_paths = Document("many paths")
    many_paths.insert_node(Node("s", "s"))
    previous = ["s"]
    for i in range(11):
        for n in (f"a{i}", f"b{i}"):
            many_paths.insert_node(Node(n, n))
            for p in previous:
                many_paths.insert_edge(Edge(p, n))
        previous = [f"a{i}", f"b{i}"]
    sampled = Document("sampled")
    for i in range(8):
        sampled.insert_node(Node(f"s{i}", f"S{i}"))
    for i, j in itertools.combinations(range(8), 2):
        sampled.insert_edge(Edge(f"s{i}", f"s{j}", probability=0.3))
    return [cyclic, one_prior, one_missing, no_outcome, many_paths, sampled, _chain(201)]


def cut_budget_warnings(monkeypatch) -> list[str]:
    """The cut set search stopped among the pairs, and among the triples."""
    texts = []
    doc = Document("routes")
    doc.insert_node(Node("r", "r"))
    doc.insert_node(Node("o", "o"))
    for route in "abc":
        chain = ["r", *(f"{route}{i}" for i in range(4)), "o"]
        for n in chain[1:-1]:
            doc.insert_node(Node(n, n))
        for u, v in itertools.pairwise(chain):
            doc.insert_edge(Edge(u, v, annotations=[Annotation("intervention", "x")]))
    flow = len(doc.edges) + 2
    for checks in (3, 1 + 15 + 3):
        monkeypatch.setattr(cut_sets, "WORK_BUDGET", checks * flow)
        texts += [w.text for w in analyse(doc, sensitivity=False).warnings]
    return texts


def test_the_table_lists_exactly_the_warnings_the_analysis_gives(monkeypatch) -> None:
    given = [w.text for doc in models_giving_every_warning() for w in analyse(doc).warnings]
    no_effect = _chain(1)
    no_effect.edges[0].annotations = [Annotation("intervention", "audit")]  # no effect
    given += [w.text for w in analyse(no_effect).warnings]
    given += cut_budget_warnings(monkeypatch)
    patterns = templates()
    unmatched = [t for t in given if not any(p.fullmatch(t) for p in patterns)]
    assert unmatched == []
    unused = [p.pattern for p in patterns if not any(p.fullmatch(t) for t in given)]
    assert unused == []
    assert not any("it needs exact risk" in t for t in given)
