"""Every command's --help, as a user types it: usage on stdout, exit 0, never a traceback."""

from __future__ import annotations

import pytest

from conftest import kpilint
from kpilint.cli import COMMANDS, build_parser

SUBCOMMANDS = ("check", "diff", "show", "convert", "new", "rules", "explain", "value")


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_of_every_command_prints_usage_and_exits_0(command: str) -> None:
    out = kpilint(command, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"usage: kpilint {command}") and "Traceback" not in out.stderr


def test_every_sub_command_is_covered_and_its_help_formats() -> None:
    """Each help text goes through argparse's %-formatting: a bare % in one (“≥90%”) is a crash."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(SUBCOMMANDS) and len(COMMANDS) == 7
    for name, command_parser in sub.choices.items():
        assert command_parser.format_help().startswith(f"usage: kpilint {name}"), name


def test_rules_as_json_for_scripts() -> None:
    import json

    out = kpilint("rules", "--format", "json")
    assert out.returncode == 0, out.stderr
    rules = {r["id"]: r for r in json.loads(out.stdout)}
    assert rules["KPI301"]["name"] == "satisfaction-not-percent" and rules["KPI301"]["fixable"] is True
    assert rules["KPI009"]["pack"] == "hebei" and rules["KPI009"]["enabled"] is False
    assert set(rules["KPI311"]["params"]) and all(r["what"] for r in rules.values())


def test_english_is_english_in_explain_and_in_the_counts() -> None:
    from conftest import EXAMPLES, example_findings

    explained = kpilint("explain", "KPI301", "--lang", "en").stdout
    assert "## What it checks" in explained and "## How to fix" in explained and "检查什么" not in explained
    tail = kpilint("check", str(EXAMPLES / "defects.yaml"), "--lang", "en").stdout.splitlines()
    assert any(line.endswith(") in 1 file, 2 projects") and line.startswith(f"{example_findings()} findings (2 errors, ")
               for line in tail), tail  # fmt: skip
