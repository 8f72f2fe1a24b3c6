"""`kpilint value` as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpilint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_value_json_contract() -> None:
    out = run("value", "≤0.5 万元", "20万人次", "90%以上", "≥90", "--format", "json")
    assert out.returncode == 0, out.stderr
    cap, visits, pct, bare = json.loads(out.stdout)
    assert cap == {
        "text": "≤0.5 万元",
        "kind": "quantity",
        "op": "<=",
        "magnitude": 5000.0,
        "unit": "元",
        "dimension": "currency",
        "low": None,
        "high": None,
        "date": None,
        "grade": None,
        "error": None,
    }
    assert (visits["magnitude"], visits["unit"]) == (200000.0, "人次")
    assert (pct["op"], pct["magnitude"], pct["unit"]) == (">=", 90.0, "%")
    assert (bare["unit"], bare["dimension"]) == ("", "dimensionless")


def test_value_text_output_and_invalid_exit_code() -> None:
    out = run("value", "≥98 %", "≤4季度", "长期", "2021年安排")
    assert out.returncode == 1
    assert "magnitude=98 unit=% dimension=percent" in out.stdout
    assert "date=--12-31" in out.stdout
    assert "grade=ongoing" in out.stdout
    assert "错误" in out.stdout and "安排" in out.stdout
    assert "Traceback" not in out.stderr


def test_usage_error_is_exit_2_without_traceback() -> None:
    out = run("value")
    assert out.returncode == 2
    assert "用法错误" in out.stderr and "Traceback" not in out.stderr
