"""Finding the portfolio root and reading ``partnerkit.yaml``."""

from __future__ import annotations

from pathlib import Path

from partnerkit.diagnostics import CONFIG_INVALID, Diagnostic, Finding, Severity
from partnerkit.load.portfolio import read_one
from partnerkit.load.source import Source, WorkingTree
from partnerkit.model.config import Limits, PortfolioConfig
from partnerkit.model.portfolio import CONFIG_FILE


class ConfigError(Exception):
    """The portfolio cannot be checked at all: no root, or a broken partnerkit.yaml."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message)
        self.diagnostics = diagnostics


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds partnerkit.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents) if here.is_dir() else here.parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def load_config(root: Path | Source) -> PortfolioConfig:
    """The validated config of a portfolio folder (or of any Source, such as a git revision);
    every problem in it is raised at once as a ConfigError."""
    source = WorkingTree(root) if isinstance(root, Path) else root
    config, loaded = read_one(source, CONFIG_FILE, PortfolioConfig, Limits())
    if config is not None:
        from partnerkit.rules.settings import SettingsError, resolve_settings

        try:
            resolve_settings(config)
        except SettingsError as error:
            loaded.findings.append(Finding(CONFIG_INVALID, CONFIG_FILE, error.message, error.hint, error.path))
    if config is None or loaded.findings:
        raise ConfigError(
            [
                Diagnostic(
                    CONFIG_INVALID,
                    "config-invalid",
                    Severity.ERROR,
                    f.message,
                    CONFIG_FILE,
                    *((f.line, f.column) if f.line else loaded.position(CONFIG_FILE, f.path)),
                    f.hint,
                )
                for f in loaded.findings
            ]
        )
    return config
