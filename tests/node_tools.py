"""The Node tools of the OpenAPI field (Spectral, Redocly CLI, Prism), where installed.

Tests never download them: they use the copies an ``npm install --prefix DIR`` put in
``DIR/node_modules/.bin`` (``ARENA_NODE_TOOLS=DIR``; .ci/run sets it up with pinned versions)
or, failing that, commands of the same names on PATH. Elsewhere they skip, saying how to
install them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: The command each tool installs, and its npm package.
TOOLS = {
    "spectral": "@stoplight/spectral-cli",
    "redocly": "@redocly/cli",
    "prism": "@stoplight/prism-cli",
}

#: Quiet the tools' update notices and telemetry (no network beyond loopback in tests).
ENV = {
    **os.environ,
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_UPDATE_NOTIFIER": "1",
    "NPM_CONFIG_UPDATE_NOTIFIER": "false",
}


def node_tool(name: str) -> str:
    """The path of the tool's command, or skip the test saying how to get it."""
    package = TOOLS[name]
    if shutil.which("node") is None:
        pytest.skip(f"{package} needs Node.js, which is not installed")
    prefix = os.environ.get("ARENA_NODE_TOOLS")
    if prefix:
        found = Path(prefix) / "node_modules" / ".bin" / name
        if found.is_file():
            return str(found)
    found_on_path = shutil.which(name)
    if found_on_path:
        return found_on_path
    pytest.skip(
        f"{package} is not installed: npm install --prefix DIR {package}, "
        "then set ARENA_NODE_TOOLS=DIR"
    )
