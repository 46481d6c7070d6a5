"""Issue 9: a document added with `ingest.py add` about a place the statistics do not know is
answered from the document, not refused or asked back by the figure engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.answer.answering import Assistant
from assistant.config import PROJECT_ROOT, Settings
from tests.conftest import cli_env

KISTA = """---
title: "Klimatarbetet i Kista"
doc_type: rapport
publisher: "Stadsdelsförvaltningen (testdokument)"
source_date: "2024-05-01"
---

# Klimatarbetet i Kista

Kista är en stadsdel i nordvästra Stockholm med många arbetsplatser inom it och telekom.

## Trafikens utsläpp

Stadsdelsförvaltningen har låtit beräkna att vägtrafiken i Kista släppte ut omkring 95 000 ton
koldioxid år 2020. Den största delen kom från pendling med bil till arbetsplatserna.

## Åtgärder

Förvaltningen vill halvera trafikens utsläpp till 2030, bland annat genom fler cykelbanor
och laddplatser vid arbetsplatserna.
"""


def test_added_document_about_a_district_is_answered_from_the_document(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store", knowledge_dir=tmp_path / "knowledge")
    (settings.knowledge_dir / "docs").mkdir(parents=True)
    source = tmp_path / "inkommet" / "kista.md"
    source.parent.mkdir()
    source.write_text(KISTA, encoding="utf-8")
    done = subprocess.run([sys.executable, "ingest.py", "add", str(source)], cwd=PROJECT_ROOT,
                          env=cli_env(settings), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    assistant = Assistant(settings)
    answer = assistant.ask("Hur mycket släppte trafiken i Kista ut 2020?")
    assert (answer.route, answer.status) == ("documents", "answered"), answer.answer
    assert "95 000 ton" in answer.answer and not answer.figures
    assert answer.sources[0].title == "Klimatarbetet i Kista"
    # The figure engine's own reading still stands for a question the document cannot answer.
    other = assistant.ask("Hur stora var utsläppen i Kista 2010?")
    assert other.status != "answered" and not other.figures
