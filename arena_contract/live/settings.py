"""Resolving and checking the probe's options: flag, then environment, then ini, then default.

Everything a user can get wrong is refused here with one line (:class:`SettingsError`),
before any request is sent: a plain-http URL to another host, a GUID that is not one,
credentials in the URL, a login without a password.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from arena_contract.config import ConfigError, Policy
from arena_contract.exchange import header_safe
from arena_contract.live.options import MAX_RESPONSE_BYTES, OPTIONS, Option, Surface, spelling
from arena_contract.paths import is_guid
from arena_contract.redact import register_secret
from arena_contract.safe_files import UnusableFile, check_directory, user_path
from arena_contract.suggest import did_you_mean

MOCK = "mock"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """A usage error, told in one line."""


@dataclass(frozen=True)
class Settings:
    url: str = MOCK
    email: str | None = None
    password: str | None = field(default=None, repr=False)
    workspace_id: int | None = None
    session_id: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    usage_reason: str | None = None
    import_guids: tuple[str, ...] = ()
    max_imports: int = 2
    max_requests: int = 200
    min_remaining: int = 100
    max_response_bytes: int = MAX_RESPONSE_BYTES
    record: Path | None = None
    timeout: tuple[float, float] = (10.0, 30.0)
    insecure: bool = False
    allow_http: bool = False
    examples: int = 25
    strict: bool = False
    mock_drift: tuple[str, ...] = ()
    #: The bundled mock's definitions, by their run counts (empty: its default five).
    mock_runs: tuple[int, ...] = ()
    plan: bool = False
    #: The project configuration's options (see ``policy``, made of them and the file).
    config: str | None = None
    ignore: tuple[str, ...] = ()
    warn: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    baseline: str | None = None
    consumes: tuple[str, ...] = ()
    write_baseline: str | None = None
    #: Flags that carried a secret on the command line (each gets a warning).
    secret_flags: tuple[str, ...] = ()
    #: Where each option given was found: "command line", "ARENA_WARN", "ini arena_warn".
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: Severities, baseline and consumed fields, from the configuration file and the above.
    policy: Policy = field(default_factory=Policy, compare=False, repr=False)
    #: The surface the options were given on: messages spell options as it does.
    surface: Surface = "pytest"

    def flag(self, name: str) -> str:
        """Option ``name``'s flag as this run's surface spells it (``--max-requests`` on
        the command line, ``--arena-max-requests`` for pytest)."""
        return spelling(name, self.surface)

    def source_of(self, name: str) -> str:
        """Where option ``name``'s value came from, as the user would name it: its flag,
        its environment variable or its ini key."""
        source = self.sources.get(name.replace("-", "_"), "")
        return self.flag(name) if source in ("", "command line") else source

    @property
    def is_mock(self) -> bool:
        return self.url == MOCK

    @property
    def logs_in(self) -> bool:
        return self.session_id is None and self.token is None

    def warnings(self) -> list[str]:
        """What the user must be told before the run starts."""
        notes = [
            f"{flag} puts a secret on the command line, where ps and shell history show it; "
            f"use the environment variable instead"
            for flag in self.secret_flags
        ]
        if self.insecure and not self.is_mock:
            notes.append(
                f"TLS certificates are not verified ({self.flag('insecure')}): anyone on the "
                "path can read the session id"
            )
        if self.logs_in and not self.is_mock:
            notes.append(
                f"logging in as {self.email} ends that user's other Arena session "
                "(one session per user): use a dedicated integration user"
            )
        return notes


Lookup = Callable[[Option], Any]


def resolve(
    flag: Lookup,
    ini: Lookup,
    environ: Mapping[str, str],
    surface: Surface = "pytest",
    *,
    read_baseline: bool = True,
) -> Settings:
    """Settings from ``flag(option)`` (None when not given), the environment and
    ``ini(option)``; messages spell options as ``surface`` does. ``read_baseline`` False:
    a command that judges nothing (``record``) needs no baseline."""
    values, sources, secret_flags = resolve_values(OPTIONS, flag, ini, environ, surface)
    values["secret_flags"] = tuple(secret_flags)
    values["sources"] = sources
    values["surface"] = surface
    return _checked(values, read_baseline)


def resolve_values(
    options: tuple[Option, ...],
    flag: Lookup,
    ini: Lookup,
    environ: Mapping[str, str],
    surface: Surface = "pytest",
) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """(values by field, where each given one came from, flags that carried a secret)."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    secret_flags = []
    for option in options:
        spelt = option.spelling(surface)
        raw, source = flag(option), spelt
        if raw is not None and option.secret:
            register_secret(str(raw))
            secret_flags.append(spelt)
        if _unset(raw) and option.env and environ.get(option.env, "") != "":
            raw, source = environ[option.env], option.env
        if _unset(raw) and option.ini:
            raw, source = ini(option), f"ini {option.ini}"
        if option.secret and raw:
            register_secret(str(raw))  # before anything could print it
        values[option.field] = option.default if _unset(raw) else _convert(option, raw, source)
        _check_sendable(option, values[option.field], source)
        if not _unset(raw):
            sources[option.field] = "command line" if source == spelt else source
    return values, sources, secret_flags


def _unset(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or raw == ()


def flag_value(raw: Any, source: str) -> bool:
    """A yes/no value from a flag, the environment or an ini file (1/true/yes/on, 0/...)."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise SettingsError(f"{source}: expected true or false, got {raw!r}")


def _convert(option: Option, raw: Any, source: str) -> Any:
    if option.kind == "flag":
        return flag_value(raw, source)
    if option.kind == "int":
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise SettingsError(f"{source}: expected a whole number, got {raw!r}") from None
        if number < 0:
            raise SettingsError(f"{source}: must not be negative, got {number}")
        return number
    if option.kind == "list":
        items = raw if isinstance(raw, (list, tuple)) else [raw]
        return tuple(part.strip() for item in items for part in str(item).replace(",", " ").split())
    return str(raw).strip()


#: A session id travels in a header: visible ASCII only (exchange.header_safe).
#: Credentials travel in the JSON login body: any character but a control character.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _check_sendable(option: Option, value: Any, source: str) -> None:
    """Refuse, once and before any request, a credential that cannot be sent as it is
    (the value is not shown: it is a secret or close to one)."""
    if not isinstance(value, str) or not value:
        return
    if option.name in ("session-id", "token") and not header_safe(value):
        what = "a session id" if option.name == "session-id" else "a token"
        raise SettingsError(
            f"{source}: {what} is sent in a header and must be visible ASCII "
            "characters (it holds a blank, a control or a non-ASCII character)"
        )
    if option.name == "usage-reason" and not header_safe(value.replace(" ", "!")):
        raise SettingsError(
            f"{source}: the usage reason is sent in a header and must be printable ASCII"
        )
    if option.name in ("email", "password") and _CONTROL.search(value):
        raise SettingsError(
            f"{source} holds a control character (a newline or a tab?): it cannot be right"
        )


def _checked(values: dict[str, Any], read_baseline: bool = True) -> Settings:
    surface: Surface = values.get("surface", "pytest")

    def name(option: str) -> str:
        return spelling(option, surface)

    drifts = values["mock_drift"]
    url = values["url"] or MOCK
    if drifts and url != MOCK:
        raise SettingsError(f"{name('mock-drift')} needs the bundled mock ({name('url')}=mock)")
    values["mock_runs"] = _run_counts(values["mock_runs"], name("mock-runs"))
    if values["mock_runs"] and url != MOCK:
        raise SettingsError(f"{name('mock-runs')} needs the bundled mock ({name('url')}=mock)")
    if url != MOCK:
        values["url"] = check_url(url, allow_http=values["allow_http"], surface=surface)
    else:
        values["url"] = url
    if drifts:
        from arena_contract.mock.drift import DRIFTS

        unknown = [name for name in drifts if name not in DRIFTS]
        if unknown:
            hint = did_you_mean(unknown[0], DRIFTS)
            raise SettingsError(
                f"unknown drift {', '.join(unknown)}{hint}; known: {', '.join(DRIFTS)}"
            )
    bad = [guid for guid in values["import_guids"] if not is_guid(guid)]
    if bad:
        raise SettingsError(
            f"{name('import-guid')} {bad[0]!r} is not an Arena GUID (20 characters of A-Z and 0-9)"
        )
    if values["max_requests"] < 1:
        raise SettingsError(f"{name('max-requests')} must be at least 1")
    if values["max_response_bytes"] < 1:
        raise SettingsError(f"{name('max-response-bytes')} must be at least 1")
    values["timeout"] = _timeout(values["timeout"], name("timeout"))
    try:
        from arena_contract.config.load import policy_from

        values["policy"] = policy_from(
            values,
            values.get("sources"),
            strict=bool(values["strict"]),
            read_baseline=read_baseline,
            surface=surface,
        )
    except ConfigError as exc:
        raise SettingsError(str(exc)) from None
    if values["record"]:
        try:
            values["record"] = user_path(values["record"])
            check_directory(values["record"])  # before a request is spent on a HAR lost
        except UnusableFile as exc:
            raise SettingsError(f"cannot write the HAR file in {values['record']}: {exc}") from None
    if values["session_id"] and values["token"]:
        raise SettingsError("give either a session id (ARENA_SESSION_ID) or a token (ARENA_TOKEN)")
    if values["session_id"] or values["token"]:
        values["email"] = values["password"] = None  # an existing session wins: no login
    elif values["email"] and not values["password"]:
        raise SettingsError(f"{name('email')} needs a password: set ARENA_PASSWORD")
    elif values["password"] and not values["email"]:
        raise SettingsError(f"a password needs {name('email')} (or ARENA_EMAIL)")
    elif not values["email"] and url != MOCK:
        raise SettingsError(
            "no Arena session: set ARENA_SESSION_ID, ARENA_TOKEN, or ARENA_EMAIL and "
            "ARENA_PASSWORD (a dedicated integration user)"
        )
    return Settings(**values)


def _run_counts(raw: str | None, flag: str) -> tuple[int, ...]:
    if not raw:
        return ()
    from arena_contract.mock.dataset import parse_run_counts

    try:
        return parse_run_counts(raw)
    except ValueError as exc:
        raise SettingsError(f"{flag}: {exc}") from None


def _timeout(raw: str, flag: str) -> tuple[float, float]:
    parts = [part.strip() for part in str(raw).split(",")]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2) or any(not 0 < n <= 600 for n in numbers):
        raise SettingsError(f"{flag}: expected SECONDS or CONNECT,READ (0-600), got {raw!r}")
    return (numbers[0], numbers[-1])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_http: bool = False, surface: Surface = "pytest") -> str:
    """The base URL, normalised (no trailing slash, /v1 when no path was given); messages
    spell the options as ``surface`` does."""
    flag = spelling("url", surface)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise SettingsError(f"{flag} is not a URL") from None
    if parts.password:
        register_secret(parts.password)
    if parts.username or parts.password:
        raise SettingsError(
            f"{flag} must not carry credentials: use ARENA_EMAIL and "
            "ARENA_PASSWORD or ARENA_SESSION_ID"
        )
    if parts.scheme not in ("http", "https") or not host:
        raise SettingsError(f"{flag} must be an http(s) URL or 'mock', got {url!r}")
    if parts.query or parts.fragment:
        raise SettingsError(f"{flag} must be a base URL, without ?query or #fragment")
    if parts.scheme == "http" and not is_loopback(host) and not allow_http:
        raise SettingsError(
            f"refusing plain http to {host}: the session id would travel in "
            f"clear (use https, or {spelling('allow-http', surface)} for a test proxy)"
        )
    path = parts.path.rstrip("/") or "/v1"  # Arena's API lives under /v1
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
