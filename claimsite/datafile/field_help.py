"""Field help for the JSON Schemas: each model field's attribute docstring, as its description.

Pydantic can do this itself (``use_attribute_docstrings``), but it finds every class's source
through the call stack and parses it again, class by class, at import: that was most of the
command line's start-up. :func:`describe_fields` reads the module once with ``ast`` and sets
the same descriptions, by the same rule, before any model is built (the models use
``defer_build``), so the schemas come out the same.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel


def attribute_docstrings(source: str) -> dict[str, dict[str, str]]:
    """For each top-level class, its attributes' docstrings: a string statement right after
    an annotated name (``name: type`` then ``\"\"\"help\"\"\"``), cleaned like ``__doc__``."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        previous: ast.stmt | None = None
        for statement in node.body:
            if (
                isinstance(previous, ast.AnnAssign)
                and isinstance(previous.target, ast.Name)
                and isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                docs[previous.target.id] = inspect.cleandoc(statement.value.value)
            previous = statement
        found[node.name] = docs
    return found


def describe_fields(module: ModuleType) -> None:
    """Give every field of the module's models its attribute docstring as description.

    A field takes the docstring written where it is declared: in its own class, or in the
    nearest base class that declares it (a field declared again without help has none).
    Descriptions given in ``Field(description=...)`` are kept.
    """
    docs = attribute_docstrings(Path(str(module.__file__)).read_text(encoding="utf-8"))
    for model in vars(module).values():
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        if model.__module__ != module.__name__:
            continue
        for name, field in model.model_fields.items():
            if field.description is not None:
                continue
            declared_in = next(
                (base for base in model.__mro__ if name in vars(base).get("__annotations__", {})),
                None,
            )
            if declared_in is not None:
                field.description = docs.get(declared_in.__name__, {}).get(name)
