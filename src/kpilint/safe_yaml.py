"""YAML composed within bounds: drafts, rule files and configuration all come through here.

PyYAML's C composer recurses in C, so 30,000 nested `[` overflow the C stack (SIGSEGV, no
message), and an alias is a pointer, so a few hundred bytes of nested aliases expand to
billions of nodes for whoever walks or copies the result. Here the C parser's events are
composed in a loop that counts as it goes: nesting past `MAX_DEPTH`, an alias to a node that
contains it, or aliases adding more nodes than the file itself holds (ten times over, plus
`ALIAS_ALLOWANCE`) stop composing with an error naming the line — before any node is walked.

The loop costs about what the C composer does: the parser's events are most of the work.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: levels of nesting any YAML kpilint reads may have: a draft has six, a rule file's examples ten
MAX_DEPTH = 64
#: nodes aliases may add beyond ten times the nodes written out
ALIAS_ALLOWANCE = 10_000
ALIAS_FACTOR = 10

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLimitError(yaml.MarkedYAMLError):
    """Valid YAML that kpilint will not compose: too deep, or aliases that expand too far.
    `problem` is the Chinese message; `problem_mark` is where it was found."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


_NO_KEY = object()


class _Open:
    """A collection being composed: its node, its anchor, its size with aliases expanded."""

    __slots__ = ("anchor", "key", "node", "size")

    def __init__(self, node: Node, anchor: str | None) -> None:
        self.node, self.anchor, self.size, self.key = node, anchor, 1, _NO_KEY


def compose(text: str, loader: type = SafeLoader, max_depth: int = MAX_DEPTH) -> Node | None:
    """The one document in `text` as a node graph (None for an empty stream), tags resolved
    by `loader`'s resolver. Raises yaml.MarkedYAMLError: YamlLimitError past the bounds."""
    return _compose(text, loader, lambda parser: _compose_node(parser, max_depth), max_depth)


def _compose(text: str, loader: type, root: Callable[[Any], Node], max_depth: int) -> Node | None:
    """The stream around the one document `root` composes from the parser's events."""
    parser = loader(text)
    try:
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return None
        document = parser.get_event()
        node = root(parser)
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            extra = parser.get_event()
            raise ComposerError("expected a single document in the stream", document.start_mark,
                                "but found another document", extra.start_mark)  # fmt: skip
        return node
    except yaml.MarkedYAMLError as exc:
        # PyYAML ≥ 6.0.4's own scanner stops at its nesting bound (deeper than kpilint's),
        # sometimes before the composer reaches kpilint's: the same refusal, in its words
        if "maximum nesting depth" in str(exc.problem) and not isinstance(exc, YamlLimitError):
            raise YamlLimitError(f"嵌套超过 {max_depth} 层", exc.problem_mark) from None
        raise
    finally:
        parser.dispose()


#: the two tags `compose_text` gives scalars
NULL_TAG, STR_TAG = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str"
SEQ_TAG, MAP_TAG = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def compose_text(text: str, loader: type = SafeLoader, max_depth: int = MAX_DEPTH) -> Node | None:
    """`compose`, for YAML whose every scalar is read as the text typed: a plain scalar is
    null when empty or written `~`/`null`, and text otherwise (so `12.00` stays `12.00`);
    an explicit tag is kept as written. Same bounds, same errors, same nodes as
    `compose` with a resolver that answers just that — about a third faster, which is
    what a province of drafts spends most of its reading time on: no resolver call per
    scalar, nodes built without a call to their constructor, and no cycle collection
    while the graph is built (it has no cycles; a collection pass in the middle of a
    large file would walk every node made so far, again and again)."""
    with no_cycle_collection():
        return _compose(text, loader, lambda parser: _compose_node(parser, max_depth, text_only=True), max_depth)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """No cycle collection while a large graph without cycles is built (a YAML file's nodes,
    the document read from them): each pass in the middle would walk every object made
    so far. Reference counting still frees everything; collection resumes after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def construct(root: Node | None, loader: type = SafeLoader) -> Any:
    """The plain data of a node graph `compose` returned."""
    if root is None:
        return None
    constructor = loader("")
    try:
        return constructor.construct_document(root)
    finally:
        constructor.dispose()


def duplicate_key(root: Node | None) -> tuple[str, int] | None:
    """The first key written twice in one mapping (its text and the 1-based line of the
    second), or None. YAML keeps the last silently: in a configuration or a rule file that
    hides what the user meant (`ignore:` twice), so those readers refuse it."""
    stack = [root] if root is not None else []
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # an alias: walked once
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value != "<<":
                    if key.value in keys:
                        return key.value, key.start_mark.line + 1
                    keys.add(key.value)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None


def line_of(root: Node | None, *keys: str | int) -> int | None:
    """The 1-based line of the entry `keys` lead to (mapping keys by their text, sequence
    items by index): the deepest one found, None when not even the first is there."""
    node, line = root, None
    for key in keys:
        if isinstance(node, MappingNode):
            found = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(key)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _compose_node(parser: Any, max_depth: int, text_only: bool = False) -> Node:
    """The document's root node from the parser's events, in a loop (no recursion, so no
    nesting can overflow the stack), within the depth and alias bounds. Tags are resolved
    by the parser's resolver, or, `text_only`, by the text-only rule of `compose_text`
    written in (no resolver call per scalar). Nodes are built without their constructor:
    the same attributes, set directly, cost less on a province of drafts."""
    resolve = None if text_only else parser.resolve
    next_event, new = parser.get_event, object.__new__
    stack: list[_Open] = []
    anchors: dict[str, Node] = {}
    sizes: dict[str, int] = {}
    written = added = 0  # nodes in the text; nodes its aliases add
    nulls = _NULLS
    while True:
        event = next_event()
        kind = type(event)
        size = 1
        if kind is ScalarEvent:
            scalar = new(ScalarNode)
            tag = event.tag
            if tag is None or tag == "!":
                if resolve is None:
                    tag = NULL_TAG if event.implicit[0] and event.value in nulls else STR_TAG
                else:
                    tag = resolve(ScalarNode, event.value, event.implicit)
            scalar.tag, scalar.value, scalar.style = tag, event.value, event.style
            scalar.start_mark, scalar.end_mark = event.start_mark, event.end_mark
            node: Node = scalar
            written += 1
            if event.anchor is not None:
                _anchor(anchors, event.anchor, node, event)
                sizes[event.anchor] = 1
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= max_depth:
                raise YamlLimitError(f"嵌套超过 {max_depth} 层", event.start_mark)
            node_kind = MappingNode if kind is MappingStartEvent else SequenceNode
            opened: Node = new(node_kind)
            tag = event.tag
            if tag is None or tag == "!":
                if resolve is None:
                    tag = MAP_TAG if node_kind is MappingNode else SEQ_TAG
                else:
                    tag = resolve(node_kind, None, event.implicit)
            opened.tag, opened.value, opened.start_mark, opened.end_mark = tag, [], event.start_mark, None
            opened.flow_style = event.flow_style  # type: ignore[attr-defined]
            written += 1
            if event.anchor is not None:
                _anchor(anchors, event.anchor, opened, event)
            stack.append(_Open(opened, event.anchor))
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()
            node, size = done.node, done.size
            node.end_mark = event.end_mark
            if done.anchor is not None:
                sizes[done.anchor] = size
        elif kind is AliasEvent:
            name = event.anchor
            if name not in anchors:
                raise ComposerError(None, None, f"found undefined alias {name!r}", event.start_mark)
            if name not in sizes:
                raise YamlLimitError(f"别名 *{name} 引用了包含它自己的节点", event.start_mark)
            node, size = anchors[name], sizes[name]
            written += 1
            added += size - 1
            if added > ALIAS_FACTOR * written + ALIAS_ALLOWANCE:
                raise YamlLimitError(f"别名展开过多（*{name} 处已超过原文节点数的 {ALIAS_FACTOR} 倍）",
                                     event.start_mark)  # fmt: skip
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)
        if not stack:
            return node
        parent = stack[-1]
        parent.size += size
        if type(parent.node) is SequenceNode:
            parent.node.value.append(node)
        elif parent.key is _NO_KEY:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = _NO_KEY


def _anchor(anchors: dict[str, Node], name: str, node: Node, event: Any) -> None:
    if name in anchors:
        raise ComposerError(f"found duplicate anchor {name!r}; first occurrence",
                            anchors[name].start_mark, "second occurrence", event.start_mark)  # fmt: skip
    anchors[name] = node
