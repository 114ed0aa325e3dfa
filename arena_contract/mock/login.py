"""What a login and a token request carry, read as Arena reads them (the engine checks the
credentials against its users).

A body that is not a JSON object (or, for the token, a form) is 400 / code 400; anything
else that does not log in is Arena's 400 / 4001, decided by the engine.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson

from arena_contract.mock.errors import BAD_LOGIN, ArenaError, json_object, malformed


def login_credentials(body: bytes, default_workspace: int) -> tuple[str, str, Any]:
    """(email, password, workspace) of POST /login; the workspace is optional (Arena then
    picks the last-used one: ``default_workspace``), digits in a string are read as its
    number (seen in public clients). ArenaError when they cannot be a login."""
    credentials = json_object(body)
    email, password = credentials.get("email"), credentials.get("password")
    workspace = credentials.get("workspaceId")
    if workspace is None:
        workspace = default_workspace
    if isinstance(workspace, str) and workspace.isascii() and workspace.isdigit():
        workspace = int(workspace)
    if not isinstance(email, str) or not isinstance(password, str):
        raise ArenaError.coded(400, BAD_LOGIN)
    return email, password, workspace


def token_credentials(body: bytes) -> tuple[str, str]:
    """(client id, secret) of an OAuth client_credentials request (RFC 6749 section 4.4),
    as public clients use it: the client id is a user's email, the secret its password.
    Form-encoded or JSON; refused with Arena's 400 / 4001 (the mock's choice: Arena's pages
    show no token endpoint)."""
    try:
        if body.lstrip().startswith(b"{"):
            form = orjson.loads(body)
        else:
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        raise malformed() from None
    if not isinstance(form, dict):
        raise malformed()
    client, secret = form.get("client_id"), form.get("client_secret")
    if (
        form.get("grant_type") != "client_credentials"
        or not isinstance(client, str)
        or not isinstance(secret, str)
    ):
        raise ArenaError.coded(400, BAD_LOGIN)
    return client, secret
