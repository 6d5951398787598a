"""What `partnerkit init` and `partnerkit new` write, rendered from the Jinja templates.

Rendering is pure: it returns file paths and texts, and the CLI writes them. Every value a user
typed reaches the YAML through the ``q`` filter, a YAML double-quoted scalar, so no name can
break a file or inject a key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from partnerkit.diagnostics import CONFIG_INVALID
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import PARTNERSHIP_FILES
from partnerkit.templates import environment

_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")

INIT_FILES = {
    "partnerkit.yaml": "partnerkit.yaml.j2",
    "people.yaml": "people.yaml.j2",
    ".gitignore": "gitignore.j2",
    ".gitattributes": "gitattributes.j2",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".github/workflows/partnerkit.yml": "github-workflow.yml.j2",
    "README.md": "README.md.j2",
}


def yaml_quote(value: object) -> str:
    """A YAML double-quoted scalar for any text (JSON's string escapes are valid YAML ones;
    the characters YAML readers also treat as line breaks or refuse are escaped too)."""
    quoted = json.dumps(str(value), ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _environment(custom: Path | None) -> Any:
    env = environment(custom)
    env.filters["q"] = yaml_quote
    return env


def render_init(version: str) -> dict[str, str]:
    """The files of a new portfolio repository, by portfolio-relative path (schemas included)."""
    from partnerkit.model.schemas import generate
    from partnerkit.rules import REGISTRY

    defaults = PortfolioConfig()
    rules = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "summary": r.summary,
            "options": {
                k: f.default_factory() if f.default_factory else f.default  # type: ignore[call-arg]
                for k, f in r.options.model_fields.items()
            }
            if r.options
            else {},
        }
        for r in REGISTRY.values()
        if r.code != CONFIG_INVALID  # a broken config cannot be tuned by the config
    ]
    env = _environment(None)
    values = {"buckets": defaults.buckets, "tiers": defaults.tiers, "rules": rules, "version": version}
    files = {path: env.get_template(f"init/{name}").render(values) for path, name in INIT_FILES.items()}
    files.update({f"schemas/{name}": text for name, text in generate().items()})
    return files


def render_partnership(
    values: dict[str, str], config: PortfolioConfig, schemas: str, today: dt.date, custom: Path | None = None
) -> dict[str, str]:
    """The eight files of a new partnership, by file name. ``values`` are the charter's identity
    (id, name, partner, kind, type, tier, stage, owner); ``schemas`` is the path from the new
    folder to the portfolio's schemas."""
    env = _environment(custom)
    context = {**values, "today": today.isoformat(), "buckets": config.buckets, "schemas": schemas}
    return {name: env.get_template(f"new/{name}.j2").render(context) for name in PARTNERSHIP_FILES}
