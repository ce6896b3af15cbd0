"""The optional language-model backend: one client for any OpenAI-compatible chat-completions endpoint.

Nothing in simulacra needs it: every command has an offline method and says which it
used. Nothing downloads models; point ``--backend URL --model NAME`` at a server you run
(Ollama, vLLM, llama.cpp's server) or a hosted endpoint, with the key in the environment
variable named by ``--api-key-env``.
"""

from simulacra.llm._client import (
    BackendConfig,
    BackendError,
    ChatClient,
    Completion,
    cache_key,
)

__all__ = ["BackendConfig", "BackendError", "ChatClient", "Completion", "cache_key"]
