"""Mock REST APIs over generated data (``simulacra serve``).

``build_state(source)`` generates a spec (or opens a dataset) into a SQLite store and
returns the server's state; ``create_app(state)`` is the Starlette application;
``run(state, host, port)`` serves it under uvicorn. Needs the ``serve`` extra
(``pip install 'simulacra[serve]'``).
"""

from __future__ import annotations

from simulacra.serve.runner import build_state, create_app, require_extra, run

__all__ = ["build_state", "create_app", "require_extra", "run"]
