"""A schema of frozen dataclasses loaded from YAML, every problem located.

The generic half of the manifest (:mod:`pamphleteer.manifest` declares its
schema with :func:`doc` fields): loading walks PyYAML's node tree so that
every problem carries its line; :func:`build` turns a mapping node into a
dataclass, collecting every problem in :class:`Problems`;
:func:`check_yaml_tree` refuses aliases and oversized documents (also used
for the index file); :func:`reference` writes a schema's documentation.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import ManifestError


def doc(text: str, default: Any = dataclasses.MISSING, *,
        factory: Any = dataclasses.MISSING) -> Any:
    """A schema field with its documentation."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"doc": text})
    if default is dataclasses.MISSING:
        return field(metadata={"doc": text})
    return field(default=default, metadata={"doc": text})



class Problems:
    """Collects located problems."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[tuple[int, str]] = []

    def add(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        if self.items:
            lines = [f"{self.path}:{line}: {msg}"
                     for line, msg in sorted(self.items)]
            raise ManifestError(
                f"{self.path}: {len(lines)} problem(s) in the manifest",
                problems=lines)



MAX_NODES = 20_000  # a manifest is small: refuse anything larger
MAX_DEPTH = 32  # nor is it deep: the schema nests six levels at most


def fields(cls: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")}


class Locator(Protocol):
    """Collects located problems (:class:`Problems`, the index's own)."""

    def add(self, node: yaml.Node | None, message: str) -> None: ...


class _Unreadable(Exception):
    """A YAML value the safe loader cannot turn into Python (a timestamp
    like ``2026-13-45``, an unknown ``!!tag``)."""


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except RecursionError:
        raise _Unreadable(f"nested more than {MAX_DEPTH} levels deep") \
            from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        what = getattr(e, "problem", None) or str(e)
        raise _Unreadable(f"cannot read the value {node.value!r}: {what}"
                          if isinstance(node, yaml.ScalarNode) else
                          f"cannot read this value: {what}") from None
    finally:
        loader.dispose()


def _convert(node: yaml.Node, tp: Any, where: str, probs: Problems) -> Any:
    """Check ``node`` against the type ``tp``; return the value or None."""
    try:
        return _convert_node(node, tp, where, probs)
    except _Unreadable as e:
        probs.add(node, f"`{where}`: {e}")
        return None


def _convert_node(node: yaml.Node, tp: Any, where: str,
                  probs: Problems) -> Any:
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return build(tp, node, where, probs)
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if isinstance(node, yaml.ScalarNode) and item_tp is str:
            value = _construct(node)
            if isinstance(value, str) and value:
                return (value,)  # a single string where a list is expected
        if not isinstance(node, yaml.SequenceNode):
            probs.add(node, f"`{where}` must be a list; write it as "
                      f"`- item` lines or `[a, b]`")
            return None
        out = []
        for i, sub in enumerate(node.value):
            v = _convert(sub, item_tp, f"{where}[{i + 1}]", probs)
            if v is not None:
                out.append(v)
        return tuple(out)
    if origin is dict:
        if not isinstance(node, yaml.MappingNode):
            probs.add(node, f"`{where}` must be a mapping of keys to values")
            return None
        value = _construct(node)
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            probs.add(node, f"`{where}`: keys must be text, not {bad[0]!r}")
            return None
        return value
    if not isinstance(node, yaml.ScalarNode):
        probs.add(node, f"`{where}` must be a single value, not a "
                  f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
        return None
    value = _construct(node)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            probs.add(node, f"`{where}` must be a whole number, not {value!r}")
            return None
        return value
    if tp is bool:
        if not isinstance(value, bool):
            probs.add(node, f"`{where}` must be true or false, not {value!r}")
            return None
        return value
    if tp is str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
            return str(value)
        if not isinstance(value, str):
            probs.add(node, f"`{where}` must be text, not {value!r}")
            return None
        return value
    raise TypeError(tp)


def build(cls: type, node: yaml.Node, where: str, probs: Problems) -> Any:
    """Build dataclass ``cls`` from a mapping node, locating every problem."""
    if not isinstance(node, yaml.MappingNode):
        probs.add(node, f"`{where or 'the manifest'}` must be a mapping of "
                  f"keys to values")
        return None
    known = fields(cls)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    seen: dict[str, yaml.Node] = {}
    ok = True
    for key_node, val_node in node.value:
        try:
            key = _construct(key_node)
        except _Unreadable as e:
            probs.add(key_node, str(e))
            ok = False
            continue
        name = f"{where}.{key}" if where else str(key)
        if not isinstance(key, str):
            probs.add(key_node, f"key {key!r} must be text")
            ok = False
            continue
        if key in seen:
            probs.add(key_node, f"`{name}` is given twice (first on line "
                      f"{seen[key].start_mark.line + 1}); keep one")
            ok = False
            continue
        seen[key] = key_node
        f = known.get(key)
        if f is None:
            close = [k for k in known if k.replace("_", "") ==
                     key.replace("-", "").replace("_", "").lower()]
            hint = f"; did you mean `{close[0]}`?" if close else \
                f"; known keys: {', '.join(sorted(known))}"
            probs.add(key_node, f"unknown key `{name}`{hint}")
            ok = False
            continue
        v = _convert(val_node, hints[key], name, probs)
        if v is None:
            ok = False
            continue
        values[key] = v
    for fname, f in known.items():
        required = (f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING)
        if required and fname not in values and fname not in seen:
            probs.add(node, f"`{where + '.' if where else ''}{fname}` is "
                      f"required: {f.metadata['doc']}")
            ok = False
    if not ok:
        return None
    return cls(**values)


def check_yaml_tree(node: yaml.Node, probs: "Locator", what: str = "a manifest",
                    max_nodes: int | None = None) -> bool:
    """Refuse aliases (billion-laughs), oversized and too deeply nested YAML
    documents (the manifest's and the index file's).  ``probs`` collects
    located problems (``add(node, message)``)."""
    max_nodes = max_nodes or MAX_NODES
    count = 0
    stack = [(node, 1)]
    seen: set[int] = set()
    while stack:
        n, depth = stack.pop()
        if id(n) in seen:
            probs.add(n, "YAML anchors and aliases (`&name`, `*name`) are "
                      f"not allowed in {what}; write the value out")
            return False
        seen.add(id(n))
        count += 1
        if count > max_nodes:
            probs.add(node, f"{what} is too large (over {max_nodes} values)")
            return False
        if depth > MAX_DEPTH:
            probs.add(n, f"values nested more than {MAX_DEPTH} levels deep")
            return False
        if isinstance(n, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend(((k, depth + 1), (v, depth + 1)))
    return True



def value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k
    return None




def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is tuple:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if origin is dict:
        return "mapping"
    if dataclasses.is_dataclass(tp):
        return "mapping"
    return {str: "text", bool: "true/false", int: "whole number"}.get(
        tp, getattr(tp, "__name__", str(tp)))


def reference(schema: type) -> str:
    """The reference of ``schema``, in Markdown, from its fields' docs."""
    out: list[str] = []

    def section(cls: type, prefix: str) -> None:
        hints = typing.get_type_hints(cls)
        out.append(f"### `{prefix or '(top level)'}`\n")
        out.append((cls.__doc__ or "").strip() + "\n")
        out.append("| key | type | default | meaning |")
        out.append("| --- | --- | --- | --- |")
        nested = []
        for name, f in fields(cls).items():
            tp = hints[name]
            if f.default is not dataclasses.MISSING:
                default = repr(f.default) if f.default != "" else "(empty)"
            elif f.default_factory is not dataclasses.MISSING:
                v = f.default_factory()
                default = "(empty)" if v in ((), {}) else (
                    "see below" if dataclasses.is_dataclass(v) else repr(list(v)))
            else:
                default = "**required**"
            out.append(f"| `{name}` | {_type_name(tp)} | {default} | "
                       f"{f.metadata['doc']} |")
            inner = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple \
                else tp
            if isinstance(inner, type) and dataclasses.is_dataclass(inner):
                nested.append((inner, f"{prefix + '.' if prefix else ''}{name}"))
        out.append("")
        for inner, p in nested:
            section(inner, p)

    section(schema, "")
    return "\n".join(out)
