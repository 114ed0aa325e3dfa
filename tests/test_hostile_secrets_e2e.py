"""A probe and a record against a hostile server leave no form of the password or the
session id in any output or file: the server puts the password, percent-encoded in lower
case and byte by byte, in a redirect's Location, JSON-escaped in a refused login's message,
in a field *named* after it, cut in two halves across two fields, and \\u-escaped in a body
cut short (not JSON). Every report format, the HAR files and the written baseline are read
back with the standard library's decoders (not the project's)."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from arena_contract.cli import main
from tests.hostile import Seen, hostile_mock
from tests.test_secret_forms import json_u, pieces

PASSWORD = "Hunter2-Secret/Pa+ss&word"
EMAIL = "hostile@example.com"


def hostile_answers(password: str):
    lower = quote(password, safe="").lower()  # %2f %2b, and the letters too
    every = "".join(f"%{b:02X}" for b in password.encode())
    half = len(password) // 2

    def rewrite(request: Seen, body: bytes) -> bytes:
        try:
            document = json.loads(body)
        except ValueError:
            return body
        if isinstance(document, dict):
            for error in document.get("errors") or []:
                if isinstance(error, dict):
                    error["message"] = f"password {json_u(password)} is wrong ({every})"
            for result in document.get("results") or []:
                if isinstance(result, dict):
                    result[f"pw_{password}"] = "named after it"
                    result["first"], result["second"] = password[:half], password[half:]
                    result["next"] = f"https://evil.example/login?pw={lower}"
            if "offset" in request.path or (document.get("count") == 0):
                cut = json.dumps(document)[:-2] + f',"echo":"{json_u(password)}'
                return cut.encode()  # cut short: not JSON, kept as raw text
        return json.dumps(document, ensure_ascii=False).encode()

    return rewrite, f"/v1/login?next={lower}&again={every}"


def decodings(text: str) -> list[str]:
    """``text`` undone by every stdlib decoder and pairs of them, base64 runs included."""
    steps = [
        lambda t: t,
        unquote,
        html.unescape,
        lambda t: t.replace("~1", "/").replace("~0", "~"),
        lambda t: re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), t),
        lambda t: t.replace("\\\\", "\\").replace('\\"', '"').replace("\\/", "/"),
    ]
    out = []
    for first in steps:
        for second in steps:
            once = second(first(text))
            out += [once, unquote(unquote(unquote(once)))]
    for run in re.findall(r"[A-Za-z0-9+/=\r\n\\rn]{24,}", text):
        try:
            data = base64.b64decode(re.sub(r"\\r|\\n|\s", "", run) + "==", validate=False)
        except ValueError:
            continue
        out += [data.decode(encoding, "ignore") for encoding in ("utf-8", "utf-16", "utf-16-be")]
    return out


def leaks(text: str, secret: str) -> set[str]:
    return {piece for form in decodings(text) for piece in pieces(secret) if piece in form}


def everything(directory: Path) -> str:
    return "\n".join(p.read_text("utf-8", "replace") for p in directory.rglob("*") if p.is_file())


# Slow (CI runs it): every report format of a probe and of a record. In the quick run the
# server's forms go through the redaction in test_secret_forms (generated secrets through
# chains of the same encodings) and every command's output, HAR and JUnit XML through
# test_echoed_secrets_leak_into_no_output (answers that echo the password).
@pytest.mark.slow
@pytest.mark.parametrize("refuse", [False, True], ids=["answered", "refused-login"])
def test_no_form_of_the_password_or_session_leaves_a_probe(tmp_path, capsys, monkeypatch, refuse):
    rewrite, location = hostile_answers(PASSWORD)
    users = {EMAIL: "Another-Password-1" if refuse else PASSWORD}
    monkeypatch.setenv("ARENA_EMAIL", EMAIL)
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    with hostile_mock(rewrite=rewrite, header=("Location", location), users=users) as server:
        base = ["--url", server.url, "--max-imports", "1", "--examples", "2"]
        main(
            [
                "probe",
                *base,
                "--record",
                "har",
                "--junit-xml",
                "junit.xml",
                "-o",
                "r.json",
                "--format",
                "json",
                "--write-baseline",
                "known.json",
            ]
        )
        for fmt in ("text", "github"):
            main(["probe", *base, "--format", fmt])
        main(["record", "--url", server.url, "--out", "rec"])
        sessions = set(server.session_ids)
    shown = capsys.readouterr()
    text = shown.out + shown.err + everything(tmp_path)
    if not refuse:  # the hostile forms reached every output, masked
        assert (
            list(tmp_path.rglob("*.har"))
            and "pw_[REDACTED]" in (tmp_path / "known.json").read_text()
        )
        assert "[REDACTED]" in (tmp_path / "r.json").read_text()
    assert "Traceback" not in text
    problems = {f"password piece {p!r}" for p in leaks(text, PASSWORD)}
    for session in sessions:
        if session.startswith("MOCK-"):
            problems |= {f"session piece {p!r}" for p in leaks(text, session)}
    assert not problems, sorted(problems)
