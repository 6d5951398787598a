"""A rule's documentation, as Markdown: shown by `partnerkit explain` and collected in docs/rules.md."""

from __future__ import annotations

from partnerkit.rules.base import REGISTRY, Rule
from partnerkit.templates import environment


def catalogue_markdown() -> str:
    """docs/rules.md: the table of every rule followed by each rule's docs."""
    return environment(trim=False).get_template("rules.md.j2").render(rules=list(REGISTRY.values()), docs=rule_markdown)


def rule_markdown(rule: Rule) -> str:
    lines = [
        f"## {rule.code} {rule.name}",
        "",
        f"{rule.summary} Default severity: **{rule.severity.value}**.",
        "",
        "**Why it matters.** " + rule.why,
        "",
        "**Fails:**",
        "",
        "```yaml",
        rule.bad,
        "```",
        "",
        "**Passes:**",
        "",
        "```yaml",
        rule.good,
        "```",
    ]
    if rule.options is not None:
        lines += ["", "**Options** (in `partnerkit.yaml` under `rules: {" + rule.name + ": {...}}`):", ""]
        for name, field in rule.options.model_fields.items():
            default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
            lines.append(f"- `{name}` (default `{default}`): {field.description}")
    return "\n".join(lines) + "\n"
