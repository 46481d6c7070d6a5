"""The answer-level golden set stays well-formed: every key fact occurs in the document that
answers it, every figures routing case names data the statistics hold, and the set keeps its
minimum sizes (tests/golden/check_answers_golden.py does the checking)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CHECKER = Path(__file__).parent.parent / "golden" / "check_answers_golden.py"


def test_answer_golden_set_is_consistent_with_the_knowledge_base(capsys) -> None:
    spec = importlib.util.spec_from_file_location("check_answers_golden", CHECKER)
    assert spec is not None and spec.loader is not None
    checker = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = checker  # dataclasses look their module up there
    spec.loader.exec_module(checker)
    code = checker.main()
    out = capsys.readouterr().out
    assert code == 0, out
