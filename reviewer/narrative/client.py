"""The chat model for an OpenAI-compatible endpoint (OpenAI, Azure OpenAI's v1 API, Ollama,
vLLM, llama.cpp). Imported only when a narrative runs: openai and langchain take about a
second to load."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.narrative.settings import Endpoint

if TYPE_CHECKING:
    from collections.abc import Callable

    from langchain_core.language_models import BaseChatModel


def chat_model(endpoint: Endpoint) -> tuple[BaseChatModel, Callable[[], None]]:
    """The model, and a function that closes its connections."""
    import openai
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    # Our own HTTP client: the openai SDK's defaults (httpx2 under openai 3), no redirects
    # (a prompt must not follow a redirect to another host), and a timeout no longer than
    # the whole step's deadline. Retries are ours alone (reviewer.narrative.retry).
    http = openai.DefaultHttpxClient(timeout=endpoint.timeout, follow_redirects=False)
    model = ChatOpenAI(model=endpoint.model, base_url=endpoint.base_url,
                       api_key=SecretStr(endpoint.api_key), max_retries=0,
                       timeout=endpoint.timeout, http_client=http, use_responses_api=False)
    return model, http.close
