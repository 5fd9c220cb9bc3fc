"""A guarded YAML reader: plain data with the position of every key and value.

It reads the event stream itself so that it can refuse what a threat model never needs and
an attacker could use: anchors and aliases (alias bombs), non-standard tags (``!!python/``),
deep nesting, huge files. Keys and values keep their ``(line, column)``, counted from 1, so
that validation can point at the exact place of a problem.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from mesadiagram.formats.errors import FormatError, Problem
from mesadiagram.formats.migrations import CURRENT_VERSION
from mesadiagram.formats.terminal import shown

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 100
# About 10,000 annotated stages (a 5,000-stage model is about 210,000). Past this,
# reading alone would take seconds; a model this size is better split, and a hostile
# file must get its answer in under 2 s.
MAX_EVENTS = 400_000

try:  # libyaml is several times faster; fall back to the pure-Python parser.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Mark = tuple[int, int]

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_NUMBER_TAGS = (_INT_TAG, _FLOAT_TAG)
_MAX_DIGITS = 4_000
HUGE = 10**_MAX_DIGITS
"""What a decimal integer too long to convert is read as (with its sign)."""
_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null")
}


class MarkedMap(dict):
    """A mapping that knows where it, its keys and its values are in the file.

    ``source_texts`` keeps the text as written of values that YAML read as something other
    than a string (``0.10``, ``1:30``, ``yes``), so a text field gets exactly what was written.
    """

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}
        self.source_texts: dict[Any, str] = {}

    def value_mark(self, key: Any) -> Mark:
        return self.value_marks.get(key, self.mark)

    def key_mark(self, key: Any) -> Mark:
        return self.key_marks.get(key, self.mark)

    def source_text(self, key: Any) -> str | None:
        """The value under ``key`` as written, for a scalar that is not a string."""
        return self.source_texts.get(key)


class MarkedList(list):
    """A sequence that knows where it and each of its items are in the file."""

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_marks: list[Mark] = []
        self.source_texts: dict[int, str] = {}

    def item_mark(self, index: int) -> Mark:
        return self.item_marks[index] if index < len(self.item_marks) else self.mark

    def source_text(self, index: int) -> str | None:
        return self.source_texts.get(index)


def adopt(value: Any, mark: Mark) -> Any:
    """``value`` with every plain dict and list made marked (at ``mark``), recursively.

    Migrations may build plain containers; validation then still knows where to point.
    """
    if isinstance(value, dict):
        out = value if isinstance(value, MarkedMap) else MarkedMap()
        if out is not value:
            out.mark = mark
        here = out.mark
        for key, item in list(value.items()):
            out[key] = adopt(item, out.value_marks.get(key, here))
        return out
    if isinstance(value, list):
        seq = value if isinstance(value, MarkedList) else MarkedList()
        if seq is not value:
            seq.mark = mark
        marks = seq.item_marks
        for i, item in enumerate(list(value)):
            adopted = adopt(item, marks[i] if i < len(marks) else seq.mark)
            if seq is value:
                seq[i] = adopted
            else:
                seq.append(adopted)
        return seq
    return value


def _line_col(raw: bytes | str, offset: int) -> Mark:
    line = raw.count(b"\n" if isinstance(raw, bytes) else "\n", 0, offset) + 1
    nl = raw.rfind(b"\n" if isinstance(raw, bytes) else "\n", 0, offset)
    return line, offset - nl


def too_big(filename: str) -> FormatError:
    limit = MAX_BYTES // (1024 * 1024)
    return FormatError(
        [Problem(filename, 1, 1, "", f"file is larger than {limit} MB, the limit for a model")]
    )


def decode(raw: bytes | str, filename: str) -> str:
    """Check size, NUL bytes and encoding; return the text without a BOM.

    Text given as ``str`` gets the same checks as bytes (its size counted in UTF-8), and
    lone surrogates, which no file can hold, are refused.
    """
    if isinstance(raw, str):
        return _check_text(raw, filename)
    if len(raw) > MAX_BYTES:
        raise too_big(filename)
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


def _check_text(text: str, filename: str) -> str:
    if len(text) > MAX_BYTES or (
        len(text) * 4 > MAX_BYTES and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES
    ):
        raise too_big(filename)
    nul = text.find("\0")
    if nul >= 0:
        line, col = _line_col(text, nul)
        raise FormatError([Problem(filename, line, col, "", "NUL byte: this is not a text file")])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        line, col = _line_col(text, err.start)
        code = ord(text[err.start])
        raise FormatError(
            [Problem(filename, line, col, "", f"lone surrogate U+{code:04X} is not text")]
        ) from None
    return text.removeprefix("\ufeff")


@functools.lru_cache(maxsize=8192)
def _resolve_plain(value: str) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR_TAG and _EXPONENT_FLOAT.match(value):
        return _FLOAT_TAG  # `1e-3`: a number in YAML 1.2 and to any reader, a string in 1.1
    return tag


@functools.lru_cache(maxsize=8192)
def _construct(tag: str, value: str) -> Any:
    """The int, float, bool or None that ``value`` stands for (the text itself if none).

    YAML 1.1 sexagesimal numbers (``1:30``, ``1:00:00.5``) stay text: PyYAML computes them
    with ever larger integers (quadratic time, and an OverflowError for a long float),
    and no field of the format wants a number in base 60. A decimal integer too long to
    convert (Python refuses more than 4,300 digits, and converting takes quadratic time)
    becomes ``±HUGE``: still a number, and out of range for every field that takes one.
    """
    if tag in _NUMBER_TAGS:
        if ":" in value:
            return value
        digits = value.replace("_", "").lstrip("+-")
        if tag == _INT_TAG and len(digits) > _MAX_DIGITS and not digits.startswith("0"):
            return -HUGE if value.startswith("-") else HUGE
    node = yaml.ScalarNode(tag, value)
    try:
        return _CONSTRUCTORS[tag](_CONSTRUCTOR, node)
    except Exception:  # `!!bool maybe`, `!!int` with no digits: not that type
        return value  # not a value of that tag: the text, which a number field refuses


def parse(text: str, filename: str) -> Any:
    """Parse one YAML document into MarkedMap/MarkedList/scalars, or raise FormatError."""
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    start_events = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def fail(mark: Mark, message: str) -> FormatError:
        return FormatError([Problem(filename, mark[0], mark[1], "", message)])

    root: Any = None
    documents = 0
    # Each open container: [container, pending key or _NO_KEY, key mark]
    stack: list[list[Any]] = []

    def attach(value: Any, mark: Mark, source: str | None = None) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is MarkedList:
            if source is not None:
                container.source_texts[len(container)] = source
            container.append(value)
            container.item_marks.append(mark)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (MarkedMap, MarkedList)):
                raise fail(mark, "a key must be plain text, not a list or mapping")
            if value in container:
                first = container.key_marks[value]
                raise fail(mark, f"duplicate key {shown(value)} (first at line {first[0]})")
            frame[1], frame[2] = value, mark
        else:
            key = frame[1]
            container[key] = value
            container.key_marks[key] = frame[2]
            container.value_marks[key] = mark
            if source is not None:
                container.source_texts[key] = source
            frame[1] = _NO_KEY

    loader = None
    try:
        loader = _Loader(text)  # the pure reader checks characters here already
        check_event, get_event = loader.check_event, loader.get_event
        events = 0
        while check_event():
            event = get_event()
            events += 1
            if events > MAX_EVENTS:
                raise fail(
                    _mark_of(event),
                    f"more than {MAX_EVENTS:,} YAML values; a model "
                    "this large should be split into several files",
                )
            cls = type(event)
            if cls is alias_event:
                raise fail(_mark_of(event), "aliases (*name) are not allowed; write the value out")
            if cls is scalar_event:
                if event.anchor is not None:
                    raise fail(_mark_of(event), _anchor_message(event.anchor))
                tag, value = event.tag, event.value
                if tag not in (None, "!") and tag not in _ALLOWED_SCALAR_TAGS:
                    raise fail(_mark_of(event), _tag_message(tag))
                if stack and stack[-1][1] is _NO_KEY and type(stack[-1][0]) is MarkedMap:
                    # A key is its text as written: `1:` or `yes:` is no number or
                    # boolean here (every key of the format is a word), and a message can
                    # always show it.
                    attach(value, _mark_of(event))
                    continue
                if tag is None or tag == "!":
                    if not event.implicit[0]:  # quoted: always a string
                        attach(value, _mark_of(event))
                        continue
                    tag = _resolve_plain(value)
                if tag == _STR_TAG or tag not in _ALLOWED_SCALAR_TAGS:
                    # Timestamps and the like: keep the text; validation reports the type.
                    attach(value, _mark_of(event))
                    continue
                constructed = _construct(tag, value)
                source = None if constructed is None or isinstance(constructed, str) else value
                attach(constructed, _mark_of(event), source)
            elif cls in start_events:
                if event.anchor is not None:
                    raise fail(_mark_of(event), _anchor_message(event.anchor))
                tag = event.tag
                if tag not in (None, "!") and tag not in _STANDARD_TAGS:
                    raise fail(_mark_of(event), _tag_message(tag))
                if len(stack) >= MAX_DEPTH:
                    raise fail(_mark_of(event), f"nested deeper than {MAX_DEPTH} levels")
                container: MarkedMap | MarkedList = (
                    MarkedMap() if cls is yaml.MappingStartEvent else MarkedList()
                )
                container.mark = _mark_of(event)
                stack.append([container, _NO_KEY, None])
            elif cls in end_events:
                container = stack.pop()[0]
                attach(container, container.mark)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(
                        _mark_of(event), "more than one YAML document; a file holds one model"
                    )
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = err.problem or err.context or "invalid YAML"
        if "maximum nesting depth" in message:  # libyaml's own limit (1000) came first
            raise fail((line, col), f"nested deeper than {MAX_DEPTH} levels") from None
        if err.context and err.problem:
            message = f"{err.problem} ({err.context})"
        raise fail((line, col), f"YAML syntax: {message}") from None
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        raise fail((line, col), f"character U+{err.character:04X} is not allowed in YAML") from None
    except yaml.YAMLError as err:
        raise fail((1, 1), f"YAML: {err}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if documents == 0 or root is None:
        expected = f"a mapping starting with 'mesadiagram: {CURRENT_VERSION}'"
        raise fail((1, 1), f"empty file: expected {expected}")
    return root


def _mark_of(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _anchor_message(anchor: str) -> str:
    return f"anchors (&{anchor}) are not allowed; write the value out"


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"tag {shown} is not allowed in a mesadiagram file"


class _NoKey:
    __slots__ = ()


_NO_KEY: Any = _NoKey()
