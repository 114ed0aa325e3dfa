"""`serve` refuses a request whose length two readers could read differently (two
Content-Length values, one that is no number, Content-Length with Transfer-Encoding),
whatever the order and case of the headers; and its log masks a password however many
layers of percent-encoding (any case, any subset of bytes) it went through."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.mock import serve_in_thread
from arena_contract.mock.wsgi import log_safe
from tests.test_secret_forms import EXAMPLE, only_secrets, revealed, secrets

AMBIGUOUS = [
    ["Content-Length: 2", "Content-Length: 3"],
    ["Content-Length: 2", "content-length: 20"],
    ["Content-Length: 2", "Transfer-Encoding: chunked"],
    ["transfer-encoding: chunked", "Content-Length: 2"],
    ["Content-Length: 2", "Transfer-Encoding: gzip, chunked"],
    ["Content-Length: +2"],
    ["Content-Length: 2, 3"],
    ["Content-Length: 0x2"],
]


def first_line(url: str, headers: list[str], body: bytes = b"{}") -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        head = "\r\n".join(["POST /v1/login HTTP/1.1", "Host: x", *headers, "", ""])
        sock.sendall(head.encode() + body)
        return sock.recv(4096).split(b"\r\n")[0]


@pytest.fixture(scope="module")
def server():
    with serve_in_thread() as running:
        yield running.url


@pytest.mark.parametrize("headers", AMBIGUOUS)
def test_an_ambiguous_length_is_400(server, headers):
    line = first_line(server, headers)
    assert line.startswith(b"HTTP/1.1 400 Bad request: "), line


@pytest.mark.parametrize(
    "headers", [["Content-Length: 2"], ["Content-Length: 2", "Content-Length: 2"]]
)
def test_one_length_goes_to_the_mock(server, headers):
    line = first_line(server, headers)
    assert line.startswith(b"HTTP/1.1 400 Bad Request")  # the mock's own answer to {}


@given(secret=secrets, layers=st.integers(1, 5), lower=st.booleans(), every=st.booleans())
def test_the_log_masks_a_password_under_any_layers(secret, layers, lower, every):
    encoded = secret
    for _ in range(layers):
        encoded = "".join(
            (f"%{b:02x}" if lower else f"%{b:02X}")
            if every or not chr(b).isalnum() or b >= 0x80
            else chr(b)
            for b in encoded.encode("utf-8")
        )
    with only_secrets(secret):
        line = log_safe(f"/v1/login?note={encoded}")
    assert not revealed(line, secret)


def test_the_issue_four_layers():
    from urllib.parse import quote

    four = EXAMPLE
    for _ in range(4):
        four = quote(four, safe="")
    with only_secrets(EXAMPLE):
        assert not revealed(log_safe(f"/v1/imports/{four}"), EXAMPLE)
