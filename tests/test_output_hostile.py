"""Output that survives what a checkout and a shell throw at it: file names that are not
UTF-8 or that carry control characters, an output file in a missing directory, a reader
that closes the pipe early. Through the real console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.codes import RULES
from flake8_wraps.cli.report import render_github, render_json, render_sarif, render_text

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
DECORATOR = (
    "def deco(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
)
MESSAGE = (
    "WRP001 decorator 'deco' returns 'wrapper' without @functools.wraps(func):"
    " func's name and docstring are lost"
)
#: ``check``'s closing line, in the text format, after one fixable finding.
FOUND_ONE = "Found 1 error (1 fixable with `fix`)\n"
#: A file name a stranger may commit: a terminal escape, a carriage return, and a line
#: that GitHub would read as a workflow command of its own.
HOSTILE = "evil\x1b[2J\r\n::error file=x::pwned.py"
#: Control characters in output, but for the newline that ends each line.
CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, cwd=cwd, timeout=300)


def test_sarif_percent_encodes_the_bytes_of_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Previously a UnicodeEncodeError traceback (text, json and github worked)."""
    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(DECORATOR)
    result = run("check", "--format", "sarif", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    (sarif_run,) = json.loads(result.stdout)["runs"]
    (location,) = sarif_run["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "bad%FF.py", "uriBaseId": "%SRCROOT%"
    }


def test_json_keeps_the_bytes_of_a_name_that_is_not_utf8_as_python_escapes_them(
    tmp_path: Path,
) -> None:
    """JSON has no bytes: the name goes out as Python's escapes (``\\udcff``), in ASCII,
    and comes back as the same file through ``json.loads`` and ``os.fsencode``."""
    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(DECORATOR)
    result = run("check", "--format", "json", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert result.stdout.isascii()
    assert b'"path": "./bad\\udcff.py"' in result.stdout
    (finding,) = json.loads(result.stdout)
    assert os.fsencode(finding["path"]) == b"./bad\xff.py"
    assert (tmp_path / finding["path"]).read_text() == DECORATOR


def test_an_output_file_in_a_missing_directory_is_created(tmp_path: Path) -> None:
    """Previously FileNotFoundError; flake8 and ruff make the directory."""
    (tmp_path / "timing.py").write_text(DECORATOR)
    result = run("check", "-o", "missing/dir/out.txt", "timing.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, b"", b"")
    assert (tmp_path / "missing" / "dir" / "out.txt").read_text() == (
        f"timing.py:2:5: {MESSAGE}\n{FOUND_ONE}"
    )


def test_an_output_file_holds_a_name_that_is_not_utf8_as_its_bytes(tmp_path: Path) -> None:
    """Previously a UnicodeEncodeError: the file was opened for strict UTF-8."""
    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(DECORATOR)
    result = run("check", "-o", "out.txt", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert (tmp_path / "out.txt").read_bytes() == (
        f"./bad\xff.py:2:5: {MESSAGE}\n{FOUND_ONE}".encode("latin-1")
    )


@pytest.mark.parametrize(
    "arguments",
    [("check", "many.py"), ("explain", "many.py:2"), ("rule", "WRP001")],
    ids=lambda arguments: arguments[0],
)
def test_a_closed_pipe_ends_the_output_quietly(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    """``... | head -1``: previously a BrokenPipeError traceback. The reader is gone
    before the first write, as when ``head`` has had its line."""
    (tmp_path / "many.py").write_text("\n\n".join([DECORATOR] * 50))
    process = subprocess.Popen(
        [str(SCRIPT), *arguments], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    assert (process.wait(timeout=300), errors) == (1, b"")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A file whose name carries control characters, and whose reported line carries a
    raw escape sequence in a comment."""
    source = DECORATOR.replace("**kwargs):", "**kwargs):  # \x1b[2J")
    (tmp_path / HOSTILE).write_text(source)
    return tmp_path


def test_text_escapes_control_characters_of_the_path_and_the_source(hostile: Path) -> None:
    result = run("check", "--show-source", HOSTILE, cwd=hostile)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        f"evil\\x1b[2J\\r\\n::error file=x::pwned.py:2:5: {MESSAGE}",
        "    def wrapper(*args, **kwargs):  # \\x1b[2J",
        "    ^",
        "= note: 'wrapper' replaces the decorated function's name, qualified name, docstring,"
        " signature and __wrapped__; add @functools.wraps(func) above 'def wrapper'",
        FOUND_ONE.rstrip("\n"),
    ]
    assert not CONTROL.search(result.stdout)


def test_github_annotations_stay_one_line_each(hostile: Path) -> None:
    """Previously the escape sequence reached the log, and only \\r and \\n were encoded."""
    result = run("check", "--format", "github", HOSTILE, cwd=hostile)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        "::warning file=evil\\x1b[2J\\r\\n%3A%3Aerror file=x%3A%3Apwned.py,line=2,col=5,"
        f"title=WRP001::{MESSAGE}\n"
    )


def test_json_and_sarif_keep_the_name_through_their_escaping(hostile: Path) -> None:
    as_json = run("check", "--format", "json", HOSTILE, cwd=hostile)
    assert not CONTROL.search(as_json.stdout)
    assert [finding["path"] for finding in json.loads(as_json.stdout)] == [HOSTILE]
    sarif = run("check", "--format", "sarif", HOSTILE, cwd=hostile)
    assert not CONTROL.search(sarif.stdout)
    (location,) = json.loads(sarif.stdout)["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == (
        "evil%1B%5B2J%0D%0A%3A%3Aerror%20file%3Dx%3A%3Apwned.py"
    )


def test_a_message_with_control_characters_is_escaped_by_every_format() -> None:
    """Whoever wrote the message (a finding read back from elsewhere): each format
    renders it without raw control characters."""
    (rule,) = [rule for rule in RULES if rule.name == "missing-wraps"]
    fields = (
        ("kind", "decorator"), ("decorator", "deco\x1b]0;title\x07"),
        ("wrapper", "wrapper\r\n::error::x"), ("wrapped", "func\x9b31m"),
    )
    located = [("m.py", Finding(2, 4, rule, fields))]

    def no_lines(path: str, line: int) -> str:
        return ""

    text = render_text(located, no_lines, colour=True)
    assert text.startswith(
        "\x1b[1mm.py\x1b[0m\x1b[36m:\x1b[0m2\x1b[36m:\x1b[0m5\x1b[36m:\x1b[0m \x1b[1;31mWRP001"
        "\x1b[0m decorator 'deco\\x1b]0;title\\x07' returns 'wrapper\\r\\n::error::x'"
    )
    assert "\x07" not in text and "\r" not in text and "\x9b" not in text
    assert render_github(located) == (
        "::warning file=m.py,line=2,col=5,title=WRP001::WRP001 decorator"
        " 'deco\\x1b]0;title\\x07' returns 'wrapper\\r\\n::error::x' without"
        " @functools.wraps(func\\x9b31m): func\\x9b31m's name and docstring are lost\n"
    )
    for rendered in (render_json(located, no_lines), render_sarif(located, no_lines, "0")):
        assert not CONTROL.search(rendered.encode("utf-8"))
        assert "\x9b" not in rendered
    (result,) = json.loads(render_sarif(located, no_lines, "0"))["runs"][0]["results"]
    assert result["message"]["text"].startswith(
        "decorator 'deco\\x1b]0;title\\x07' returns 'wrapper\\r\\n::error::x'"
    )


def test_status_and_error_lines_escape_control_characters_of_the_path(hostile: Path) -> None:
    """Previously ``fix`` and ``check`` wrote the name as it is to the terminal."""
    fixed = run("fix", HOSTILE, cwd=hostile)
    assert (fixed.returncode, fixed.stderr) == (0, b"")
    assert fixed.stdout.decode() == (
        "evil\\x1b[2J\\r\\n::error file=x::pwned.py: fixed 1 finding\nfixed 1 finding in 1 file\n"
    )
    (hostile / HOSTILE).write_text("def broken(:\n")
    checked = run("check", HOSTILE, cwd=hostile)
    assert (checked.returncode, checked.stdout) == (2, b"")
    assert checked.stderr.decode().startswith(
        "evil\\x1b[2J\\r\\n::error file=x::pwned.py: not valid Python (line 1: "
    )
    assert checked.stderr.count(b"\n") == 1 and not CONTROL.search(checked.stderr)


def test_a_name_the_output_encoding_cannot_write_is_escaped(tmp_path: Path) -> None:
    """A hostile pass: with an ASCII standard output (``PYTHONIOENCODING=ascii``, as a
    Windows console's code page lacks most names) ``check`` died with a UnicodeEncodeError
    traceback at the first non-ASCII identifier, and ``fix`` after rewriting the file."""
    (tmp_path / "m.py").write_text(
        "def d\u00e9corer(fonction):\n    def enveloppe(*a):\n        return fonction(*a)\n"
        "    return enveloppe\n\n\n@d\u00e9corer\ndef f(x):\n    return x\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(SCRIPT), "check", "--no-cache", "m.py"], capture_output=True, cwd=tmp_path,
        timeout=300, env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert (result.returncode, result.stderr) == (1, b"")
    assert result.stdout.decode("ascii").splitlines() == [
        "m.py:2:5: WRP001 decorator 'd\\xe9corer' returns 'enveloppe' without"
        " @functools.wraps(fonction): fonction's name and docstring are lost",
        "Found 1 error (1 fixable with `--unsafe-fixes`)",
    ]
