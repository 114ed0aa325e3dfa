"""Who may log in, who is logged in, and the workspace's 24-hour request quota.

Assumptions (Arena's "Connecting and Permissions" and "POST Log In" pages):

- the mock is one workspace; a user logs in with email + password, and a
  ``workspaceId`` in the login body, if given, must be that workspace's id.
  Emails compare case-insensitively, passwords exactly;
- a session ends 90 minutes after its last request, and a second login by the
  same user cancels the first session;
- session ids are random (``secrets``), shaped like Arena's sample
  ``LABS-MXQKenjxWmyUIlJTKwQDfimkZksjpkO0|``, and never logged or repr'd;
- the quota (``workspaceRequestLimit``, 1000 by default) counts every request but
  a login, "whether successful or not" (api_licensing.md): 401s, 404s and the
  logout too; a login is neither counted nor refused for the quota;
- the window ends at the next midnight Pacific Time (api_licensing.md: "per 24 hour
  period, starting at midnight Pacific Time"), and the quota refills then.

These classes are not thread-safe on their own: the engine holds one lock
around every use, so a check and its count happen together.
"""

from __future__ import annotations

import hmac
import re
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from arena_contract.mock.clock import next_midnight_pacific
from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD

DEFAULT_USERS: Mapping[str, str] = {DEFAULT_EMAIL: DEFAULT_PASSWORD}
IDLE_TIMEOUT = timedelta(minutes=90)

_TOKEN_ALPHABET = string.ascii_letters + string.digits


#: What the mock's session ids look like (its request log masks anything of this shape).
SESSION_ID_SHAPE = re.compile(r"MOCK-[A-Za-z0-9]{32}\|?")


def new_session_id() -> str:
    return "MOCK-" + "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(32)) + "|"


@dataclass
class _Session:
    email: str
    last_seen: datetime


class Sessions:
    def __init__(self, users: Mapping[str, str], idle_timeout: timedelta = IDLE_TIMEOUT) -> None:
        self._passwords = {email.lower(): password for email, password in users.items()}
        self._idle_timeout = idle_timeout
        self._by_id: dict[str, _Session] = {}
        self._by_email: dict[str, str] = {}

    def __repr__(self) -> str:  # ids are secrets: count them, never show them
        return f"Sessions(users={len(self._passwords)}, live={len(self._by_id)})"

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(self._passwords)

    def password_ok(self, email: str, password: str) -> bool:
        expected = self._passwords.get(email.lower())
        return expected is not None and hmac.compare_digest(
            expected.encode("utf-8"), password.encode("utf-8")
        )

    def open(self, email: str, now: datetime) -> str:
        """Start a session for ``email``, ending the one it had."""
        email = email.lower()
        self._by_id.pop(self._by_email.pop(email, ""), None)
        session_id = new_session_id()
        self._by_id[session_id] = _Session(email, now)
        self._by_email[email] = session_id
        return session_id

    def touch(self, session_id: str, now: datetime) -> str | None:
        """The email of a live session (its idle timer restarts), or None."""
        session = self._by_id.get(session_id)
        if session is None:
            return None
        if now - session.last_seen >= self._idle_timeout:
            self.close(session_id)
            return None
        session.last_seen = now
        return session.email

    def close(self, session_id: str) -> None:
        session = self._by_id.pop(session_id, None)
        if session is not None and self._by_email.get(session.email) == session_id:
            del self._by_email[session.email]

    @property
    def live(self) -> int:
        return len(self._by_id)


class Quota:
    """Requests left in the workspace's current window (until the next midnight Pacific)."""

    def __init__(self, limit: int, start: datetime) -> None:
        if limit < 0:
            raise ValueError("the request quota cannot be negative")
        self.limit = limit
        self.used = 0
        self.reset_at = next_midnight_pacific(start)

    def roll(self, now: datetime) -> None:
        """Start a fresh window when the current one has passed."""
        if now >= self.reset_at:
            self.used = 0
            self.reset_at = next_midnight_pacific(now)

    def take(self, now: datetime) -> bool:
        """Count one request; False (nothing counted) when the quota is spent."""
        self.roll(now)
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    @property
    def remaining(self) -> int:
        return self.limit - self.used
