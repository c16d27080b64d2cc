"""YAML as editors read it: PyYAML with the YAML 1.2 core schema's resolvers.

yaml-language-server (the VS Code YAML extension) reads YAML 1.2 by default with the core
schema (YAML 1.2.2, section 10.3.2): `true`/`false` only are booleans (`yes`, `no` are
text), `16:30` is text (YAML 1.1 made it the number 990), `00420` is the number 420,
dates are text. Mapping keys are the text written, as in JSON. Merge keys (`<<`) are
followed, as the language server does. Written here rather than depending on a second YAML
library: the core schema is these few regular expressions.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

_RESOLVERS = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
)


class Yaml12Loader(yaml.SafeLoader):
    """A safe loader that reads plain scalars by the YAML 1.2 core schema."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's own attribute

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        return {
            key.value if isinstance(key, yaml.ScalarNode) else self.construct_object(key, True): (
                self.construct_object(value, deep)
            )
            for key, value in node.value
        }

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = node.value
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        text = node.value.lower()
        if text.endswith(".nan"):
            return math.nan
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        return float(text)


for _tag, _pattern, _first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", Yaml12Loader.construct_yaml_float)


def load(text: str) -> Any:
    """The document in `text` as an editor's YAML 1.2 reader sees it."""
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a safe loader
