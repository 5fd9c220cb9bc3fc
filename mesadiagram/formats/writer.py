"""The canonical writer of the current format (see migrations.CURRENT_VERSION).

Fixed key order, block style, two-space indents, no anchors, Unicode as is, integer
coordinates, defaults left out. Saving a loaded canonical file gives the same bytes, and a
one-field change is a one-line diff. It writes YAML text itself (rather than through
PyYAML's emitter) so that the layout is the same with and without libyaml.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

import yaml

from mesadiagram.formats.migrations import CURRENT_VERSION
from mesadiagram.formats.scenarios_file import probability_text, write_scenarios
from mesadiagram.model import (
    DEFAULT_LINK_TYPE,
    DEFAULT_STAGE_CLASS,
    HEADS,
    LINE_STYLES,
    SHAPES,
    Annotation,
    Document,
    Edge,
    Group,
    Item,
    Node,
    TextBox,
    default_link_id,
)
from mesadiagram.model.presentation import Presentation, pruned

# Characters YAML lets us write unescaped (its "printable" set, minus the line breaks
# U+0085, U+2028, U+2029 and the BOM, which readers treat specially).
_UNSAFE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_PLAIN_FIRST = re.compile(r"[\w(/.$^~+=<\\]", re.UNICODE)
_INDICATOR_START = set("-?:,[]{}#&*!|>'\"%@`")
_STR_TAG = "tag:yaml.org,2002:str"
_YAML12_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|0o[0-7]+$")


@functools.lru_cache(maxsize=4096)
def _resolves_to_str(value: str) -> bool:
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or _UNSAFE.search(value):
        return False
    if "\n" in value or "\t" in value or ": " in value or " #" in value or value.endswith(":"):
        return False
    if value[0] in _INDICATOR_START and not (
        value[0] == "-" and len(value) > 1 and value[1] != " " and value[1] != "-"
    ):
        return False
    if value.startswith(("---", "...")):
        return False
    if _YAML12_NUMBER.match(value):
        return False  # "1e-3" is text to PyYAML (YAML 1.1) but a number to YAML 1.2 tools
    return _resolves_to_str(value)


def _double_quoted(value: str) -> str:
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\0":
            out.append("\\0")
        elif _UNSAFE.match(ch) or ch == "\x7f":
            if code <= 0xFF:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def scalar(value: str, indent: int) -> str:
    """The YAML for a string value placed after ``key: `` at ``indent`` spaces."""
    if _plain_ok(value):
        return value
    lines = value.split("\n")
    literal_ok = (
        len(lines) > 1
        and not _UNSAFE.search(value)
        and "\t" not in value
        and all(line == line.rstrip(" ") for line in lines)
        and not value.lstrip("\n").startswith(" ")  # its indent would be taken for the block's
        and not value.endswith("\n\n")
        and (not value.endswith("\n") or len(value) > 1)
        and "\r" not in value
    )
    if literal_ok:
        chomp = "" if value.endswith("\n") else "-"
        body = value[:-1] if value.endswith("\n") else value
        pad = " " * (indent + 2)
        text = "\n".join(pad + line if line else "" for line in body.split("\n"))
        return f"|{chomp}\n{text}"
    return _double_quoted(value)


def _number(value: float) -> str:
    """The shortest text that reads back as exactly ``value``, a float to YAML 1.1 too.

    YAML 1.1 (PyYAML) reads ``1e-05`` as a string; it needs a dot and a signed exponent,
    ``1.0e-05``.
    """
    value = float(value) + 0.0  # -0.0 + 0.0 is 0.0: never write "-0.0"
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{value:.1f}"
    text = repr(value)
    if "e" in text and math.isfinite(value):
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        if exponent[0] not in "+-":
            exponent = "+" + exponent
        text = f"{mantissa}e{exponent}"
    return text


def _coordinate(value: float) -> str:
    return str(round(value))


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def field(self, indent: int, key: str, value: str, first_in_item: bool = False) -> None:
        prefix = " " * (indent - 2) + "- " if first_in_item else " " * indent
        self.lines.append(f"{prefix}{key}: {scalar(value, indent)}")

    def raw(self, indent: int, key: str, text: str, first_in_item: bool = False) -> None:
        prefix = " " * (indent - 2) + "- " if first_in_item else " " * indent
        self.lines.append(f"{prefix}{key}:{' ' + text if text else ''}")

    def text_list(self, indent: int, key: str, values: list[str]) -> None:
        if values:
            self.raw(indent, key, "")
            for v in values:
                self.lines.append(f"{' ' * (indent + 2)}- {scalar(v, indent + 4)}")


STEP = 64  # elements written between two calls of ``between_steps``


def dumps(doc: Document, between_steps: Callable[[], object] | None = None) -> str:
    """The canonical text of ``doc``. ``between_steps``, if given, is called after every
    ``STEP`` stages or links: a background writer lets the GUI thread go first there."""
    out = _Lines()
    step = _stepper(between_steps)
    out.lines.append(f"mesadiagram: {CURRENT_VERSION}")
    if doc.title:
        out.field(0, "title", doc.title)
    if doc.description:
        out.field(0, "description", doc.description)
    out.text_list(0, "refs", doc.refs)
    if doc.types:
        out.lines.append("")
        out.raw(0, "types", "")
        for t in doc.types.values():
            out.field(4, "name", t.name, first_in_item=True)
            out.field(4, "plural", t.plural)
            out.field(4, "color", t.color)
            out.field(4, "icon", t.icon)
    _write_vocabulary(out, doc)
    if doc.nodes:
        out.lines.append("")
        out.raw(0, "nodes", "")
        for node in doc.nodes:
            _write_node(out, node)
            step()
    if doc.edges:
        out.lines.append("")
        out.raw(0, "edges", "")
        for edge in doc.edges:
            _write_edge(out, edge)
            step()
    if doc.groups:
        out.lines.append("")
        out.raw(0, "groups", "")
        for group in doc.groups:
            _write_group(out, group)
    if doc.boxes:
        out.lines.append("")
        out.raw(0, "boxes", "")
        for box in doc.boxes:
            _write_box(out, box)
    _write_presentation(out, pruned(doc.presentation, doc))
    write_scenarios(out, doc)
    return "\n".join(out.lines) + "\n"


def _stepper(between_steps: Callable[[], object] | None) -> Callable[[], None]:
    """A function to call after each element: calls ``between_steps`` every ``STEP``."""
    if between_steps is None:
        return lambda: None
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if count % STEP == 0:
            between_steps()

    return step


def _write_vocabulary(out: _Lines, doc: Document) -> None:
    """Declared link types and stage classes, each field that is not its default on a
    line of its own (a label equal to the name is left out too)."""
    if doc.link_types:
        out.lines.append("")
        out.raw(0, "link_types", "")
        for t in doc.link_types.values():
            out.field(4, "name", t.name, first_in_item=True)
            if t.label != t.name:
                out.field(4, "label", t.label)
            if t.line != LINE_STYLES[0]:
                out.field(4, "line", t.line)
            if t.color is not None:
                out.field(4, "color", t.color)
            if t.head != HEADS[0]:
                out.field(4, "head", t.head)
            if not t.carries_risk:
                out.raw(4, "carries_risk", "false")
    if doc.stage_classes:
        out.lines.append("")
        out.raw(0, "stage_classes", "")
        for k in doc.stage_classes.values():
            out.field(4, "name", k.name, first_in_item=True)
            if k.label != k.name:
                out.field(4, "label", k.label)
            if k.shape != SHAPES[0]:
                out.field(4, "shape", k.shape)
            if k.color is not None:
                out.field(4, "color", k.color)


def _write_node(out: _Lines, node: Node) -> None:
    out.field(4, "id", node.id, first_in_item=True)
    out.field(4, "label", node.label)
    if node.stage_class != DEFAULT_STAGE_CLASS:
        out.field(4, "class", node.stage_class)
    if node.text:
        out.field(4, "text", node.text)
    if node.position is not None:
        x, y = node.position
        out.raw(4, "position", f"[{_coordinate(x)}, {_coordinate(y)}]")
    if node.probability is not None:
        out.raw(4, "probability", probability_text(node.probability, _number))
    if node.outcome:
        out.raw(4, "outcome", "true")
    if node.pinned:
        out.raw(4, "pinned", "true")
    out.text_list(4, "refs", node.refs)
    _write_annotations(out, node.annotations)


def _write_edge(out: _Lines, edge: Edge) -> None:
    # A link's id is written only when it is not the one the reader would give it
    # (``from->to``): a second link between the same stages, or one whose id was chosen.
    explicit = edge.id != default_link_id(edge.source, edge.target)
    if explicit:
        out.field(4, "id", edge.id, first_in_item=True)
    out.field(4, "from", edge.source, first_in_item=not explicit)
    out.field(4, "to", edge.target)
    if edge.type != DEFAULT_LINK_TYPE:
        out.field(4, "type", edge.type)
    if edge.label:
        out.field(4, "label", edge.label)
    if edge.text:
        out.field(4, "text", edge.text)
    if edge.probability is not None:
        out.raw(4, "probability", probability_text(edge.probability, _number))
    if edge.route:
        points = ", ".join(f"[{_coordinate(x)}, {_coordinate(y)}]" for x, y in edge.route)
        out.raw(4, "route", f"[{points}]")
    out.text_list(4, "refs", edge.refs)
    _write_annotations(out, edge.annotations)


def _write_group(out: _Lines, group: Group) -> None:
    out.field(4, "id", group.id, first_in_item=True)
    if group.label:
        out.field(4, "label", group.label)
    if group.color is not None:
        out.field(4, "color", group.color)
    out.text_list(4, "stages", group.stages)  # one stage a line: adding one is one line


def _write_box(out: _Lines, box: TextBox) -> None:
    out.field(4, "id", box.id, first_in_item=True)
    out.field(4, "text", box.text)
    x, y = box.position
    out.raw(4, "position", f"[{_coordinate(x)}, {_coordinate(y)}]")
    if box.width is not None:
        out.raw(4, "width", _coordinate(box.width))


def _write_annotations(out: _Lines, annotations: list[Annotation]) -> None:
    if not annotations:
        return
    out.raw(4, "annotations", "")
    for ann in annotations:
        # Always written: an annotation's id outlives renames, so it cannot be derived
        # from the label, and a rename must stay a one-line change.
        if ann.id:
            out.field(8, "id", ann.id, first_in_item=True)
        out.field(8, "type", ann.type, first_in_item=not ann.id)
        if ann.label:
            out.field(8, "label", ann.label)
        if ann.text:
            out.field(8, "text", ann.text)
        if ann.effect is not None:
            out.raw(8, "effect", _number(ann.effect))
        if ann.items:
            out.raw(8, "items", "")
            for item in ann.items:
                _write_item(out, item)
        out.text_list(8, "refs", ann.refs)


def _write_item(out: _Lines, item: Item) -> None:
    if item.text:
        out.field(12, "label", item.label, first_in_item=True)
        out.field(12, "text", item.text)
    else:
        out.lines.append(f"{' ' * 10}- {scalar(item.label, 12)}")


def _write_presentation(out: _Lines, presentation: Presentation) -> None:
    """Options that are not the default, and the steps only when the author changed
    the generated order (ids the document no longer has are left out: ``pruned``)."""
    default = Presentation()
    options = [
        name
        for name in ("annotations", "interventions", "summary", "theme")
        if getattr(presentation, name) != getattr(default, name)
    ]
    if not options and not presentation.steps:
        return
    out.lines.append("")
    out.raw(0, "presentation", "")
    for name in options:
        out.field(2, name, getattr(presentation, name))
    if not presentation.steps:
        return
    out.raw(2, "steps", "")
    for step in presentation.steps:
        first = True
        for key, ids in (("stages", step.stages), ("annotations", step.annotations)):
            if ids:
                out.raw(6, key, "", first_in_item=first)
                first = False
                for ident in ids:
                    out.lines.append(f"{' ' * 8}- {scalar(ident, 10)}")
        if step.summary:
            out.raw(6, "summary", "true", first_in_item=first)
            first = False
        if step.skip:
            out.raw(6, "skip", "true")
