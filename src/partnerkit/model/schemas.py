"""JSON Schemas for editors, generated from the models so the two cannot disagree."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from partnerkit.model.config import PortfolioConfig
from partnerkit.model.people import People
from partnerkit.model.portfolio import PARTNERSHIP_FILES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_models() -> dict[str, type[BaseModel]]:
    """File name of each schema -> the model it describes."""
    models: dict[str, type[BaseModel]] = {"config.schema.json": PortfolioConfig, "people.schema.json": People}
    for name, model in PARTNERSHIP_FILES.items():
        models[name.replace(".yaml", ".schema.json")] = model
    return models


def schema_text(model: type[BaseModel], file: str) -> str:
    """The schema, titled with the file it describes and explained by its module's docstring."""
    module = (sys.modules[model.__module__].__doc__ or "").split(": ", 1)[-1]
    schema: dict[str, Any] = {"$schema": DIALECT, **model.model_json_schema()}
    schema["title"] = file
    summary = " ".join(module.split())
    schema["description"] = summary[:1].upper() + summary[1:]
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """Every schema file's name and text."""
    return {
        name: schema_text(model, name.replace(".schema.json", ".yaml").replace("config.", "partnerkit."))
        for name, model in schema_models().items()
    }
