"""The portfolio checked at each of a run of commits, for `history` and `report --history`.

Successive commits differ in a few files, so one Memo carries everything the unchanged files
gave from one commit to the next: each commit costs about what its changes cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from partnerkit.health import Health, assess
from partnerkit.lint import lint
from partnerkit.load.git import Commit, Repository
from partnerkit.load.memo import Memo
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import CONFIG_FILE
from partnerkit.settings import ConfigError, load_config


def checked_commits(
    repo: Repository, commits: list[Commit], config: PortfolioConfig, as_of: dt.date
) -> Iterator[tuple[Commit, list[Health], PortfolioConfig]]:
    """(commit, healths, the config used) for each commit, oldest first. A commit whose
    partnerkit.yaml is broken is scored with the last good one (``config`` to begin with)."""
    memo = Memo()
    configs: dict[str | None, PortfolioConfig | None] = {}  # partnerkit.yaml's blob id -> its config
    for commit, source in zip(commits, repo.sources(commits), strict=False):
        blob = source.blob_id(CONFIG_FILE)
        if blob not in configs:
            try:
                configs[blob] = load_config(source)
            except ConfigError:
                configs[blob] = None
        config = configs[blob] or config
        result = lint(source, config, as_of, memo=memo)
        yield commit, assess(result, memo), config
