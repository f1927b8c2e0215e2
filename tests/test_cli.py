"""The command line: exit codes 0/1/2/3, one line per failure, and a README that matches every --help."""
import argparse
import re
from pathlib import Path

import pytest

from data_pipeline import cli, errors

ROOT = Path(__file__).resolve().parents[1]
BODY = ("The health ministers of Ruritania and Freedonia met in Riga on Wednesday to coordinate vaccine orders. "
        "Both ministers called the meeting productive.\n")


def _run(src: Path, out: Path, *extra: str) -> int:
    return cli.main(["build", str(src), "--out", str(out), "--no-progress", "--no-cache", *extra])


def test_cli_exit_codes_are_the_documented_ones():
    assert (errors.EXIT_OK, errors.EXIT_PARTIAL, errors.EXIT_USAGE, errors.EXIT_FAILED) == (0, 1, 2, 3)
    assert (cli.EXIT_OK, cli.EXIT_PARTIAL, cli.EXIT_USAGE, cli.EXIT_FAILED) == (0, 1, 2, 3)


def test_cli_exit_0_published_and_1_published_with_skips(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(BODY)
    (src / "copy.txt").write_text(BODY)  # a duplicate: its text is in the build, so not a failure
    assert _run(src, tmp_path / "data") == cli.EXIT_OK
    (src / "empty.txt").write_text("")
    assert _run(src, tmp_path / "data") == cli.EXIT_PARTIAL


@pytest.mark.parametrize("argv", [["build", "--workers", "0"], ["build", "--max-bytes", "0"],
                                  ["build", "--field-map", "body"], ["build", "--no-such-option"],
                                  ["frobnicate"], ["topics", "suggest", "--top", "0"]])
def test_cli_exit_2_usage_error(argv, capsys):
    try:
        rc = cli.main(argv)
    except SystemExit as exc:  # argparse's own errors
        rc = exc.code
    assert rc == cli.EXIT_USAGE and capsys.readouterr().err.strip()


def test_cli_exit_3_failed_with_one_line(tmp_path, capsys):
    assert _run(tmp_path / "missing", tmp_path / "data") == cli.EXIT_FAILED
    assert capsys.readouterr().err == f"error: {tmp_path / 'missing'}: input path does not exist\n"


def test_cli_unexpected_error_is_exit_3_and_one_line_with_the_traceback_on_request(tmp_path, monkeypatch, capsys):
    from data_pipeline.run import build as B

    def broken(*args, **kwargs):
        raise KeyError("spam")

    monkeypatch.setattr(B, "read_inputs", broken)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(BODY)
    assert _run(src, tmp_path / "data") == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: internal error: KeyError: 'spam'") and "--verbose" in err
    assert _run(src, tmp_path / "data", "--verbose") == cli.EXIT_FAILED
    assert "Traceback" in capsys.readouterr().err


def test_cli_error_message_with_a_newline_stays_one_line(tmp_path, capsys):
    assert _run(tmp_path / "no\nsuch", tmp_path / "data") == cli.EXIT_FAILED
    assert capsys.readouterr().err.count("\n") == 1


# ---- the README documents every subcommand and option, and nothing else (as datasette keeps its docs) ----

def _subcommands() -> dict[str, argparse.ArgumentParser]:
    """'build', 'actors suggest', 'topics suggest' -> their parsers."""
    found = {}

    def walk(p: argparse.ArgumentParser, prefix: str) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and prefix:
            found[prefix] = p
        for action in subs:
            for name, child in action.choices.items():
                walk(child, f"{prefix} {name}".strip())

    walk(cli.parser(), "")
    return found


def _options(p: argparse.ArgumentParser) -> set[str]:
    return {s for a in p._actions for s in a.option_strings if s.startswith("--") and s != "--help"}


def _readme_sections() -> dict[str, str]:
    """'build' -> the text of README's `### \\`build ...\\`` section under "## Command line"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    return {re.sub(r" \[.*", "", m.group(1)): m.group(2)
            for m in re.finditer(r"^### `([^`]+)`\n(.*?)(?=^### |\Z)", part, re.S | re.M)}


def test_cli_readme_documents_every_subcommand_and_option():
    sections, commands = _readme_sections(), _subcommands()
    assert set(sections) == set(commands)
    for name, text in sections.items():
        named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))
        help_text = commands[name].format_help()
        assert {o for o in named if o not in help_text} == set(), f"README names options `{name} --help` lacks"
        assert _options(commands[name]) - named == set(), f"options of `{name}` missing from the README"


def test_cli_readme_command_examples_use_real_options():
    commands = _subcommands()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if "-m data_pipeline " in ln and "--" in ln]
    assert lines
    for line in lines:
        words = line.split("-m data_pipeline ", 1)[1].split()
        name = next((n for n in (" ".join(words[:2]), words[0]) if n in commands), None)
        known = _options(commands[name] if name else cli.parser()) | {"--help"}  # else: the top level
        for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line.split("#")[0]):
            assert opt in known, f"{opt} in: {line}"
