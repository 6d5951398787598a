"""What `partnerkit init` and `partnerkit new` write, rendered from the Jinja templates.

Rendering is pure: it returns file paths and texts, and the CLI writes them. Every value a user
typed reaches the YAML through the ``q`` filter, a YAML double-quoted scalar, so no name can
break a file or inject a key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import urllib.parse
import urllib.request
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
    env.filters["shell"] = shlex.quote
    return env


def install_spec(version: str) -> tuple[str, str]:
    """What the CI workflow should ``pip install`` to get this partnerkit, and where that comes
    from: the place partnerkit itself was installed from when that was a VCS URL or a local path
    (PEP 610's direct_url.json in the installed distribution), else the published release."""
    from importlib import metadata

    try:
        record = metadata.distribution("partnerkit").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        record = None
    return spec_from_direct_url(record, version)


def spec_from_direct_url(record: str | None, version: str) -> tuple[str, str]:
    """(spec, where it comes from) for a direct_url.json's text (None: installed from an index)."""
    published = (f"partnerkit=={version}", "the published release")
    try:
        info = json.loads(record) if record else None
    except ValueError:
        return published
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(info, dict) or not isinstance(url, str) or not url:
        return published
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        revision = vcs.get("commit_id") or vcs.get("requested_revision")
        spec = f"partnerkit @ {vcs['vcs']}+{url}" + (f"@{revision}" if isinstance(revision, str) and revision else "")
        subdirectory = info.get("subdirectory")
        if isinstance(subdirectory, str) and subdirectory:
            spec += f"#subdirectory={subdirectory}"
        return spec, "the git URL partnerkit was installed from when this file was written"
    if url.startswith("file:"):
        path = urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
        return path, "the folder partnerkit was installed from when this file was written (CI must have it too)"
    return published


def spec_problem(spec: str) -> str | None:
    """Why ``spec`` cannot be written into the workflow, or None."""
    if not spec.strip():
        return "--install-spec must not be empty"
    if any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in "`\u2028\u2029" for char in spec):
        return "--install-spec must be one line, without control characters or backticks"
    return None


def render_init(version: str, install: tuple[str, str] | None = None) -> dict[str, str]:
    """The files of a new portfolio repository, by portfolio-relative path (schemas included).
    ``install`` is what CI should ``pip install`` and where that comes from (see ``install_spec``)."""
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
    spec, origin = install or (f"partnerkit=={version}", "the published release")
    values = {
        "buckets": defaults.buckets,
        "tiers": defaults.tiers,
        "rules": rules,
        "version": version,
        "install_spec": spec,
        "install_origin": origin,
    }
    files = {path: env.get_template(f"init/{name}").render(values) for path, name in INIT_FILES.items()}
    files.update({f"schemas/{name}": text for name, text in generate().items()})
    return files


def render_partnership(
    values: dict[str, str], config: PortfolioConfig, schemas: str, today: dt.date, custom: Path | None = None
) -> dict[str, str]:
    """The files of a new partnership, by file name. ``values`` are the charter's identity
    (id, name, partner, kind, type, tier, stage, owner); ``schemas`` is the path from the new
    folder to the portfolio's schemas."""
    env = _environment(custom)
    context = {
        **values,
        "today": today.isoformat(),
        "buckets": config.buckets,
        "schemas": schemas,
        "currency": config.currency,
    }
    return {name: env.get_template(f"new/{name}.j2").render(context) for name in PARTNERSHIP_FILES}
