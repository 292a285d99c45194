"""Field help read with ``ast`` matches pydantic's own ``use_attribute_docstrings``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from claimsite.datafile import models
from claimsite.datafile.field_help import describe_fields

MODELS = '''
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

class Base(BaseModel):
    model_config = ConfigDict(CONFIG)

    plain: str
    """Plain help."""
    indented: int = 0
    """
        Indented help,
        on two lines.
    """
    given: str = Field("", description="Given in Field.")
    """Docstring that Field's description outranks."""
    bare: str = ""
    other: str = ""
    LIMIT: ClassVar[int] = 1
    """Not a field: a class variable."""

class Child(Base):
    plain: str = "again"
    other: str = "again"
    """Child's own help."""
    extra: bool = False
    """Child's field."""
'''


def _module(tmp_path: Path, name: str, config: str) -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(MODELS.replace("CONFIG", config), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _descriptions(module: ModuleType) -> dict[str, dict[str, str | None]]:
    return {
        name: {field: info.description for field, info in model.model_fields.items()}
        for name, model in vars(module).items()
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not BaseModel
    }


def test_descriptions_match_pydantics_own(tmp_path: Path) -> None:
    theirs = _module(tmp_path, "pydantic_docstrings", "use_attribute_docstrings=True")
    ours = _module(tmp_path, "ast_docstrings", "defer_build=True")
    describe_fields(ours)
    assert _descriptions(ours) == _descriptions(theirs)
    assert _descriptions(ours)["Child"]["indented"] == "Indented help,\non two lines."


def test_the_data_models_have_help() -> None:
    assert models.Claim.model_fields["status"].description
    assert models.Variant.model_fields["value"].description == (
        models.Value.model_fields["value"].description
    )
