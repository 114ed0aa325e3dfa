"""One Arena session for the whole run: an existing one, or a login now and a logout at the end.

Arena allows one session per user: logging in as a user ends that user's other session,
so the probe should log in as a dedicated integration user (the settings warn).
The login happens at most once (a refused login is not retried: it would only spend the
quota and risk a lockout), and the logout is booked in the budget at login, so that it
is always sent, even when the budget stops the run. An existing session given by
ARENA_SESSION_ID belongs to the caller and is never logged out.
"""

from __future__ import annotations

import json
from typing import Any

from arena_contract.exchange import header_safe
from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import ArenaClient, ArenaUnreachable
from arena_contract.redact import redact_text, register_secret


class LoginFailed(ArenaUnreachable):
    """Arena refused the login (or answered it with no session id): one line."""


class SessionEnded(ArenaUnreachable):
    """Arena stopped accepting the run's session part-way: the run cannot go on."""


class ArenaSession:
    def __init__(
        self,
        client: ArenaClient,
        *,
        session_id: str | None = None,
        email: str | None = None,
        password: str | None = None,
        workspace_id: int | None = None,
        source: str = "ARENA_SESSION_ID",
    ) -> None:
        """``source``: where ``session_id`` came from, as the user would name it."""
        self._client = client
        self._email = email
        self._password = password
        self._workspace_id = workspace_id
        self.logins = 0
        self.logged_out: bool | None = None  # None: nothing to log out
        self.note = f"an existing session ({source})" if session_id else ""
        self._failure: ArenaUnreachable | None = None
        if session_id:
            register_secret(session_id)
            client.session_id = session_id

    def __repr__(self) -> str:  # the session id is a secret
        return f"ArenaSession(email={self._email!r}, logins={self.logins})"

    def ensure(self) -> None:
        """Log in, the first time a session is needed."""
        if self._client.session_id is not None:
            return
        if self._failure is not None:
            raise self._failure
        if self.logins:
            raise LoginFailed("the session was lost; not logging in again")
        credentials: dict[str, Any] = {"email": self._email, "password": self._password}
        if self._workspace_id is not None:
            credentials["workspaceId"] = self._workspace_id
        # Counted before it is sent: a login that may have reached Arena is never sent again,
        # whatever goes wrong after (an odd header, an interrupt, a bug of ours).
        self.logins += 1
        try:
            sent = self._client.send(
                "POST",
                "/login",
                part="session",
                label="login",
                session=None,
                json_body=json.dumps(credentials).encode(),
                reserve=1,
            )
        except BudgetExhausted:
            self.logins -= 1  # refused by the budget before it was sent
            raise
        except BaseException as exc:
            self._client.budget.release()  # no session id known: no logout to send
            self._failure = (
                exc
                if isinstance(exc, ArenaUnreachable)
                else LoginFailed(f"the login did not complete ({type(exc).__name__})")
            )
            raise
        session_id = _session_id(sent.exchange.body) if sent.exchange.status == 200 else None
        if not session_id:
            self._client.budget.release()  # no session: no logout to send
            self._failure = LoginFailed(_refusal(sent.exchange))
            raise self._failure
        register_secret(session_id)
        if not header_safe(session_id):
            # Nothing can be sent with it, not even the logout: stop here, with one line,
            # rather than count each request that fails to encode as one sent.
            self._client.budget.release()
            self._failure = LoginFailed(
                "the login answered a session id that cannot be sent in a header (it holds "
                "a blank, a control or a non-ASCII character); nothing more was sent"
            )
            raise self._failure
        self._client.session_id = session_id
        self.logged_out = False
        self.note = f"logged in as {self._email}"

    def ended(self, origin: str) -> SessionEnded:
        """Arena answered 401 to ``origin``, a request with the run's session: it has ended
        (90 idle minutes, or another login as the same user). Logging in again would end
        that other login's session in turn, perhaps a production integration's, so this
        session is given up: nothing is sent with it again, not even the logout."""
        self._client.session_id = None
        if self.logged_out is False:
            self.logged_out = None
            self._client.budget.release()  # the logout booked at login
        self.note += "; ended by Arena part-way"
        self._failure = SessionEnded(
            f"Arena no longer accepts the session (HTTP 401 to {origin}): it ended after 90 "
            "idle minutes or at another login as the same user; not logging in again, which "
            "would end that other session"
        )
        return self._failure

    def close(self) -> None:
        """Log out when this run logged in; never raises (it runs at the very end)."""
        if self.logged_out is not False:
            return
        try:
            sent = self._client.send(
                "PUT", "/logout", part="session", label="logout", reserved=True
            )
        except Exception as exc:  # the run is ending: say it, do not raise
            reason = str(exc) if isinstance(exc, ArenaUnreachable) else type(exc).__name__
            self.note += f"; logout failed: {redact_text(reason)}"
            return
        finally:
            self._client.session_id = None
        self.logged_out = sent.exchange.status is not None and sent.exchange.status < 300
        self.note += (
            ", logged out"
            if self.logged_out
            else (f"; logout answered HTTP {sent.exchange.status}")
        )


def _session_id(body: Any) -> str | None:
    # Arena's page says arena_session_id; many clients read arenaSessionId: take either.
    if not isinstance(body, dict):
        return None
    value = body.get("arena_session_id") or body.get("arenaSessionId")
    return value if isinstance(value, str) and value else None


def _refusal(exchange: Any) -> str:
    body = exchange.body
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        detail = f"code {first.get('code')}: {first.get('message')}"
    elif exchange.body_error:
        detail = "the answer is not JSON"
    else:
        detail = "no session id in the answer"
    return redact_text(f"login refused: HTTP {exchange.status}, {detail}")
