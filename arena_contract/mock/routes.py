"""The mock's routes: which request is which endpoint, and who it comes from.

A path under ``/v1`` is told by ``paths.classify`` (the contract's endpoints and the
login's); an unknown path is 404 / code 404, a method the endpoint does not take 405 / code
405 with ``Allow``. A session is the ``arena_session_id`` header (matched
case-insensitively but exactly) or an ``Authorization: Bearer`` token.
"""

from __future__ import annotations

from arena_contract.exchange import Headers
from arena_contract.mock.errors import NO_RESOURCE, NOT_ALLOWED, ArenaError
from arena_contract.mock.target import segment
from arena_contract.paths import EndpointKind, classify

BASE_PATH = "/v1"
SESSION_HEADER = "arena_session_id"

# kind -> (the allowed methods, path segments after /v1). Counting segments
# makes the end-anchored patterns of paths.classify match the whole path.
_ROUTES: dict[EndpointKind, tuple[tuple[str, ...], int]] = {
    "login": (("POST",), 1),
    "logout": (("PUT",), 1),
    "token": (("POST",), 2),
    "import-list": (("GET", "POST"), 1),
    "import": (("GET", "PUT"), 2),
    "run-list": (("GET", "POST"), 3),
    "run": (("GET", "PUT"), 4),
    "submit-content": (("GET",), 5),
    "result-content": (("GET",), 5),
    "error-content": (("GET",), 5),
}
#: What the drift switches are told an answer is, where the method makes the difference.
_ANSWER_KINDS: dict[tuple[str, EndpointKind], str] = {
    ("POST", "import-list"): "import-create",
    ("PUT", "import"): "import-edit",
    ("POST", "run-list"): "run-start",
    ("PUT", "run"): "run-commit",
}


def route(method: str, path: str) -> tuple[EndpointKind, dict[str, str]]:
    """The endpoint ``method`` ``path`` (still percent-encoded) asks for, and its GUIDs
    (decoded); ArenaError 404 or 405 when there is none."""
    rest = path[len(BASE_PATH) :] if path.startswith(BASE_PATH + "/") else ""
    kind, params = classify(rest) if rest else (None, {})
    found = _ROUTES.get(kind) if kind else None
    if kind is None or found is None or rest.removesuffix("/").count("/") != found[1]:
        raise ArenaError.coded(404, NO_RESOURCE)
    if method not in found[0]:
        raise ArenaError.coded(405, NOT_ALLOWED, headers=(("Allow", ", ".join(found[0])),))
    return kind, {name: segment(value) for name, value in params.items()}


def answer_kind(method: str, kind: EndpointKind) -> str:
    """What the drift switches are told the answer is: the endpoint, or the write it did."""
    return _ANSWER_KINDS.get((method, kind), kind)


def is_login(method: str, raw_target: bytes) -> bool:
    """Whether the request logs in (POST /v1/login, or the token endpoint): Arena counts
    every request but the login."""
    path = raw_target.split(b"?", 1)[0].split(b"#", 1)[0].rstrip(b"/")
    return method == "POST" and path in (b"/v1/login", b"/v1/oauth/token")


def session_of(headers: Headers) -> str:
    """The session a request carries: its ``arena_session_id`` header, else an
    ``Authorization: Bearer`` token (as public clients send one); "" when neither."""
    session_id = headers.get(SESSION_HEADER, "")
    if session_id:
        return session_id
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
