"""Reading the model format: bytes -> guarded YAML -> version check and migration -> Document."""

from __future__ import annotations

from pathlib import Path

from mesadiagram import gc_pause
from mesadiagram.formats import migrations, safe_yaml
from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.groups_file import read_boxes, read_groups
from mesadiagram.formats.input_file import read_model_bytes
from mesadiagram.formats.presentation_file import read_presentation
from mesadiagram.formats.safe_yaml import MarkedMap
from mesadiagram.formats.scenarios_file import read_probability, read_scenarios
from mesadiagram.formats.schema import Checker, check_position, point, raise_if_any
from mesadiagram.formats.terminal import shorten, shown
from mesadiagram.formats.vocabulary_file import (
    read_annotation_types,
    read_link_type_of,
    read_link_types,
    read_stage_class_of,
    read_stage_classes,
)
from mesadiagram.model import (
    BUILTIN_LINK_TYPES,
    BUILTIN_STAGE_CLASSES,
    BUILTIN_TYPES,
    Annotation,
    Document,
    Edge,
    Item,
    Node,
)
from mesadiagram.model.elements import default_link_id
from mesadiagram.model.ids import annotation_slug, numbered

DOCUMENT_KEYS = (
    "mesadiagram",
    "title",
    "description",
    "refs",
    "types",
    "link_types",
    "stage_classes",
    "nodes",
    "edges",
    "groups",
    "boxes",
    "presentation",
    "scenarios",
)
NODE_KEYS = (
    "id",
    "label",
    "class",
    "text",
    "position",
    "probability",
    "outcome",
    "pinned",
    "refs",
    "annotations",
)
EDGE_KEYS = (
    "id",
    "from",
    "to",
    "type",
    "label",
    "text",
    "probability",
    "route",
    "refs",
    "annotations",
)
ANNOTATION_KEYS = ("id", "type", "label", "text", "effect", "items", "refs")
ITEM_KEYS = ("label", "text")


def load_path(path: str | Path) -> Document:
    """Read a model file; raises FormatError (with positions) or OSError.

    Only a regular file is read (a FIFO or device raises NotRegularFileError at once),
    and never more than the size limit.
    """
    return loads(read_model_bytes(path), str(path))


def loads(raw: bytes | str, filename: str = "<text>") -> Document:
    """Read a model from bytes or text."""
    # Reading makes hundreds of thousands of small objects and frees none of them as
    # cycles: the cyclic collector would walk them all again and again (a quarter to a
    # third of the time on a 5,000-stage model). Pause it while reading.
    with gc_pause.paused():
        return _loads(raw, filename)


def _loads(raw: bytes | str, filename: str) -> Document:
    text = safe_yaml.decode(raw, filename)
    data = safe_yaml.parse(text, filename)
    checker = Checker(filename)
    top = checker.mapping(data, getattr(data, "mark", (1, 1)), "")
    raise_if_any(checker)
    assert top is not None
    _check_version(top, filename)
    top = _migrate(top, filename)
    doc = _read_document(top, checker)
    raise_if_any(checker)
    return doc


def _check_version(top: MarkedMap, filename: str) -> None:
    def fail(message: str) -> FormatError:
        line, col = top.value_mark("mesadiagram") if "mesadiagram" in top else top.mark
        return FormatError([Problem(filename, line, col, "mesadiagram", message)])

    current = migrations.CURRENT_VERSION
    if "mesadiagram" not in top:
        raise fail(f"missing 'mesadiagram: {current}' (the format version) at the top of the file")
    version = top["mesadiagram"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail(f"the format version must be a whole number, found {shown(version)}")
    # As written, cut short: str() of an integer of 4,300 digits or more raises.
    written = shorten(top.source_text("mesadiagram") or shown(version), 40)
    if version > current:
        raise fail(
            f"written by format {written}; this version reads {current}. "
            "Update mesadiagram to open it"
        )
    if version < 1 or not migrations.can_migrate(version):
        raise fail(f"unknown format version {written}")


def _migrate(top: MarkedMap, filename: str) -> MarkedMap:
    """Upgrade an older file on its plain data, before validation."""
    version = top["mesadiagram"]
    if version == migrations.CURRENT_VERSION:
        return top
    try:
        upgraded = migrations.migrate(top, version)
    except Exception as err:  # a step met data it did not expect: report, never a traceback
        line, col = top.value_mark("mesadiagram")
        message = f"cannot upgrade from format {version}: {err}"
        raise FormatError([Problem(filename, line, col, "mesadiagram", message)]) from None
    adopted = safe_yaml.adopt(upgraded, top.mark)
    if not isinstance(adopted, MarkedMap):
        line, col = top.mark
        message = f"upgrading from format {version} gave no mapping"
        raise FormatError([Problem(filename, line, col, "mesadiagram", message)])
    return adopted


def _read_document(top: MarkedMap, c: Checker) -> Document:
    c.keys(top, "", DOCUMENT_KEYS, required=("mesadiagram",))
    doc = Document(c.text(top, "title", "") or "", c.text(top, "description", "") or "")
    doc.refs = c.text_list(top, "refs", "")
    doc.types = read_annotation_types(top, c)
    known_types = set(BUILTIN_TYPES) | set(doc.types)
    doc.link_types, doc.stage_classes = read_link_types(top, c), read_stage_classes(top, c)
    link_types = {*BUILTIN_LINK_TYPES, *doc.link_types}
    stage_classes = {*BUILTIN_STAGE_CLASSES, *doc.stage_classes}

    first_line: dict[str, int] = {}
    broken: set[str] = set()
    stages: list[Node] = []
    ann_ids: dict[str, int] = {}  # annotation ids given in the file -> their line
    nodes = c.items(top, "nodes", "")
    for i, raw in enumerate(nodes):
        path = f"nodes[{i}]"
        data = c.mapping(raw, nodes.item_mark(i), path)
        if data is None:
            continue
        stage_class = read_stage_class_of(data, path, c, stage_classes)
        node = _read_node(data, path, c, known_types, ann_ids)
        if node is None:
            # A stage with a problem still exists: links to it are not "to no node".
            broken.add(data.source_text("id") or str(data.get("id")))
            continue
        if node.id in first_line:
            c.report(
                data.value_mark("id"),
                f"{path}.id",
                f"duplicate id {node.id!r} (first at line {first_line[node.id]})",
            )
            continue
        first_line[node.id] = data.value_mark("id")[0]
        node.stage_class = stage_class
        stages.append(node)

    links: list[Edge] = []
    link_lines = dict(first_line)  # stages and links share one namespace of ids
    edges = c.items(top, "edges", "")
    for i, raw in enumerate(edges):
        path = f"edges[{i}]"
        data = c.mapping(raw, edges.item_mark(i), path)
        if data is None:
            continue
        link_type = read_link_type_of(data, path, c, link_types)
        edge = _read_edge(data, path, c, known_types, (first_line, broken), ann_ids)
        if edge is None:
            continue
        edge.type = link_type
        if edge.id:
            if edge.id in link_lines:
                c.report(
                    data.value_mark("id"),
                    f"{path}.id",
                    f"duplicate id {edge.id!r} (first at line {link_lines[edge.id]})",
                )
                continue
            link_lines[edge.id] = data.value_mark("id")[0]
        links.append(edge)
    # Groups and text boxes share the ids of stages and links (``link_lines``).
    groups = read_groups(top, c, (first_line, broken), link_lines)
    boxes = read_boxes(top, c, link_lines)
    # Stages join the document only now: inserting one gives its annotations without an id
    # a fresh one, which must not take an id the file gives further down.
    _give_ids(stages, links, set(link_lines), set(ann_ids))
    for node in stages:
        doc.insert_node(node)
    for edge in links:
        doc.insert_edge(edge)
    for group in groups:
        doc.insert_group(group)
    for box in boxes:
        doc.insert_box(box)
    doc.presentation = read_presentation(top, c, doc)  # (its ids are checked against doc)
    doc.set_scenarios(read_scenarios(top, c, doc))  # (and theirs)
    return doc


def _give_ids(stages: list[Node], links: list[Edge], taken: set[str], ann_taken: set[str]) -> None:
    """Ids for links and annotations the file gives none, after every id it does give is
    known (so an id written further down is never handed to another element). The same
    file always gives the same ids: ``from->to`` for links, the label's slug for
    annotations, numbered when taken, in file order."""
    for edge in links:
        if not edge.id:
            edge.id = numbered(default_link_id(edge.source, edge.target), taken)
            taken.add(edge.id)
    owners = [*stages, *links]
    for owner in owners:
        for ann in owner.annotations:
            if not ann.id:
                ann.id = numbered(annotation_slug(ann.label, ann.type), ann_taken)
                ann_taken.add(ann.id)


def _read_route(data: MarkedMap, path: str, c: Checker) -> list[tuple[float, float]]:
    value = data.get("route")
    if value is None:
        return []
    points = [point(p) for p in value] if isinstance(value, list) else [None]
    if any(p is None for p in points):
        c.report(
            data.value_mark("route"),
            f"{path}.route",
            "expected a list of [x, y] points, each two numbers from -1e9 to 1e9",
        )
        return []
    return points  # type: ignore[return-value]


def _read_node(
    data: MarkedMap, path: str, c: Checker, known_types: set[str], ann_ids: dict[str, int]
) -> Node | None:
    c.keys(data, path, NODE_KEYS, required=("id", "label"))
    node_id = c.text(data, "id", path, required=True, single_line=True)
    label = c.text(data, "label", path, required=True)
    node = Node(
        id=node_id or "",
        label=label or "",
        text=c.text(data, "text", path) or "",
        position=check_position(c, data, path),
        probability=read_probability(c, data, "probability", path),
        outcome=c.flag(data, "outcome", path),
        pinned=c.flag(data, "pinned", path),
        refs=c.text_list(data, "refs", path),
        annotations=_read_annotations(data, path, c, known_types, ann_ids),
    )
    return node if node_id and label is not None else None


def _read_edge(
    data: MarkedMap,
    path: str,
    c: Checker,
    known_types: set[str],
    stages: tuple[dict[str, int], set[str]],
    ann_ids: dict[str, int],
) -> Edge | None:
    """A link; ``stages`` holds the ids read (with their lines) and those of broken stages."""
    node_ids, broken = stages
    c.keys(data, path, EDGE_KEYS, required=("from", "to"))
    ends = []
    for key in ("from", "to"):
        value = c.text(data, key, path, required=True)
        if value in broken and value not in node_ids:
            value = None  # its stage has a problem of its own, reported already
        elif value is not None and value not in node_ids:
            c.report(
                data.value_mark(key),
                f"{path}.{key}",
                f"no node with id {value!r}{c.suggest(value, node_ids)}",
            )
            value = None
        ends.append(value)
    source, target = ends
    if source is not None and source == target:
        c.report(data.value_mark("to"), f"{path}.to", "a link cannot lead from a stage to itself")
        source = None
    edge = Edge(
        id=c.text(data, "id", path, required=True, single_line=True) or "",
        source=source or "",
        target=target or "",
        label=c.text(data, "label", path) or "",
        text=c.text(data, "text", path) or "",
        probability=read_probability(c, data, "probability", path),
        route=_read_route(data, path, c),
        refs=c.text_list(data, "refs", path),
        annotations=_read_annotations(data, path, c, known_types, ann_ids),
    )
    return edge if source and target else None


def _read_annotations(
    owner: MarkedMap,
    owner_path: str,
    c: Checker,
    known_types: set[str],
    ann_ids: dict[str, int],
) -> list[Annotation]:
    """An element's annotations; ``ann_ids`` collects the ids given (unique in the file)."""
    out = []
    entries = c.items(owner, "annotations", owner_path)
    for i, raw in enumerate(entries):
        path = f"{owner_path}.annotations[{i}]"
        data = c.mapping(raw, entries.item_mark(i), path)
        if data is None:
            continue
        c.keys(data, path, ANNOTATION_KEYS, required=("type",))
        type_name = c.text(data, "type", path, required=True)
        if type_name is not None and type_name not in known_types:
            c.report(
                data.value_mark("type"),
                f"{path}.type",
                f"unknown annotation type {type_name!r}{c.suggest(type_name, known_types)}"
                " (declare it under 'types:')",
            )
            type_name = None
        effect = c.fraction(data, "effect", path)
        if "effect" in data and type_name not in (None, "intervention"):
            c.report(data.key_mark("effect"), f"{path}.effect", "only interventions have an effect")
        ann_id = c.text(data, "id", path, required=True, single_line=True) or ""
        if ann_id in ann_ids:
            first = ann_ids[ann_id]
            message = f"duplicate annotation id {ann_id!r} (first at line {first})"
            c.report(data.value_mark("id"), f"{path}.id", message)
            ann_id = ""
        elif ann_id:
            ann_ids[ann_id] = data.value_mark("id")[0]
        if type_name is None:
            continue
        out.append(
            Annotation(
                id=ann_id,
                type=type_name,
                label=c.text(data, "label", path) or "",
                text=c.text(data, "text", path) or "",
                items=_read_items(data, path, c),
                effect=effect,
                refs=c.text_list(data, "refs", path),
            )
        )
    return out


def _read_items(data: MarkedMap, owner_path: str, c: Checker) -> list[Item]:
    out = []
    entries = c.items(data, "items", owner_path)
    for i, raw in enumerate(entries):
        path = f"{owner_path}.items[{i}]"
        text = raw if isinstance(raw, str) else entries.source_text(i)  # `- 2030` is text
        if text is not None:
            out.append(Item(text))
            continue
        entry = c.mapping(raw, entries.item_mark(i), path)
        if entry is None:
            continue
        c.keys(entry, path, ITEM_KEYS, required=("label",))
        label = c.text(entry, "label", path)
        if label is not None:
            out.append(Item(label, c.text(entry, "text", path) or ""))
    return out
