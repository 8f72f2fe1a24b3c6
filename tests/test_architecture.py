"""Guards on the code's shape: imports run one way (import-linter, contracts in
pyproject.toml), the package is type-clean (mypy, configured in pyproject.toml, since it
ships `py.typed`), and no module imports another module's private names.

Both tools run on this tree (`src/` first on the path), whatever kpilint is installed. They
are test extras (`pip install -e '.[test]'`, the README's test command): missing, the guards
fail rather than skip, so CI cannot pass without them."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from conftest import ROOT

SRC = ROOT / "src"


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=600)  # fmt: skip


def test_imports_run_one_way() -> None:
    lint = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    run = _tool("-c", lint)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_mypy_is_clean_on_src() -> None:
    run = _tool("-m", "mypy")
    assert run.returncode == 0, run.stdout + run.stderr


def _private_imports() -> set[tuple[str, str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kpilint"):
                source = node.module or ""
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__") and source != module:
                        found.add((module, source, alias.name))
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    assert _private_imports() == set()
