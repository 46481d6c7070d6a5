"""The optional language model's client: one code path (LangChain's `ChatOpenAI`) for
llama.cpp, Ollama (`http://localhost:11434/v1`), vLLM and hosted OpenAI-compatible endpoints.

With `KLIMAT_LLM_BASE_URL` and `KLIMAT_LLM_MODEL` unset nothing here runs and the offline answer
is the product.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from assistant.config import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

LOCAL_API_KEY = "ingen-nyckel"  # local servers want some key; never fall back to OPENAI_API_KEY


def llm_configured(settings: Settings) -> bool:
    """A model is used only when both the endpoint and the model name are set."""
    return bool(settings.llm_base_url.strip() and settings.llm_model.strip())


@cache  # one class, built on first use, so importing this module never imports langchain-openai
def _null_safe_chat_openai() -> type:
    from langchain_openai import ChatOpenAI

    class NullSafeChatOpenAI(ChatOpenAI):
        """LangChain replays an assistant tool-call turn with `content: null`; llama.cpp's server
        answers that with HTTP 500. An empty string means the same to every server."""

        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None,
                                 **kwargs: Any) -> dict:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            for message in payload.get("messages", []):
                if message.get("role") == "assistant" and message.get("content") is None:
                    message["content"] = ""
            return payload

    return NullSafeChatOpenAI


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no model is configured.

    The token cap goes in `extra_body` as `max_tokens`: langchain-openai sends its own
    `max_tokens` as `max_completion_tokens`, which llama.cpp and older Ollama ignore, and an
    uncapped local model generates until its context is full. Retries are off so a slow server
    costs one timeout, not three.
    """
    if not llm_configured(settings):
        return None
    chat_class = _null_safe_chat_openai()
    return chat_class(
        base_url=settings.llm_base_url.strip(),
        model=settings.llm_model.strip(),
        api_key=settings.llm_api_key or LOCAL_API_KEY,
        timeout=settings.llm_timeout,
        max_retries=0,
        temperature=0,
        extra_body={"max_tokens": settings.llm_max_tokens},
    )
