"""What `--help` calls each value: what to write (FILE, ID, YYYY-MM-DD, text|json), never
the Python type behind it (typer shows `<bool>`, `<list[Path]>`, `<str>` by itself).

A parameter declared with a `metavar` keeps it; the others get one from their type here,
once, as typer builds each command. Flags show nothing: `--strict` says it all.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperOption

# What a value of each type is called in help.
_NAMES = {"Path": "FILE", "str": "TEXT", "int": "NUMBER", "float": "NUMBER", "date": "DATE"}


class _Argument(TyperArgument):
    """An argument named by its metavar alone (typer would add its Python type), and in
    the usage line as POSIX writes it: `FILE`, `[NEW]`, `FILE|FOLDER...`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = str(self.metavar or self.name)
        name = name if self.required else f"[{name}]"
        return name if self.nargs == 1 else f"{name}..."


def plainly_named(param: Any) -> None:
    """Give `param` a metavar people read, unless it was declared with one."""
    if isinstance(param, TyperArgument):
        if param.metavar is None:
            param.metavar = _value_name(param) or (param.name or "value").upper()
        param.__class__ = _Argument  # same object, help without the type
    elif isinstance(param, TyperOption) and param.metavar is None:
        param.metavar = "" if param.is_flag else _value_name(param) or "VALUE"


def _value_name(param: Any) -> str | None:
    described = getattr(param, "type_descriptor", None)  # typer's; absent in older ones
    if described is None:
        return None
    choices = getattr(described, "choices", None)
    if choices:
        return "|".join(str(c.value if isinstance(c, Enum) else c) for c in choices)
    annotation = described.annotation
    if getattr(described, "is_list", False):
        annotation = getattr(annotation, "__args__", (str,))[0]
    if getattr(described, "is_path", False):
        return "FILE"
    return _NAMES.get(getattr(annotation, "__name__", ""))


class Command(TyperCommand):
    """A typer command whose help names values plainly (see the module)."""

    def __init__(self, *args: Any, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        for param in self.params:
            plainly_named(param)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option
