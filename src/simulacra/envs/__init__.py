"""Agent environments: a generated database behind tools, a written policy, and tasks whose answers can be checked.

``build_environment`` writes the folder; ``Environment`` runs episodes in Gymnasium's shape; ``run_agent`` and
``score`` run agents over the tasks and judge them; ``serve`` (in ``simulacra.envs.mcp_server``) speaks MCP.
"""

from __future__ import annotations

from simulacra.envs.build import BuildResult, build_environment
from simulacra.envs.episode import Environment

__all__ = ["BuildResult", "Environment", "build_environment"]
