"""Source -> Portfolio: read every file, parse it, validate it, and keep what was wrong.

Nothing here stops at the first problem. A file that is not YAML, or not a mapping, becomes
findings and a None in the portfolio; a file with invalid entries becomes findings and a model
without them (``partial``); a key written twice is reported and its first value kept; and every
other file is still read.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from partnerkit.diagnostics import (
    DUPLICATE_ID,
    ID_MISMATCH,
    INVALID_VALUE,
    MISSING_FILE,
    UNKNOWN_FILE,
    UNREADABLE,
    YAML_SYNTAX,
    DataPath,
    Finding,
)
from partnerkit.load.memo import Memo
from partnerkit.load.parallel import PARALLEL_MIN_FILES, parse_many, split_map
from partnerkit.load.partial import validate_entries
from partnerkit.load.problems import ReadProblem
from partnerkit.load.schema_errors import explain
from partnerkit.load.source import Source
from partnerkit.load.text import decode
from partnerkit.load.yaml12 import SourceMap, parse, parse_keeping_first, positions
from partnerkit.model.config import Limits, PortfolioConfig
from partnerkit.model.omitted import Omitted
from partnerkit.model.people import People
from partnerkit.model.portfolio import (
    PARTNERSHIP_FILES,
    PARTNERSHIPS_DIR,
    PEOPLE_FILE,
    REQUIRED_FILES,
    Partnership,
    Portfolio,
)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded:
    """The portfolio plus what reading it found; it can locate a path in any file it parsed."""

    portfolio: Portfolio
    findings: list[Finding]
    source: Source
    limits: Limits
    parsed: set[str] = field(default_factory=set)
    memo: Memo = field(default_factory=Memo)
    content_keys: dict[str, Hashable] = field(default_factory=dict)  # folder -> its files' content ids
    _maps: dict[str, SourceMap] = field(default_factory=dict)

    def position(self, file: str, path: DataPath) -> tuple[int, int]:
        """Line and column of ``path`` in ``file``: found by parsing the file again, on first
        use (only files with findings ever need it), and remembered."""
        if file not in self.parsed:
            return (0, 0)
        self.prepare_positions([(file, path)])
        maps, key = self._map_slot(file)
        return maps[key][path]

    def prepare_positions(self, wanted: Iterable[tuple[str, DataPath]]) -> None:
        """Find the positions of the (file, path) pairs not found yet, all at once: each file is
        parsed again once, and many files (a portfolio with many findings) on both cores."""
        paths: dict[str, set[DataPath]] = {}
        for file, path in wanted:
            maps, key = self._map_slot(file)
            if file in self.parsed and path not in maps.get(key, {}):
                paths.setdefault(file, set()).add(path)
        texts = {file: read_text(self.source, file, self.limits) for file in paths}  # here: git stays in this process
        expansion = self.limits.alias_expansion

        def found(file: str) -> dict[DataPath, tuple[int, int]]:
            text = texts[file]
            if isinstance(text, str):
                return positions(text, paths[file], expansion=expansion)
            return dict.fromkeys(paths[file], (1, 1))

        files = list(paths)
        for file, located in zip(files, split_map(files, found, PARALLEL_MIN_FILES), strict=True):
            maps, key = self._map_slot(file)
            maps.setdefault(key, {}).update(located)

    def _map_slot(self, file: str) -> tuple[dict[str, SourceMap], str]:
        """Where the positions found in ``file`` are kept: by content id in the memo when the
        source has one (a git revision), else by path for this load only."""
        blob = content_id(self.source, file)
        return (self.memo.maps, blob) if blob else (self._maps, file)


def content_id(source: Source, path: str) -> str | None:
    """The file's content hash where the source has one (a git revision), else None."""
    blob_id = getattr(source, "blob_id", None)
    return blob_id(path) if blob_id else None


def read_text(source: Source, path: str, limits: Limits) -> str | ReadProblem:
    raw = source.read(path, limits.max_file_bytes)
    return raw if isinstance(raw, ReadProblem) else decode(raw)


def read_and_parse(source: Source, path: str, limits: Limits) -> Any:
    """A file's data, or the ReadProblem that stopped it."""
    text = read_text(source, path, limits)
    return text if isinstance(text, ReadProblem) else parse(text, expansion=limits.alias_expansion)


@dataclass(frozen=True)
class _FirstKept:
    """A file with keys written twice, parsed keeping each first value: its data (or the
    problem that stopped it later on) and the duplicates."""

    data: Any
    duplicates: tuple[ReadProblem, ...]


def _keep_first(source: Source, path: str, limits: Limits, parsed: Any) -> Any:
    """A file that stopped at a syntax problem, parsed again keeping the first value of each
    key written twice (the strict parse stops at the first duplicate); else as it was."""
    if not (isinstance(parsed, ReadProblem) and parsed.kind == "syntax"):
        return parsed
    text = read_text(source, path, limits)
    if not isinstance(text, str):
        return parsed
    data, duplicates = parse_keeping_first(text, expansion=limits.alias_expansion)
    return _FirstKept(data, tuple(duplicates)) if duplicates else parsed


def accept_data(data: Any, path: str, loaded: Loaded, partnership: str = "") -> Any:
    """The parsed data if it is a mapping, or None after recording why it is unusable."""
    if isinstance(data, _FirstKept):
        for problem in data.duplicates:
            loaded.findings.append(
                Finding(
                    YAML_SYNTAX,
                    path,
                    problem.message,
                    problem.hint,
                    line=problem.line,
                    column=problem.column,
                    partnership=partnership,
                )
            )
        data = data.data
    if isinstance(data, ReadProblem):
        code = UNREADABLE if data.kind == "unreadable" else YAML_SYNTAX
        loaded.findings.append(
            Finding(code, path, data.message, data.hint, line=data.line, column=data.column, partnership=partnership)
        )
        return None
    loaded.parsed.add(path)
    if not isinstance(data, dict):
        loaded.findings.append(
            Finding(
                INVALID_VALUE,
                path,
                "the file should hold a mapping of keys (like `id: ...`), not a single value or a list",
                "start the file with its top-level keys",
                path=(),
                partnership=partnership,
            )
        )
        return None
    return data


def validate(model: type[M], data: Any, path: str, loaded: Loaded, partnership: str = "") -> M | None:
    """The model for a file's data, or None after recording every schema problem in it."""
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for code, message, hint, where in explain(error, data, model):
            loaded.findings.append(Finding(code, path, message, hint, path=where, partnership=partnership))
        return None


def validate_partially(
    model: type[M], parsed: Any, path: str, loaded: Loaded, partnership: str = ""
) -> tuple[M | None, Omitted | None]:
    """The model for a file as parsed, with every schema problem recorded, and what the model
    leaves out (None when nothing): an invalid entry, an unknown key, an optional field of the
    wrong kind, the second value of a key written twice. The model is None when the file is
    not YAML, not a mapping, or has an error outside any entry or optional field."""
    duplicates = len(parsed.duplicates) if isinstance(parsed, _FirstKept) else 0
    data = accept_data(parsed, path, loaded, partnership)
    if data is None:
        return None, None
    result, problems, omitted = validate_entries(model, data)
    for code, message, hint, where in problems:
        loaded.findings.append(Finding(code, path, message, hint, path=where, partnership=partnership))
    if result is not None and duplicates:
        omitted = replace(omitted or Omitted(), duplicates=duplicates)
    return result, omitted


def _searchable(source: Source, path: str, limits: Limits) -> str | None:
    """The text of a file not wholly in the models, for a search of the names it may hold;
    None when it cannot be read at all (a link, too large)."""
    raw = source.read(path, limits.max_file_bytes)
    return None if isinstance(raw, ReadProblem) else raw.decode("utf-8", "replace")


def read_one(source: Source, path: str, model: type[M], limits: Limits) -> tuple[M | None, Loaded]:
    """One file read on its own, outside a portfolio (partnerkit.yaml; people.yaml for `new`):
    its model, or None, and the Loaded that holds what reading it found and can locate it."""

    loaded = Loaded(Portfolio(PortfolioConfig(), None, []), [], source, limits)
    return validate(model, accept_data(read_and_parse(source, path, limits), path, loaded), path, loaded), loaded


def load_portfolio(source: Source, config: PortfolioConfig, memo: Memo | None = None) -> Loaded:
    """Read and validate every file. With a ``memo``, a partnership whose files have the same
    content ids as one loaded before is reused, findings and all, without reading it again."""
    limits = config.limits
    loaded = Loaded(Portfolio(config, None, []), [], source, limits, memo=memo or Memo())
    files = source.files()
    if source.is_link(PARTNERSHIPS_DIR):  # refused like a linked partnership folder: nothing in it is read
        loaded.findings.append(
            Finding(
                UNREADABLE,
                PARTNERSHIPS_DIR,
                f"{PARTNERSHIPS_DIR}/ is a symbolic link; partnerkit does not follow links",
                f"replace the link with the {PARTNERSHIPS_DIR}/ folder itself, holding the partnership folders",
            )
        )
        files = [path for path in files if not path.startswith(f"{PARTNERSHIPS_DIR}/")]
    listing = tuple(files)
    if listing not in loaded.memo.layouts:
        loaded.memo.layouts[listing] = _Layout.of(files)
    layout = loaded.memo.layouts[listing]
    for path in layout.loose:
        if source.is_link(path):
            loaded.findings.append(
                Finding(
                    UNREADABLE,
                    path,
                    "this is a symbolic link; partnerkit does not follow links",
                    "replace the link with the partnership folder itself",
                )
            )
        else:
            loaded.findings.append(
                Finding(
                    UNKNOWN_FILE,
                    path,
                    "only partnership folders belong directly in partnerships/",
                    "move this into a partnership folder, or delete it",
                )
            )
    by_folder = layout.folders
    blob_id: Callable[[str], str | None] | None = getattr(source, "blob_id", None)
    if blob_id:
        for folder, paths in layout.paths.items():
            blobs = tuple(map(blob_id, paths))
            if None not in blobs:  # the size limit decides what can be read
                loaded.content_keys[folder] = (folder, paths, blobs, limits)
    known = {folder for folder, key in loaded.content_keys.items() if key in loaded.memo.partnerships}
    wanted = [PEOPLE_FILE] if PEOPLE_FILE in files else []
    wanted += [
        f"{folder}/{name}"
        for folder, names in by_folder.items()
        if folder not in known
        for name in names
        if name in PARTNERSHIP_FILES
    ]
    parsed = _parse_all(source, wanted, limits, loaded.memo)
    if PEOPLE_FILE in files:
        people, omitted = validate_partially(People, parsed[PEOPLE_FILE], PEOPLE_FILE, loaded)
        if omitted and ("people",) in omitted.items:
            people = None  # `people:` itself is of the wrong kind: nobody is known
        elif omitted:  # a person whose entry is invalid still exists: their handle is no unknown person
            loaded.portfolio.invalid_people = frozenset(
                str(item[1]) for item in omitted.items if len(item) == 2 and item[0] == "people"
            )
        loaded.portfolio.people = people
    else:
        loaded.findings.append(
            Finding(
                MISSING_FILE,
                PEOPLE_FILE,
                "the portfolio has no people.yaml, so no handle can be checked",
                "create people.yaml listing your team under `people:`",
            )
        )
    for folder in sorted(by_folder):
        key = loaded.content_keys.get(folder)
        if folder in known:
            partnership, findings, readable = loaded.memo.partnerships[key]
            loaded.findings.extend(findings)
            loaded.parsed.update(readable)
        else:
            partnership, findings, readable = _load_partnership(folder, by_folder[folder], parsed, loaded)
            if key:
                loaded.memo.partnerships[key] = (partnership, findings, readable)
        loaded.portfolio.partnerships.append(partnership)
    _check_ids(loaded)
    return loaded


@dataclass(frozen=True)
class _Layout:
    """What a list of files says about the partnerships: the same list, the same layout, so
    the revisions of a history with the same files share one."""

    folders: dict[str, list[str]]  # partnership folder -> the names of its files, sorted
    paths: dict[str, tuple[str, ...]]  # partnership folder -> its files' paths, in that order
    loose: tuple[str, ...]  # what sits directly in partnerships/ (a stray file, or a link)

    @classmethod
    def of(cls, files: list[str]) -> _Layout:
        folders: dict[str, list[str]] = {}
        loose = []
        for path in files:
            top, _, rest = path.partition("/")
            if top != PARTNERSHIPS_DIR:
                continue
            name, inside, inner = rest.partition("/")
            if inside:
                folders.setdefault(f"{top}/{name}", []).append(inner)
            else:
                loose.append(path)
        for names in folders.values():
            names.sort()
        paths = {folder: tuple(f"{folder}/{name}" for name in names) for folder, names in folders.items()}
        return cls(folders, paths, tuple(loose))


def _parse_all(source: Source, paths: list[str], limits: Limits, memo: Memo) -> dict[str, Any]:
    """Each file's data; a content id seen before (in ``memo``) is not parsed again."""
    ids = {path: content_id(source, path) for path in paths}
    if hasattr(source, "prefetch"):
        source.prefetch(paths, limits.max_file_bytes)  # read before the parser forks: git must stay in this process
    keys = {path: (ids[path], limits) for path in paths if ids[path]}  # over the limit, a file is not read
    known = {path: memo.parsed[keys[path]] for path in keys if keys[path] in memo.parsed}
    fresh = parse_many([p for p in paths if p not in known], lambda path: read_and_parse(source, path, limits))
    for path, data in fresh.items():
        fresh[path] = data = _keep_first(source, path, limits, data)
        if path in keys:
            memo.parsed[keys[path]] = data
    return {**fresh, **known}


def _load_partnership(
    folder: str, names: list[str], parsed: dict[str, Any], loaded: Loaded
) -> tuple[Partnership, list[Finding], set[str]]:
    """The partnership, what loading it found, and which of its files parsed (so can be located)."""
    start = len(loaded.findings)
    partnership = Partnership(folder)
    pid = partnership.id
    for name in sorted(names):
        if name in PARTNERSHIP_FILES:
            partnership.present.add(name)
            path = partnership.file(name)
            # pop: the raw data is dropped as soon as its model exists, halving peak memory
            model, omitted = validate_partially(PARTNERSHIP_FILES[name], parsed.pop(path), path, loaded, pid)
            setattr(partnership, name.removesuffix(".yaml"), model)
            if omitted:
                partnership.omitted[name] = omitted
            if model is None or omitted:
                partnership.unread[name] = _searchable(loaded.source, path, loaded.limits)
        elif "/" not in name:
            close = difflib.get_close_matches(name, list(PARTNERSHIP_FILES), n=1, cutoff=0.7)
            hint = f"did you mean {close[0]}?" if close else f"partnership files are: {', '.join(PARTNERSHIP_FILES)}"
            loaded.findings.append(
                Finding(
                    UNKNOWN_FILE,
                    partnership.file(name),
                    f"{name} is not a partnership file partnerkit knows",
                    hint,
                    partnership=pid,
                )
            )
    is_folder = getattr(loaded.source, "is_folder", None)  # an empty folder is in no listing
    for name in PARTNERSHIP_FILES:
        if name not in partnership.present and (
            any(n.startswith(f"{name}/") for n in names) or (is_folder and is_folder(partnership.file(name)))
        ):
            partnership.present.add(name)  # it is there, only not as a file: not "missing"
            loaded.findings.append(
                Finding(
                    UNREADABLE,
                    partnership.file(name),
                    f"{name} is a folder, not a file",
                    f"move what is in the folder elsewhere, then write {name} as a YAML file",
                    partnership=pid,
                )
            )
    for name in REQUIRED_FILES:
        if name not in partnership.present:
            loaded.findings.append(
                Finding(
                    MISSING_FILE, folder, f"the partnership has no {name}", f"create {folder}/{name}", partnership=pid
                )
            )
    return (
        partnership,
        loaded.findings[start:],
        {path for path in map(partnership.file, names) if path in loaded.parsed},
    )


def _check_ids(loaded: Loaded) -> None:
    first: dict[str, str] = {}
    # A folder whose name is its id owns that id; copies elsewhere are the duplicates.
    owners_first = sorted(loaded.portfolio.partnerships, key=lambda p: p.charter is None or p.charter.id != p.id)
    for partnership in owners_first:
        charter = partnership.charter
        if charter is None:
            continue
        path = partnership.file("charter.yaml")
        if charter.id != partnership.id:
            loaded.findings.append(
                Finding(
                    ID_MISMATCH,
                    path,
                    f"the charter's id {charter.id!r} differs from its folder name {partnership.id!r}",
                    f"write `id: {partnership.id}`, or rename the folder to {charter.id}",
                    ("id",),
                    partnership=partnership.id,
                )
            )
        if charter.id in first:
            loaded.findings.append(
                Finding(
                    DUPLICATE_ID,
                    path,
                    f"the id {charter.id!r} is already used by {first[charter.id]}",
                    "give each partnership its own id",
                    ("id",),
                    partnership=partnership.id,
                    subject=charter.id,
                )
            )
        else:
            first[charter.id] = path
