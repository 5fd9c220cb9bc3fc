"""The statements of a DOT graph, flattened: nodes with their attributes in the order they
first appear, edges in the order written (``a -> b -> c`` is two), subgraphs' contents
taken into the graph. Follows Graphviz's grammar (graph, digraph, strict; node, edge and
attribute statements; ``ID = ID``; subgraphs, also as an edge's end; ports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mesadiagram.formats.exchange.dot_lexer import MAX_NESTING, Lexer, Token, problem

Attrs = dict[str, tuple[str, str]]  # name -> (value, token kind: "id", "string" or "html")


@dataclass
class DotNode:
    id: str
    attrs: Attrs
    line: int
    column: int


@dataclass
class DotEdge:
    source: str
    target: str
    attrs: Attrs
    line: int
    column: int


@dataclass
class DotGraph:
    name: str
    directed: bool
    attrs: Attrs = field(default_factory=dict)
    nodes: dict[str, DotNode] = field(default_factory=dict)
    edges: list[DotEdge] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)  # the names of named ones
    ports: int = 0  # edge ends that named a port (dropped)


@dataclass
class _Scope:
    node_defaults: Attrs
    edge_defaults: Attrs
    members: list[str] = field(default_factory=list)


@dataclass
class _End:
    """One end of an edge statement: a node, or a subgraph's nodes."""

    members: list[str]
    node: Token | None  # the node of a node statement; None for a subgraph


def id_text(token: Token) -> str:
    """A node's name as written: in a quoted one, ``\\\\`` is one backslash (the lexer
    keeps backslash pairs for the label code, which names never go through)."""
    if token.kind != "string" or "\\" not in token.value:
        return token.value
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) == "\\" else m.group(), token.value)


class Parser:
    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self.lexer = Lexer(text, filename)
        self.stream = self.lexer.tokens()
        self.tokens: list[Token] = []  # those read so far
        self.i = 0
        self.depth = 0
        self.graph_ = DotGraph("", True)

    # -- tokens --------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        while j >= len(self.tokens):
            token = next(self.stream, None)
            if token is None:
                return None
            self.tokens.append(token)
        return self.tokens[j]

    def error(self, message: str, token: Token | None = None) -> Exception:
        token = token or self.peek()
        if token is None:
            line, column = self.lexer.end()
            return problem(self.filename, line, column, f"{message}, found the end of the file")
        found = token.value if token.kind in ("id",) else token.kind
        if token.kind == "string":
            found = "a quoted string"
        elif token.kind == "html":
            found = "an HTML-like label"
        return problem(self.filename, token.line, token.column, f"{message}, found {found!r}")

    def take(self, kind: str, message: str) -> Token:
        token = self.peek()
        if token is None or token.kind != kind:
            raise self.error(message)
        self.i += 1
        return token

    def accept(self, kind: str) -> Token | None:
        token = self.peek()
        if token is not None and token.kind == kind:
            self.i += 1
            return token
        return None

    def keyword(self, *words: str) -> str | None:
        """The keyword at the cursor (Graphviz's are case-insensitive), if one of ``words``."""
        token = self.peek()
        if token is not None and token.kind == "id" and token.value.lower() in words:
            return token.value.lower()
        return None

    def value(self, message: str) -> Token:
        token = self.peek()
        if token is None or token.kind not in ("id", "string", "html"):
            raise self.error(message)
        self.i += 1
        return token

    # -- grammar -------------------------------------------------------------------------
    def graph(self) -> DotGraph:
        if self.keyword("strict"):
            self.i += 1
        kind = self.keyword("graph", "digraph")
        if kind is None:
            raise self.error("a DOT file starts with 'graph' or 'digraph'")
        self.i += 1
        name = ""
        if self.peek() is not None and self.peek().kind in ("id", "string", "html"):
            name = self.value("a graph name").value
        self.graph_ = DotGraph(name, kind == "digraph")
        self.take("{", "expected '{' to open the graph")
        self.statements(_Scope({}, {}))
        self.take("}", "expected '}' to close the graph")
        extra = self.peek()
        if extra is not None:
            raise self.error("expected nothing after the graph's closing '}'", extra)
        return self.graph_

    def statements(self, scope: _Scope) -> None:
        while True:
            token = self.peek()
            if token is None or token.kind == "}":
                return
            if token.kind == ";":
                self.i += 1
                continue
            self.statement(scope)

    def statement(self, scope: _Scope) -> None:
        kind = self.keyword("graph", "node", "edge")
        if kind is not None:
            self.i += 1
            if self.peek() is None or self.peek().kind != "[":
                raise self.error(f"expected '[' after '{kind}'")
            attrs = self.attr_lists()
            if kind == "graph":
                if self.depth == 0:
                    self.graph_.attrs.update(attrs)
            else:
                target = scope.node_defaults if kind == "node" else scope.edge_defaults
                target.update(attrs)
            return
        token = self.peek()
        nxt = self.peek(1)
        if token.kind in ("id", "string", "html") and nxt is not None and nxt.kind == "=":
            if self.keyword("subgraph", "node", "edge", "graph", "strict", "digraph"):
                raise self.error("a keyword cannot be an attribute's name")
            self.i += 2
            value = self.value("expected the attribute's value after '='")
            if self.depth == 0:
                self.graph_.attrs[token.value] = (value.value, value.kind)
            return
        ends = self.endpoint(scope)
        edges: list[tuple[list[str], Token]] = []
        while (arrow := self.peek()) is not None and arrow.kind in ("->", "--"):
            self.i += 1
            if arrow.kind == "->" and not self.graph_.directed:
                raise self.error("'->' in an undirected graph (use '--')", arrow)
            if arrow.kind == "--" and self.graph_.directed:
                raise self.error("'--' in a directed graph (use '->')", arrow)
            edges.append((self.endpoint(scope).members, arrow))
        attrs = self.attr_lists() if self.peek() is not None and self.peek().kind == "[" else {}
        if not edges:
            if ends.node is not None:
                self.node(ends.node, scope, attrs)
            return
        previous = ends.members
        for members, arrow in edges:
            for source in previous:
                for target in members:
                    merged = {**scope.edge_defaults, **attrs}
                    self.graph_.edges.append(
                        DotEdge(source, target, merged, arrow.line, arrow.column)
                    )
            previous = members

    def endpoint(self, scope: _Scope) -> _End:
        token = self.peek()
        if token is None:
            raise self.error("expected a node or a subgraph")
        if self.keyword("subgraph") or token.kind == "{":
            return _End(self.subgraph(scope), None)
        if token.kind not in ("id", "string", "html"):
            raise self.error("expected a node, an edge, an attribute or a subgraph")
        self.i += 1
        if self.accept(":"):
            self.value("expected a port after ':'")
            if self.accept(":"):
                self.value("expected a compass point after ':'")
            self.graph_.ports += 1
        self.node(token, scope, {})
        return _End([id_text(token)], token)

    def subgraph(self, scope: _Scope) -> list[str]:
        name = ""
        if self.keyword("subgraph"):
            self.i += 1
            if self.peek() is not None and self.peek().kind in ("id", "string", "html"):
                name = self.value("a subgraph name").value
        opening = self.take("{", "expected '{' to open the subgraph")
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error("subgraphs are nested too deeply", opening)
        inner = _Scope(dict(scope.node_defaults), dict(scope.edge_defaults))
        self.statements(inner)
        self.take("}", "expected '}' to close the subgraph")
        self.depth -= 1
        if name:  # (an anonymous one only groups nodes: nothing is lost)
            self.graph_.subgraphs.append(name)
        scope.members.extend(inner.members)
        return list(dict.fromkeys(inner.members))

    def node(self, token: Token, scope: _Scope, attrs: Attrs) -> None:
        name = id_text(token)
        node = self.graph_.nodes.get(name)
        if node is None:
            node = DotNode(name, dict(scope.node_defaults), token.line, token.column)
            self.graph_.nodes[name] = node
        node.attrs.update(attrs)
        scope.members.append(name)

    def attr_lists(self) -> Attrs:
        attrs: Attrs = {}
        while self.accept("["):
            while not self.accept("]"):
                name = self.value("expected an attribute's name or ']'")
                self.take("=", f"expected '=' after the attribute {name.value!r}")
                value = self.value("expected the attribute's value after '='")
                attrs[name.value] = (value.value, value.kind)
                if not self.accept(","):
                    self.accept(";")
        return attrs


def parse(text: str, filename: str) -> DotGraph:
    """The graph of a DOT file; raises FormatError (``FILE:LINE:COL``) on a syntax error."""
    return Parser(text, filename).graph()
