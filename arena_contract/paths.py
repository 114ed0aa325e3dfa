"""Which Arena endpoint a URL path names: one place for the routes every part shares."""

from __future__ import annotations

import re
from typing import Literal

EndpointKind = Literal[
    "run-list",
    "run",
    "submit-content",
    "result-content",
    "error-content",
    "import-list",
    "import",
    "login",
    "logout",
    "token",
]

#: Arena GUIDs: 20 characters of A-Z and 0-9 (every sample in Arena's docs).
GUID_PATTERN = r"[A-Z0-9]{20}"
GUID_RE = re.compile(rf"^{GUID_PATTERN}$")

# A path segment, as sent (may be malformed: the rules check GUIDs, not the router).
_SEGMENT = r"[^/]+"
_RUN = rf"/imports/(?P<guid>{_SEGMENT})/runs/(?P<run>{_SEGMENT})"
_ROUTES: list[tuple[EndpointKind, re.Pattern[str]]] = [
    ("submit-content", re.compile(rf"{_RUN}/submitContent/?$")),
    ("result-content", re.compile(rf"{_RUN}/resultContent/?$")),
    ("error-content", re.compile(rf"{_RUN}/errorContent/?$")),
    ("run-list", re.compile(rf"/imports/(?P<guid>{_SEGMENT})/runs/?$")),
    ("run", re.compile(rf"{_RUN}/?$")),
    ("import-list", re.compile(r"/imports/?$")),
    ("import", re.compile(rf"/imports/(?P<guid>{_SEGMENT})/?$")),
    ("login", re.compile(r"/login/?$")),
    ("logout", re.compile(r"/logout/?$")),
    # The mock's OAuth client_credentials endpoint (public clients authenticate so; the path
    # is the mock's choice: Arena's pages show none).
    ("token", re.compile(r"/oauth/token/?$")),
]


def classify(path: str) -> tuple[EndpointKind | None, dict[str, str]]:
    """The endpoint a path names (matched at its end, so any base path works) and its params."""
    for kind, pattern in _ROUTES:
        match = pattern.search(path)
        if match:
            return kind, match.groupdict()
    return None, {}


def is_guid(value: str) -> bool:
    return bool(GUID_RE.match(value))


#: (method, endpoint) of every operation of the contract: capture readers keep only these
#: (tests/test_paths.py holds them to openapi.yaml, which is not read here: no YAML to route).
CONTRACT_REQUESTS: frozenset[tuple[str, EndpointKind]] = frozenset(
    {
        ("GET", "import-list"),
        ("POST", "import-list"),
        ("GET", "import"),
        ("PUT", "import"),
        ("GET", "run-list"),
        ("POST", "run-list"),
        ("GET", "run"),
        ("PUT", "run"),
        ("GET", "submit-content"),
        ("GET", "result-content"),
        ("GET", "error-content"),
    }
)
#: The endpoints whose answer is a file (CSV or XLSX), not JSON.
FILE_ENDPOINTS: frozenset[EndpointKind] = frozenset(
    {"submit-content", "result-content", "error-content"}
)
