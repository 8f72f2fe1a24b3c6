"""The library as a Python developer meets it (issue 24): the error types importable from the
package, the project's configuration found as the command line finds it, documented names,
and a type checker that resolves the installed package."""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

import kpilint
from conftest import EXAMPLES, ROOT
from conftest import kpilint as run_kpilint


def test_the_error_types_are_exported_and_a_missing_file_raises_read_error(tmp_path) -> None:
    from kpilint import ConfigError, KpilintError, LimitError, ReadError, RuleError

    assert issubclass(ReadError, KpilintError) and issubclass(RuleError, KpilintError)
    assert issubclass(ConfigError, KpilintError) and issubclass(ConfigError, ValueError)
    assert issubclass(LimitError, ValueError)
    with pytest.raises(ReadError) as caught:
        kpilint.lint(tmp_path / "nowhere.yaml")
    assert caught.value.path.endswith("nowhere.yaml") and "nowhere.yaml" in str(caught.value)
    assert {"ReadError", "ConfigError", "KpilintError", "load_config"} <= set(kpilint.__all__)


def test_load_config_finds_the_projects_file_as_the_command_line_does(tmp_path) -> None:
    work = tmp_path / "bureau" / "drafts"
    work.mkdir(parents=True)
    shutil.copy(EXAMPLES / "defects.yaml", work / "d.yaml")
    (tmp_path / "bureau" / ".kpilint.yaml").write_text("ignore: [KPI301]\nseverity: {KPI102: warning}\n", "utf-8")
    config = kpilint.load_config(work)
    assert config.source == str(tmp_path / "bureau" / ".kpilint.yaml")
    cli = json.loads(run_kpilint("check", "d.yaml", "--format", "json", cwd=work).stdout)["findings"]
    linted = [f.to_json() for f in kpilint.lint(work / "d.yaml", config)]
    assert [(f["rule"], f["severity"], f["line"]) for f in linted] == [(f["rule"], f["severity"], f["line"]) for f in cli]
    assert "KPI301" not in {f["rule"] for f in linted}
    defaults = {f.rule for f in kpilint.lint(work / "d.yaml", kpilint.Config())}
    assert "KPI301" in defaults  # Config() is kpilint's defaults, not the project's
    explicit = kpilint.load_config(tmp_path, file=tmp_path / "bureau" / ".kpilint.yaml")
    assert explicit == config


@pytest.mark.parametrize("name", ["Config", "Finding", "lint", "check", "load_config"])
def test_the_public_names_say_what_they_are_for(name: str) -> None:
    doc = getattr(kpilint, name).__doc__ or ""
    assert not doc.startswith(f"{name}("), f"{name} has only the signature dataclasses write"
    assert len(doc.split()) >= 20, doc


@pytest.mark.slow
def test_mypy_resolves_the_package_after_the_readmes_editable_install(tmp_path) -> None:
    """The README's test command's install, in a fresh venv from a copy of the checkout, then
    mypy on a user's script outside the tree: the package is found and typed."""
    text = (ROOT / "README.md").read_text("utf-8")
    command = text.split("Run the tests:", 1)[1].split("```sh\n", 1)[1].split("\n", 1)[0]
    install = command.split(" && ")[0]
    assert install.startswith("pip install -e")
    src = tmp_path / "src-copy"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                             ".mypy_cache", ".hypothesis"))  # fmt: skip
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(Path.home()), "VIRTUAL_ENV": str(env_dir)}
    done = subprocess.run(install, shell=True, cwd=src, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    user = tmp_path / "user"
    user.mkdir()
    (user / "use.py").write_text(
        "from kpilint import Config, ReadError, lint, load_config\n\n"
        "reveal_type(lint('d.yaml', load_config('.')))\nreveal_type(ReadError)\n", "utf-8")  # fmt: skip
    typed = subprocess.run([str(bin_dir / "mypy"), "use.py"], cwd=user, env=env, capture_output=True, text=True,
                           timeout=600, check=False)  # fmt: skip
    assert "list[kpilint.findings.Finding]" in typed.stdout, typed.stdout + typed.stderr
    assert "import-not-found" not in typed.stdout
