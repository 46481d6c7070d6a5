"""The package's layers hold: import-linter's contracts (pyproject.toml, [tool.importlinter])
run in the suite, so a change that imports upwards fails here and in CI. And the contract is
not vacuous: a module importing from a layer above it is reported as broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from assistant.config import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_the_import_contracts_are_kept() -> None:
    done = _lint(PROJECT_ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """A copy of the package in which the vector store imports the answering package."""
    copy = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "assistant", copy / "assistant",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", copy / "pyproject.toml")
    vectors = copy / "assistant" / "stores" / "vectors.py"
    vectors.write_text(vectors.read_text(encoding="utf-8")
                       + "\nfrom assistant.answer import answering  # noqa\n", encoding="utf-8")
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=copy, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(copy), "PATH": ""})
    assert done.returncode != 0
    assert "assistant.stores.vectors -> assistant.answer.answering" in done.stdout
