"""Resolving the probe's options: precedence, refusals, secrets registered before use."""

from __future__ import annotations

from typing import Any

import pytest

from arena_contract.live.options import OPTIONS
from arena_contract.live.settings import SettingsError, check_url, resolve
from arena_contract.redact import redact_text

GUID = "L3N6KHLNYFY8RAQ8SWYT"


def settings(
    flags: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    ini: dict[str, str] | None = None,
):
    flags, ini = flags or {}, ini or {}
    return resolve(lambda o: flags.get(o.name), lambda o: ini.get(o.name), env or {})


def test_defaults_run_against_the_mock_with_a_budget():
    s = settings()
    assert s.is_mock and s.max_requests == 200 and s.min_remaining == 100
    assert s.timeout == (10.0, 30.0) and not s.insecure and s.examples == 25


def test_a_flag_beats_the_environment_which_beats_the_ini():
    assert (
        settings(
            {"max-requests": "7"}, {"ARENA_MAX_REQUESTS": "8"}, {"max-requests": "9"}
        ).max_requests
        == 7
    )
    assert settings({}, {"ARENA_MAX_REQUESTS": "8"}, {"max-requests": "9"}).max_requests == 8
    assert settings({}, {}, {"max-requests": "9"}).max_requests == 9


def test_every_option_names_its_environment_variable_in_its_help():
    for option in OPTIONS:
        if option.env:
            assert option.env in option.help_text()


def test_import_guids_come_repeated_or_comma_separated():
    assert settings({"import-guid": [GUID, GUID]}).import_guids == (GUID, GUID)
    env = {"ARENA_IMPORT_GUIDS": f"{GUID}, {GUID}"}
    assert settings({}, env).import_guids == (GUID, GUID)
    with pytest.raises(SettingsError, match="not an Arena GUID"):
        settings({"import-guid": [GUID.lower()]})


@pytest.mark.parametrize("url", ["http://api.arenasolutions.com/v1", "http://10.0.0.5/v1"])
def test_plain_http_to_another_host_is_refused(url):
    with pytest.raises(SettingsError, match="refusing plain http"):
        check_url(url)
    assert check_url(url, allow_http=True) == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/v1", "http://localhost/v1", "http://[::1]:9/v1"]
)
def test_plain_http_to_loopback_is_fine(url):
    assert check_url(url) == url


def test_the_url_gets_v1_when_it_has_no_path_and_loses_a_trailing_slash():
    assert check_url("https://api.arenasolutions.com") == "https://api.arenasolutions.com/v1"
    assert check_url("https://x.example/v1/") == "https://x.example/v1"


def test_credentials_in_the_url_are_refused_and_the_password_masked():
    with pytest.raises(SettingsError) as caught:
        check_url("https://me:Url-Secret-991@api.arenasolutions.com/v1")
    assert "Url-Secret-991" not in str(caught.value)
    assert "Url-Secret-991" not in redact_text("x Url-Secret-991 y")


@pytest.mark.parametrize("bad", ["ftp://x/v1", "not a url", "https:///v1", "https://x/v1?a=1"])
def test_other_urls_are_refused(bad):
    with pytest.raises(SettingsError):
        check_url(bad)


def test_a_live_arena_needs_a_session():
    url = {"url": "https://api.arenasolutions.com/v1"}
    with pytest.raises(SettingsError, match="ARENA_SESSION_ID"):
        settings(url)
    with pytest.raises(SettingsError, match="needs a password"):
        settings({**url, "email": "me@example.com"})
    s = settings(url, {"ARENA_EMAIL": "me@example.com", "ARENA_PASSWORD": "Env-Secret-4411"})
    assert s.logs_in and "Env-Secret-4411" not in repr(s)
    assert "Env-Secret-4411" not in redact_text("Env-Secret-4411")


def test_an_existing_session_wins_over_a_login():
    s = settings(
        {"url": "https://api.arenasolutions.com/v1"},
        {
            "ARENA_SESSION_ID": "Sess-Secret-5521|",
            "ARENA_EMAIL": "me@example.com",
            "ARENA_PASSWORD": "Env-Secret-4412",
        },
    )
    assert not s.logs_in and s.email is None and s.password is None
    assert "Sess-Secret-5521" not in redact_text("Sess-Secret-5521|")


def test_secrets_on_the_command_line_are_warned_about():
    s = settings({"email": "me@example.com", "password": "Flag-Secret-8812"})
    assert s.secret_flags == ("--arena-password",)
    assert any("ps" in note for note in s.warnings())


def test_logging_in_to_a_live_arena_warns_about_the_other_session():
    s = settings(
        {"url": "https://api.arenasolutions.com/v1", "email": "bot@example.com"},
        {"ARENA_PASSWORD": "Env-Secret-4413"},
    )
    assert any("ends that user's other Arena session" in note for note in s.warnings())


def test_insecure_warns():
    s = settings(
        {"url": "https://x.example/v1", "insecure": True}, {"ARENA_SESSION_ID": "Sess-Secret-5522|"}
    )
    assert any("not verified" in note for note in s.warnings())


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"timeout": "abc"}, "--arena-timeout"),
        ({"timeout": "5,0"}, "--arena-timeout"),
        ({"max-requests": "0"}, "at least 1"),
        ({"max-requests": "-3"}, "negative"),
        ({"min-remaining": "x"}, "whole number"),
        ({"insecure": "maybe"}, "true or false"),
        ({"mock-drift": ["no-such-drift"]}, "unknown drift"),
        ({"mock-drift": ["null-creator"], "url": "https://x.example/v1"}, "bundled mock"),
    ],
)
def test_bad_values_are_one_line_errors(flags, message):
    with pytest.raises(SettingsError, match=message) as caught:
        settings(flags)
    assert "\n" not in str(caught.value)


def test_timeouts_take_one_or_two_numbers():
    assert settings({"timeout": "5"}).timeout == (5.0, 5.0)
    assert settings({"timeout": "3,40"}).timeout == (3.0, 40.0)


def test_flags_read_from_the_environment():
    assert settings({}, {"ARENA_INSECURE": "yes", "ARENA_STRICT": "1"}).strict
    assert not settings({}, {"ARENA_STRICT": "off"}).strict


def test_docs_name_every_option_its_environment_variable_and_every_probe_rule():
    from pathlib import Path

    from arena_contract.rules import RUN_RULES

    text = (Path(__file__).parent.parent / "docs" / "probe.md").read_text(encoding="utf-8")
    for option in OPTIONS:
        assert f"`{option.flag}" in text, option.flag
        assert f"`{option.env}`" in text, option.env
    assert RUN_RULES
    for rule in RUN_RULES:
        assert f"`{rule}`" in text, rule
