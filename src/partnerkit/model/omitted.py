"""What loading one file left out of its model, so that rules and locations can tell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from partnerkit.diagnostics import DataPath


@dataclass(frozen=True)
class Omitted:
    """Paths here lead into the file's data, as written; rules speak of paths into the model,
    where a list that lost an entry is shorter: ``to_data`` turns one into the other.

    ``items`` are invalid entries left out (a risk, a measurement, a bucket's rating), or a
    collection whose value was of the wrong kind, so that all its entries are unknown. ``fields``
    are unknown keys and optional fields of the wrong kind, left out as if not written.
    ``duplicates`` counts keys written twice in a mapping, whose second value was ignored."""

    items: tuple[DataPath, ...] = ()
    fields: tuple[DataPath, ...] = ()
    kept: Mapping[DataPath, tuple[int, ...]] = field(default_factory=dict)  # list -> data indices of what is left
    duplicates: int = 0

    def to_data(self, path: DataPath) -> DataPath:
        """The path into the data of ``path``, a path into the model."""
        if not self.kept:
            return path
        done: list[str | int] = []
        for step in path:
            kept = self.kept.get(tuple(done))
            if kept is not None and isinstance(step, int) and 0 <= step < len(kept):
                step = kept[step]
            done.append(step)
        return tuple(done)

    def covers(self, path: DataPath) -> bool:
        """Whether an entry was left out at or under ``path`` (a path into the data): what the
        model says there is incomplete."""
        size = len(path)
        return any(item[:size] == path for item in self.items)
