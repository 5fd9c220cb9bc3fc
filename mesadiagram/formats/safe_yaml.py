"""A guarded YAML reader: plain data with the position of every key and value.

It reads the event stream itself so that it can refuse what a threat model never needs and
an attacker could use: anchors and aliases (alias bombs), non-standard tags (``!!python/``),
deep nesting, huge files. Keys and values keep their ``(line, column)``, counted from 1, so
that validation can point at the exact place of a problem.
"""

from __future__ import annotations

from typing import Any

import yaml

from mesadiagram.formats.errors import FormatError, Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 100

try:  # libyaml is several times faster; fall back to the pure-Python parser.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Mark = tuple[int, int]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null")
}


class MarkedMap(dict):
    """A mapping that knows where it, its keys and its values are in the file."""

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}

    def value_mark(self, key: Any) -> Mark:
        return self.value_marks.get(key, self.mark)

    def key_mark(self, key: Any) -> Mark:
        return self.key_marks.get(key, self.mark)


class MarkedList(list):
    """A sequence that knows where it and each of its items are in the file."""

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_marks: list[Mark] = []

    def item_mark(self, index: int) -> Mark:
        return self.item_marks[index] if index < len(self.item_marks) else self.mark


def _line_col(raw: bytes | str, offset: int) -> Mark:
    line = raw.count(b"\n" if isinstance(raw, bytes) else "\n", 0, offset) + 1
    nl = raw.rfind(b"\n" if isinstance(raw, bytes) else "\n", 0, offset)
    return line, offset - nl


def decode(raw: bytes, filename: str) -> str:
    """Check size, NUL bytes and encoding; return the text without a BOM."""
    if len(raw) > MAX_BYTES:
        size = len(raw) / 1024 / 1024
        raise FormatError(
            [Problem(filename, 1, 1, "", f"file is {size:.1f} MB; the limit is 20 MB")]
        )
    nul = raw.find(b"\0")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        raise FormatError([Problem(filename, line, col, "", "NUL byte: this is not a text file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(raw, err.start)
        byte = raw[err.start]
        raise FormatError(
            [
                Problem(
                    filename,
                    line,
                    col,
                    "",
                    f"not UTF-8 (byte 0x{byte:02x}); save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _mark_of(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


def parse(text: str, filename: str) -> Any:
    """Parse one YAML document into MarkedMap/MarkedList/scalars, or raise FormatError."""
    resolver = yaml.resolver.Resolver()
    constructors = yaml.constructor.SafeConstructor.yaml_constructors
    constructor = yaml.constructor.SafeConstructor()

    def fail(mark: Mark, message: str) -> FormatError:
        return FormatError([Problem(filename, mark[0], mark[1], "", message)])

    root: Any = None
    documents = 0
    # Each open container: [container, pending key or None, key mark]
    stack: list[list[Any]] = []

    def attach(value: Any, mark: Mark) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, MarkedList):
            container.append(value)
            container.item_marks.append(mark)
        elif frame[1] is _NO_KEY:
            try:
                hash(value)
            except TypeError:
                raise fail(mark, "a key must be plain text, not a list or mapping") from None
            if value in container:
                first = container.key_marks[value]
                raise fail(mark, f"duplicate key {value!r} (first at line {first[0]})")
            frame[1], frame[2] = value, mark
        else:
            key = frame[1]
            container[key] = value
            container.key_marks[key] = frame[2]
            container.value_marks[key] = mark
            frame[1] = _NO_KEY

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise fail(_mark_of(event), "aliases (*name) are not allowed; write the value out")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise fail(
                    _mark_of(event), f"anchors (&{anchor}) are not allowed; write the value out"
                )
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in _STANDARD_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise fail(_mark_of(event), f"tag {shown} is not allowed in a mesadiagram file")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        _mark_of(event), "more than one YAML document; a file holds one model"
                    )
            elif isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                if tag not in _ALLOWED_SCALAR_TAGS:
                    # Timestamps and the like: keep the text; validation reports the type.
                    tag = "tag:yaml.org,2002:str"
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                try:
                    value = constructors[tag](constructor, node)
                except (ValueError, yaml.YAMLError):
                    value = event.value
                attach(value, _mark_of(event))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise fail(_mark_of(event), f"nested deeper than {MAX_DEPTH} levels")
                container: MarkedMap | MarkedList = (
                    MarkedMap() if isinstance(event, yaml.MappingStartEvent) else MarkedList()
                )
                container.mark = _mark_of(event)
                stack.append([container, _NO_KEY, None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container = stack.pop()[0]
                attach(container, container.mark)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            message = f"{err.problem} ({err.context})"
        raise FormatError([Problem(filename, line, col, "", f"YAML syntax: {message}")]) from None
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        raise FormatError(
            [
                Problem(
                    filename,
                    line,
                    col,
                    "",
                    f"character U+{err.character:04X} is not allowed in YAML",
                )
            ]
        ) from None
    except yaml.YAMLError as err:
        raise FormatError([Problem(filename, 1, 1, "", f"YAML: {err}")]) from None
    if documents == 0 or root is None:
        raise FormatError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    "",
                    "empty file: expected a mapping starting with 'mesadiagram: 1'",
                )
            ]
        )
    return root


class _NoKey:
    __slots__ = ()


_NO_KEY: Any = _NoKey()
