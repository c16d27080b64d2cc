"""YAML text -> plain data, remembering the line and column of every key and value.

libyaml's composer does the parsing (an order of magnitude faster than a Python parser)
and we build values from each node's raw text ourselves: every scalar stays the string
that was written, so `09:30` is a time and `no` is a word, never YAML 1.1's guesses.
The model decides what each string means. Only plain `null`, `~` and empty values
become None, so that an optional key left empty counts as absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from tripplan.problems import Path, Problem

_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_IMPLICIT = "scalar"  # the tag our resolver gives every untagged scalar
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader: Any = yaml.SafeLoader
else:

    class _Loader(CParser):  # type: ignore[no-redef]
        """libyaml's parser and composer with a resolver that guesses nothing.

        PyYAML's resolver runs a list of YAML 1.1 regular expressions in Python on
        every scalar, to guess tags we would then ignore. The composer still calls three
        resolver methods for every node; written in Python they cost a third of reading a
        large file, so each is `str.format` of a constant instead: C code that ignores the
        arguments it has no field for and returns the constant. Every untagged node gets
        the tag `scalar` (mappings and sequences are told apart by their class).
        """

        descend_resolver = "".format
        ascend_resolver = "".format
        resolve = _IMPLICIT.format


# 16 MiB is ten times the largest trip we have seen (10,000 events); beyond it a file is
# more likely a mistake (a log, a dump) than an itinerary, and would only be slow.
MAX_BYTES = 16 * 1024 * 1024
# Aliases may share a list of attendees or a host between events; a file whose aliases
# expand to more nodes than this is an alias bomb ("billion laughs") and is refused.
MAX_ALIAS_NODES = 500_000
# An itinerary is seven levels deep; anything far deeper is not one.
MAX_DEPTH = 50

# Keys the format leaves to users, e.g. to hold YAML anchors: `x-defaults: &d {...}`.
EXTENSION_PREFIX = "x-"

Mark = tuple[int, int]  # 1-based line and column


class Positions:
    """Where each value and each mapping key of a document starts.

    Looked up from the composed nodes only when a problem needs a place: recording
    every place up front would cost a third of the time of reading a large file. A
    mapping is indexed by key the first time a place is looked up in it, so placing a
    problem at each of 50,000 venues is linear, not a scan of the venues for each.
    """

    def __init__(self, root: yaml.Node | None = None) -> None:
        self._root = root
        self._indexes: dict[int, _Index] = {}
        # Keys the loader read under another name than the one written (a misspelt
        # `venu:` read as `venue`): where the problems about them point.
        self.aliases: dict[Path, Path] = {}

    def _written(self, path: Path) -> Path:
        # Longest prefix first; one dict lookup per step (thousands of aliases are fine).
        for n in range(len(path), 0, -1):
            written = self.aliases.get(path[:n])
            if written is not None:
                return written + path[n:]
        return path

    def _child(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The key node and value node of `step` inside `node`, following `<<` merges."""
        if isinstance(node, yaml.SequenceNode):
            if isinstance(step, int) and 0 <= step < len(node.value):
                return None, node.value[step]
            return None, None
        if not isinstance(node, yaml.MappingNode):
            return None, None
        index = self._indexes.get(id(node))
        if index is None:
            index = self._indexes[id(node)] = _Index(node)
        found = index.written.get(step) if isinstance(step, str) else None
        if found is not None:
            return found
        for source in index.merged:
            hit = self._child(source, step)
            if hit[1] is not None:
                return hit
        return None, None

    def locate(self, path: Path, *, key: bool = False) -> Mark | None:
        """The place of `path` (of its key if `key`), or of the nearest enclosing value."""
        node = self._root
        if node is None:
            return None
        if self.aliases:
            path = self._written(path)
        for i, step in enumerate(path):
            key_node, child = self._child(node, step)
            if child is None:
                break
            if key and key_node is not None and i == len(path) - 1:
                return _mark(key_node)
            node = child
        return _mark(node)

    def node(self, path: Path) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The key node and value node at `path`, or (None, None)."""
        node: yaml.Node | None = self._root
        key_node = None
        for step in path:
            if node is None:
                return None, None
            key_node, node = self._child(node, step)
        return key_node, node

    def place(self, problem: Problem) -> Problem:
        """`problem` with the line and column of its path, if it has none yet."""
        if problem.line is not None or problem.path is None:
            return problem
        mark = self.locate(problem.path)
        return problem.at(*mark) if mark else problem


class _Index:
    """A mapping node's keys as written (the first of a key written twice) and the
    mappings it merges with `<<`, in order."""

    __slots__ = ("merged", "written")

    def __init__(self, node: yaml.MappingNode) -> None:
        self.written: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if _is_merge(key_node):
                self.merged.extend(
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
            elif isinstance(key_node, yaml.ScalarNode):
                self.written.setdefault(key_node.value, (key_node, value_node))


@dataclass(slots=True)
class Document:
    data: Any
    positions: Positions
    problems: list[Problem]


class _Refused(Exception):
    def __init__(self, message: str, mark: Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


# libyaml reports a plain scalar's style as "", pure-Python PyYAML as None: `not style`.


def _scalar(node: yaml.ScalarNode) -> str | None:
    """The text of a scalar as written; None for a null (most scalars are not: the cheap
    test comes first)."""
    value: str = node.value
    if (value in _NULLS or node.tag == _NULL) and _is_null(node):
        return None
    return value


def _is_null(node: yaml.ScalarNode) -> bool:
    if node.style:
        return False
    return node.tag == _NULL or (node.tag == _IMPLICIT and node.value in _NULLS)


def _is_merge(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return False
    return node.tag == _MERGE or (node.tag == _IMPLICIT and node.value == "<<")


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped).

    A UnicodeError's `reason` says what to do and its `start` is the line of the bad byte.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise UnicodeDecodeError(
            "utf-8",
            raw,
            line,
            line + 1,
            "the file is not UTF-8 text; save it as UTF-8 (Unicode) and try again",
        ) from None


def entry(mapping: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key node and value node of `name` written in `mapping` itself (not merged)."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            return key_node, value_node
    return None


def read_yaml(text: str) -> Document:
    """Parse `text`; problems of YAML itself come back as `yaml` problems, never raised."""
    if len(text) > MAX_BYTES:
        size = len(text.encode("utf-8", "replace")) // (1024 * 1024)
        problem = Problem.of(
            "yaml",
            f"the file is {size} MiB; tripplan reads itineraries up to "
            f"{MAX_BYTES // (1024 * 1024)} MiB: split the trip or check this is the right file",
        ).at(1, 1)
        return Document(None, Positions(), [problem])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        return Document(None, Positions(), [_syntax_problem(e, text)])
    except yaml.reader.ReaderError as e:
        return Document(None, Positions(), [_character_problem(e, text)])
    except (yaml.YAMLError, RecursionError) as e:
        message = "the file is nested too deeply" if isinstance(e, RecursionError) else str(e)
        return Document(None, Positions(), [Problem.of("yaml", f"not valid YAML: {message}")])
    if root is None:
        return Document(None, Positions(), [])
    builder = _Builder()
    try:
        data = builder.build(root)
    except _Refused as e:
        problem = Problem.of("yaml", e.message)
        return Document(None, Positions(), [problem.at(*e.mark) if e.mark else problem])
    return Document(data, Positions(root), builder.problems)


def _syntax_problem(e: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    what = e.problem or "unexpected text"
    context = f" ({e.context})" if e.context else ""
    hint = "check the indentation, colons and quotes on this line and the one before"
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        hint = "indent with spaces, not tabs"
    elif "special characters" in what:
        hint = "remove the control character or save the file as plain UTF-8 text"
    problem = Problem.of("yaml", f"not valid YAML: {what}{context}; {hint}")
    if mark is None:
        return problem
    # libyaml puts "end of file" on the line after the last one: point at a real line.
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    return problem.at(max(1, min(mark.line + 1, last)), mark.column + 1)


def _character_problem(e: yaml.reader.ReaderError, text: str) -> Problem:
    """A character YAML does not allow, at its line and column (the reader says only how
    far into the text it is)."""
    character = e.character if isinstance(e.character, str) else chr(e.character)
    problem = Problem.of(
        "yaml",
        f"not valid YAML: the control character U+{ord(character):04X} is not allowed; remove "
        "it or save the file as plain UTF-8 text",
    )
    at = e.position
    if not isinstance(at, int) or at < 0:
        return problem
    if text[at : at + 1] != character:
        # libyaml counts the UTF-8 bytes it read, not characters: back to characters.
        at = len(text.encode("utf-8", "surrogatepass")[:at].decode("utf-8", "ignore"))
        if text[at : at + 1] != character:
            return problem
    line_start = text.rfind("\n", 0, at) + 1
    return problem.at(text.count("\n", 0, at) + 1, at - line_start + 1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._expanded = 0
        self._open: set[int] = set()
        self._sizes: dict[int, int] = {}

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if node.__class__ is yaml.ScalarNode:
            return _scalar(node)
        key = id(node)
        if key in self._seen:
            if key in self._open:
                raise _Refused("an alias refers to the value that contains it", _mark(node))
            # An alias: the node was built (and its depth checked) once already. Count
            # what expanding it again costs before doing it, so a bomb stops at once.
            self._expanded += self._size(node)
            if self._expanded > MAX_ALIAS_NODES:
                raise _Refused(
                    "aliases in this file expand to more than "
                    f"{MAX_ALIAS_NODES:,} values (an alias bomb); write the values out",
                    _mark(node),
                )
        else:
            self._seen.add(key)
        if depth > MAX_DEPTH:
            raise _Refused("the file is nested too deeply to be an itinerary", _mark(node))
        self._open.add(key)
        try:
            if node.__class__ is yaml.SequenceNode:
                scalar = yaml.ScalarNode
                return [
                    _scalar(item) if item.__class__ is scalar else self.build(item, depth + 1)
                    for item in node.value
                ]
            return self._mapping(node, depth)
        finally:
            self._open.discard(key)

    def _size(self, node: yaml.Node) -> int:
        known = self._sizes.get(id(node))
        if known is None:
            if isinstance(node, yaml.ScalarNode):
                known = 1
            elif isinstance(node, yaml.SequenceNode):
                known = 1 + sum(self._size(item) for item in node.value)
            else:
                known = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
            self._sizes[id(node)] = known
        return known

    def _mapping(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[yaml.Node] = []
        scalar = yaml.ScalarNode
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar:
                self.problems.append(
                    Problem.of("yaml", "a key must be a plain word, not a list or mapping").at(
                        *_mark(key_node)
                    )
                )
                continue
            name = key_node.value
            if (name == "<<" or key_node.tag == _MERGE) and _is_merge(key_node):
                merged.append(value_node)
                continue
            if name in result:
                self._duplicate(node, key_node)
                continue
            if value_node.__class__ is scalar:
                # `_scalar`, inline: this runs for nearly every value of a large file.
                value = value_node.value
                if (value in _NULLS or value_node.tag == _NULL) and _is_null(value_node):
                    value = None
                result[name] = value
            else:
                result[name] = self.build(value_node, depth + 1)
        for source in merged:
            self._merge(result, source, depth)
        return result

    def _duplicate(self, mapping: yaml.Node, key_node: yaml.Node) -> None:
        first = next(k for k, _ in mapping.value if k.value == key_node.value)
        self.problems.append(
            Problem.of(
                "yaml",
                f"key '{key_node.value}' appears twice in this mapping (first on line "
                f"{_mark(first)[0]}); keep one",
            ).at(*_mark(key_node))
        )

    def _merge(self, result: dict[str, Any], source: yaml.Node, depth: int) -> None:
        """YAML's `<<: *defaults`: keys written in the mapping win over merged ones."""
        sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
        for item in sources:
            if not isinstance(item, yaml.MappingNode):
                self.problems.append(
                    Problem.of("yaml", "'<<' can only merge a mapping (an &anchor of keys)").at(
                        *_mark(item)
                    )
                )
                continue
            for name, value in self.build(item, depth + 1).items():
                result.setdefault(name, value)
