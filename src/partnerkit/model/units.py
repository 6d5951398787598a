"""Numbers as people read them in reports and diffs: 1.15M, 650k, 2,400, 99.93, 0.5."""

from __future__ import annotations

PERCENT_UNITS = ("percent", "%", "pct")


def compact(value: float, minus: str = "-") -> str:
    v = abs(float(value))
    if v >= 1_000_000:
        text = f"{v / 1_000_000:.3g}M" if v < 1e9 else f"{v / 1e9:.3g}B"
    elif v >= 100_000:
        text = f"{v / 1000:.0f}k"
    elif v >= 10_000:
        text = f"{v / 1000:.3g}k"
    elif v == int(v):
        text = f"{int(v):,}"
    else:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
    return (minus if float(value) < 0 else "") + text


def with_unit(value: float, unit: str | None, minus: str = "-") -> str:
    """The number with its unit: '650k EUR', '99.5%'."""
    text = compact(value, minus)
    if not unit or not unit.strip():
        return text
    return text + "%" if unit.strip().lower() in PERCENT_UNITS else f"{text} {unit.strip()}"
