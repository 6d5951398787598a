"""What people wrote can never drive the reader's terminal (issue #12, point 2).

The example portfolio, in git, with hostile values: a risk title, a partnership name, an
action, an evidence note and a KPI id holding an OSC 8 hyperlink, a screen clear, BEL, a C1
CSI, a bidirectional override and a carriage return (all written as YAML escapes, since raw
control characters are refused in files); an owner handle with ESC; partnership folders named
with ESC, an OSC 8 link, a line break, a carriage return and rich markup; a commit whose author
and subject hold escapes. Every command that prints text is run on it, piped (in-process)
and on a pseudo-terminal (the installed console script, in colour), and its output must hold
no raw control character (the only ESC on a terminal begins a colour), while showing each
value as written, with its control characters as visible escapes (``\\x1b``) and markup and
emoji codes as plain text.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import struct
import subprocess
import termios
import threading
from pathlib import Path

import pytest

from partnerkit.render.terminal_text import json_safe, markup, visible
from tests.conftest import EXAMPLE, console_script, invoke
from tests.test_gitsource import ENV, git

pytestmark = pytest.mark.slow  # git repositories, pseudo-terminals or the installed script: integration


EVIL = (
    "Evil \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x07 [red]x[/] :thumbs_up: "
    "\u202eexe.txt \x9b31m over\rwrite"
)
SHOWN = (
    r"Evil \x1b]8;;https://evil.example\x1b\link\x1b]8;;\x1b\ \x1b[2J\x07 [red]x[/] :thumbs_up: "
    r"\u202eexe.txt \x9b31m over\rwrite"
)
"""EVIL as every text output shows it."""
IN_CSV = SHOWN.replace(r"over\rwrite", "overwrite")
"""EVIL as CSV shows it, once the carriage returns (which a quoted CSV cell carries) are left out."""
OWNER = "li.wei\x1b[31m\x07"
FOLDERS = {
    "evil\x1b[0;31m": r"evil\x1b[0;31m",
    "link\x1b]8;;mailto:evil\x07x\x1b]8;;\x07": r"link\x1b]8;;mailto:evil\x07x\x1b]8;;\x07",
    "new\nline": r"new\nline",
    "cr\rret": r"cr\rret",
    "mark[red]up[bold]:thumbs_up:": "mark[red]up[bold]:thumbs_up:",
}
SUBJECT = "Subject \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x07"
AUTHOR = "Ana \x1b[2J"

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""What no output may carry raw: control characters other than tab and line feed, DEL, C1,
bidirectional controls, line separators."""
COLOUR = re.compile("\x1b\\[[0-9;]*m")
"""The one escape sequence partnerkit itself writes to a terminal: a colour (SGR)."""


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML 1.2 double-quoted scalar


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_hostile(root: Path) -> Path:
    """The example portfolio at ``root`` in git: a clean first commit, then the hostile one."""
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "clean")
    p = root / "partnerships" / "snowpeak-data"
    _edit(
        p / "risks.yaml",
        "title: Snowpeak ships native dashboards that compete with Northwind",
        "title: " + _yaml("Risk " + EVIL),
    )
    _edit(p / "charter.yaml", "name: Snowpeak Data Cloud technology alliance", "name: " + _yaml("Name " + EVIL))
    _edit(
        p / "actions.yaml",
        "title: Fix window-function push-down and rerun the certification suite",
        "title: " + _yaml("Action " + EVIL),
    )
    _edit(p / "actions.yaml", "owner: li.wei", "owner: " + _yaml(OWNER))
    _edit(
        p / "status.yaml",
        "    rag: green\n    evidence: FY27 alliance plan agreed by both sponsors; 120 target accounts mapped.",
        "    rag: red\n    evidence: " + _yaml("Evidence " + EVIL),
    )
    _edit(p / "kpis.yaml", "  - id: K1\n", "  - id: " + _yaml("K1\x1b[2J") + "\n")
    for name in FOLDERS:
        (root / "partnerships" / name).mkdir()
        (root / "partnerships" / name / "charter.yaml").write_text("id: x\n", encoding="utf-8")
    git(root, "add", "-A")
    subprocess.run(
        ["git", "commit", "-qm", SUBJECT],
        cwd=root,
        check=True,
        capture_output=True,
        env={**ENV, "GIT_AUTHOR_NAME": AUTHOR},
    )
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile") / "portfolio")


def commands(root: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each text-producing command on the hostile portfolio: (arguments, what it must show)."""
    r = str(root)
    day = ["--as-of", "2026-11-25"]
    folders = [f"partnerships/{shown}" for shown in FOLDERS.values()]
    return {
        "lint": (["lint", r, "--no-cache", *day], [*folders, r"li.wei\x1b[31m\x07"]),
        "lint github": (["lint", r, "--no-cache", "--format", "github", *day], [r"evil\x1b[0;31m", r"new\nline"]),
        "score": (["score", r, *day], list(FOLDERS.values())),
        "status": (["status", r, *day], list(FOLDERS.values())),
        "due": (["due", r, *day], ["Risk " + SHOWN, "Action " + SHOWN, r"(li.wei\x1b[31m\x07)", r"K1\x1b[2J"]),
        "diff": (["diff", "HEAD~1", "HEAD", "-C", r, *day], ["Name " + SHOWN, "Evidence " + SHOWN, r"evil\x1b[0;31m"]),
        "history": (
            ["history", "snowpeak-data", "-C", r, *day],
            [r"Ana \x1b[2J: Subject \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x07"],
        ),
        "history of the portfolio": (["history", "-C", r, *day], [r"Subject \x1b]8;;https://evil.example"]),
        "textconv": (
            ["textconv", str(root / "partnerships/snowpeak-data/risks.yaml")],
            [r'risk R1 title: "Risk Evil \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x07 [red]'],
        ),
        "export": (["export", r, *day], ["Name " + IN_CSV]),
        "export actions": (["export", r, "--what", "actions", *day], ["Action " + IN_CSV, r"li.wei\x1b[31m\x07"]),
        "unknown path": (["lint", "nowhere\x1b[2J\x07", *day], [r"nowhere\x1b[2J\x07"]),
        "unknown partnership": (["history", "evil\x1b[0;31x", "-C", r, *day], [r"evil\x1b[0;31m?"]),
    }


# -- the one function ---------------------------------------------------------------------------


def test_visible_shows_every_control_character_as_an_escape() -> None:
    assert visible(EVIL) == SHOWN
    assert visible("tab\there\nand there\x85\u2028\u2066x\u2069\ufeff\x7f") == (
        r"tab\there\nand there\x85\u2028\u2066x\u2069\ufeff\x7f"
    )
    assert visible("a\tb\nc\rd", keep="\t\n") == "a\tb\nc\\rd"
    text = "Ünïcødé, 中文, emoji 👍, [red]x[/], :thumbs_up:, C:\\dir\\"
    assert visible(text) is text  # nothing to show: the same object, no copy
    assert markup("[red]x[/]\x1b") == "\\[red]x\\[/]\\x1b"


def test_json_safe_keeps_the_data_and_writes_no_raw_control_character() -> None:
    document = {"title": EVIL, "id": "K1\x9b\u202e\x7f"}
    text = json_safe(json.dumps(document, ensure_ascii=False))
    assert json.loads(text) == document and not RAW.search(text)


# -- every command, piped -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(commands(Path("/portfolio"))))
def test_piped_output_shows_what_people_wrote_and_drives_nothing(hostile: Path, name: str) -> None:
    args, shown = commands(hostile)[name]
    result = invoke(args, env={"NO_COLOR": "1"})
    output = result.output
    if name.startswith("export"):  # CSV: a quoted cell carries CR and LF as they are
        output = output.replace("\r", "")
    assert not RAW.search(output), f"{name}: raw {RAW.search(output)!r} in {output!r}"
    for text in shown:
        assert text in output, f"{name}: {text!r} not in {output!r}"


def test_lint_keeps_a_finding_about_an_odd_folder_on_its_line(hostile: Path) -> None:
    output = invoke(["lint", str(hostile), "--no-cache", "--as-of", "2026-11-25"]).output
    lines = output.splitlines()
    about = [line for line in lines if "new" in line and "line" in line and "PK" in line]
    assert about and all(line.startswith(r"partnerships/new\nline") for line in about)
    assert not any(line.startswith(("line", "ret")) for line in lines)
    assert r"partnerships/cr\rret  PK012" in output


def test_json_outputs_carry_the_values_exactly_and_no_raw_control_character(hostile: Path) -> None:
    r, day = str(hostile), ["--as-of", "2026-11-25"]
    for args in (
        ["lint", r, "--no-cache", "--format", "json", *day],
        ["score", r, "--format", "json", *day],
        ["due", r, "--format", "json", *day],
        ["diff", "HEAD~1", "HEAD", "-C", r, "--format", "json", *day],
        ["history", "snowpeak-data", "-C", r, "--format", "json", *day],
    ):
        output = invoke(args).stdout
        assert not RAW.search(output), args
        json.loads(output)
    due = json.loads(invoke(["due", r, "--format", "json", *day]).stdout)
    assert "AC1 Action " + EVIL in [item["title"] for item in due["items"]]
    history = json.loads(invoke(["history", "snowpeak-data", "-C", r, "--format", "json", *day]).stdout)
    assert history["points"][-1]["subject"] == SUBJECT


def test_the_calendar_shows_control_characters_as_text(hostile: Path) -> None:
    ics = invoke(["due", str(hostile), "--format", "ics", "--as-of", "2026-11-25"]).stdout_bytes.decode()
    assert not RAW.search(ics.replace("\r\n", "\n"))
    unfolded = ics.replace("\r\n ", "")
    summaries = [line[len("SUMMARY:") :] for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")]
    values = [re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), s) for s in summaries]
    assert "snowpeak-data: action due: AC1 Action " + SHOWN in values


# -- every command, on a terminal ---------------------------------------------------------------


def on_terminal(runs: list[list[str]], cwd: Path, columns: int = 120, env: dict[str, str] | None = None) -> list[str]:
    """Run the installed console script once for each argument list, side by side, each on its
    own pseudo-terminal ``columns`` wide (standard output and error), in colour; their output,
    with the terminal's CRLF line ends read back as LF."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    environment.update(TERM="xterm-256color", **(env or {}))
    script = console_script()
    outputs: list[bytes] = [b""] * len(runs)
    processes, readers = [], []
    for i, args in enumerate(runs):
        main, side = os.openpty()
        fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        processes.append(
            subprocess.Popen(
                [script, *args], cwd=cwd, stdin=side, stdout=side, stderr=side, env=environment, close_fds=True
            )
        )
        os.close(side)

        def read(i: int = i, fd: int = main) -> None:
            chunks = []
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the process has ended and closed its side
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            os.close(fd)
            outputs[i] = b"".join(chunks)

        reader = threading.Thread(target=read)
        reader.start()
        readers.append(reader)
    for process in processes:
        process.wait(timeout=120)
    for reader in readers:
        reader.join(timeout=120)
    return [output.decode("utf-8", "replace").replace("\r\n", "\n") for output in outputs]


ON_A_TERMINAL = ("lint", "status", "due")
"""The commands the quick run takes through a terminal; the slow run takes them all."""


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(ON_A_TERMINAL, id="quick"),
        pytest.param(
            [name for name in commands(Path("/portfolio")) if name not in ON_A_TERMINAL],
            id="the rest",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_on_a_terminal_the_only_escapes_are_partnerkits_own_colours(hostile: Path, names: list[str]) -> None:
    named = {name: value for name, value in commands(hostile).items() if name in names}
    outputs = on_terminal([args for args, _ in named.values()], hostile, columns=1000)
    problems = []
    for (name, (_, shown)), output in zip(named.items(), outputs, strict=True):
        if "Traceback" in output:
            problems.append(f"{name}: {output}")
            continue
        plain = COLOUR.sub("", output)
        if name.startswith("export"):
            plain = plain.replace("\r", "")
        if RAW.search(plain):
            problems.append(f"{name}: raw {RAW.search(plain)!r}")
        problems += [f"{name}: {text!r} not shown" for text in shown if text not in plain]
    assert not problems, "\n".join(problems)
    assert any("\x1b[" in output for output in outputs)  # in colour: the check above saw partnerkit's own escapes
