"""One app instance in a process of its own, for the shared-database tests: the assistant, its
resources and its audit log built from the KLIMAT_* environment, as the app builds them
(assistant/ui/shared.py), driven by one JSON request per line on stdin, one JSON reply per line
on stdout. `python -m tests.pipeline.instance` from the project root."""

from __future__ import annotations

import json
import sys
from typing import Any

from assistant.answer.answering import Assistant
from assistant.config import get_settings
from assistant.pipeline.ingestion import Ingestor
from assistant.resources import Resources
from assistant.stores.audit import AuditLog


def main() -> None:
    settings = get_settings()
    resources = Resources(settings)
    assistant = Assistant(settings, resources=resources)
    audit = AuditLog.from_settings(settings)
    assert audit is not None
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        reply: Any
        if request["op"] == "ask":
            assistant.refresh_if_updated()  # what the app does before each question
            answer = assistant.ask(request["question"], rewrite=False)
            reply = {"id": audit.record(answer), "status": answer.status,
                     "figures": [f.public() for f in answer.figures]}
        elif request["op"] == "feedback":
            reply = {"ok": audit.feedback(request["id"], request["helpful"], request["comment"])}
        elif request["op"] == "recent_feedback":
            reply = [[e.answer_id, e.helpful, e.comment] for e in audit.recent_feedback()]
        elif request["op"] == "load":
            report = Ingestor(settings, resources=resources).load_statistics(
                request["data"], request["manifest"])
            reply = {"ok": report.ok, "summary": report.summary()}
        else:
            reply = {"error": f"unknown op {request['op']}"}
        print(json.dumps(reply, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()
