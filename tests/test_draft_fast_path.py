"""The draft reader's fast path (issue 18) reads every draft we have exactly as the general
one does: `compose_text` against `safe_yaml.compose` with the draft resolver, and the
walker with its memory of key lists against the walker without it — same Document, down
to every location, field location and diagnostic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES
from kpilint import safe_yaml
from kpilint.errors import ReadError
from kpilint.readers import yaml_draft
from kpilint.readers.yaml_draft import Loader, is_draft_text, read_draft

FIXTURES = Path(__file__).parent / "fixtures"

#: what the fixtures do not show: aliases, explicit tags, nulls, unknown and repeated keys,
#: one project per file, collections where text belongs, keys that are not text
WRITTEN = [
    "department: {code: '1', name: 甲, year: 2025}\nprojects:\n  - &p {code: A, name: 乙, budget: 1,"
    " indicators: [&r {level1: 产出指标, level2: 数量指标, name: 次数, value: ≥2 次}, *r, *r]}\n  - *p\n",
    "projects:\n  - name: 甲\n    budget: !!str 12.00\n    indicators:\n      - {name: ~, value: null,"
    " basis: '', level1: !!int 3, bogus: 1, value: 90%}\n",
    "code: X\nname: 单项目\nbudget: {total: 2, fiscal: 2, other: —}\nindicators:\n  - [a, b]\n"
    "  - {[1]: x, name: 满意度, value: ≥90}\ndepartment: {year: 2026年, money_unit: 元}\n",
    "projects:\n- name: 甲\n  goals: {a: 1}\n  spend_plan: {3月底: 10%, 12月底: }\n  indicators: 3\n",
    "projects: []\n",
    "",
]


def _drafts() -> list[tuple[str, str]]:
    found = sorted(FIXTURES.rglob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in found]  # drafts and others
    return texts + [(f"written-{i}.yaml", text) for i, text in enumerate(WRITTEN)]


def _everything(x: Any) -> Any:
    """A value with every field of every dataclass in it, those left out of `==` included."""
    if is_dataclass(x) and not isinstance(x, type):
        return (type(x).__name__, *(_everything(getattr(x, f.name)) for f in fields(x)))
    if isinstance(x, Mapping):
        return {k: _everything(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return tuple(_everything(v) for v in x)
    return x


class _Forgetful(dict):
    """A memory of key lists that keeps nothing: the walker's general path every time."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _general(text: str, path: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(yaml_draft, "compose_text", safe_yaml.compose)
        m.setattr(yaml_draft, "_KNOWN_KEYS", _Forgetful())
        return _read(text, path)


def _read(text: str, path: str) -> Any:
    try:
        return _everything(read_draft(text, path))
    except ReadError as exc:
        return ("ReadError", str(exc))


def test_there_are_drafts_to_compare() -> None:
    assert sum(is_draft_text(text) for _, text in _drafts()) >= 25


@pytest.mark.parametrize(("path", "text"), _drafts(), ids=lambda x: Path(str(x)).name[:40])
def test_fast_path_reads_the_same_document(path: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    general = _general(text, path, monkeypatch)
    assert _read(text, path) == general
    assert _read(text, path) == general  # and again, with the key lists remembered


@pytest.mark.parametrize(("path", "text"), _drafts(), ids=lambda x: Path(str(x)).name[:40])
def test_compose_text_gives_the_nodes_compose_does(path: str, text: str) -> None:
    def nodes(compose: Any) -> Any:
        try:
            root = compose(text, Loader)
        except yaml.YAMLError as exc:
            return ("error", type(exc).__name__, str(exc))
        return _dump(root, {}) if root is not None else None

    assert nodes(safe_yaml.compose_text) == nodes(safe_yaml.compose)


def _dump(node: yaml.Node, seen: dict[int, int]) -> Any:
    """A node graph as plain data: kind, tag, style, marks, children; a node met again (an
    alias) as the number of its first meeting."""
    if id(node) in seen:
        return ("again", seen[id(node)])
    seen[id(node)] = len(seen)
    start, end = node.start_mark, node.end_mark
    head = (type(node).__name__, node.tag, (start.line, start.column, start.index), end.index)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.style, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*head, node.flow_style, [_dump(n, seen) for n in node.value])
    return (*head, node.flow_style, [(_dump(k, seen), _dump(v, seen)) for k, v in node.value])


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", ["[" * 30_000, "a: &a [1, *a]\n", _alias_bomb()],
                         ids=["deep", "self", "bomb"])
def test_compose_text_keeps_the_bounds(text: str) -> None:
    with pytest.raises(safe_yaml.YamlLimitError):
        safe_yaml.compose_text(text, Loader)
