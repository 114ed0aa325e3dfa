"""A secret is masked in every representation it can take in what the tool writes.

Generated secrets go through generated chains of encodings (percent-encoding of any case
and any subset of the bytes, repeated; JSON and Python escapes; JSON-pointer escaping;
HTML references; base64 of a body in any text encoding, with MIME line breaks; halves in
two fields), are embedded in ordinary text, and redacted in-process. The chain is then
undone on the output with the standard library's decoders (not the project's): neither the
secret nor any 12-character piece of it may come back, and text that holds no secret is
left exactly as it was.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from arena_contract import redact
from arena_contract.redact import MASK, PIECE, redact_bytes, redact_text, register_secret

EXAMPLE = "Hunter2-Secret/Pa+ss&word"  # the issue's password


@contextlib.contextmanager
def only_secrets(*secrets: str) -> Iterator[None]:
    """Exactly ``secrets`` registered for the block (generated ones must not stay
    registered: they would mask other tests' output)."""
    saved = dict(redact._secrets), set(redact._needles)
    redact._secrets.clear()
    redact._needles.clear()
    try:
        for secret in secrets:
            register_secret(secret)
        yield
    finally:
        redact._secrets.clear(), redact._needles.clear()
        redact._secrets.update(saved[0]), redact._needles.update(saved[1])


def pieces(secret: str) -> set[str]:
    return {secret[i : i + PIECE] for i in range(len(secret) - PIECE + 1)} | {secret}


def revealed(text: str, secret: str) -> set[str]:
    return {piece for piece in pieces(secret) if piece in text}


# -- generated secrets and encodings --------------------------------------------------------

#: Characters encoders escape, and ordinary ones.
HARD = "\"'\\<>&/+=%?#~ é中🙂"
secrets = st.one_of(
    st.just(EXAMPLE),
    st.text(
        alphabet=st.sampled_from(HARD + "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
        min_size=PIECE,
        max_size=30,
    ).map(lambda s: f"P{s}w"),
)

Codec = tuple[Callable[[str], str], Callable[[str], str]]


@st.composite
def percent(draw: st.DrawFn) -> Codec:
    """Percent-encoding of the UTF-8 bytes: any subset encoded (every byte that must be,
    and '%' itself), hex digits in either case, byte by byte."""

    def encode(text: str) -> str:
        out = []
        for byte in text.encode("utf-8"):
            if byte >= 0x80 or byte in b"%" or draw(st.booleans()):
                hexed = f"%{byte:02X}"
                out.append(hexed.lower() if draw(st.booleans()) else hexed)
            else:
                out.append(chr(byte))
        return "".join(out)

    return encode, unquote


def json_u(text: str) -> str:
    """Every character as a JSON \\u escape (pairs above the BMP), as ensure_ascii would
    write it if it escaped everything."""
    return "".join("".join(f"\\u{unit:04x}" for unit in _utf16_units(char)) for char in text)


def _utf16_units(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def json_u_decode(text: str) -> str:
    return json.loads(f'"{text}"') if "\\u" in text else text


CODECS: list[Codec] = [
    (lambda t: json.dumps(t)[1:-1], lambda t: json.loads(f'"{t}"')),
    (lambda t: json.dumps(t, ensure_ascii=False)[1:-1], lambda t: json.loads(f'"{t}"')),
    (json_u, lambda t: json.loads(f'"{t}"')),
    (
        lambda t: t.replace("~", "~0").replace("/", "~1"),
        lambda t: t.replace("~1", "/").replace("~0", "~"),
    ),
    (html.escape, html.unescape),
]
codecs = st.one_of(percent(), st.sampled_from(CODECS))


def safe_decode(decode: Callable[[str], str], text: str) -> str:
    """Undo one encoding on redacted text: a mask may have cut an escape in a way the
    strict decoder refuses; then the text is searched as it is."""
    try:
        return decode(text)
    except ValueError:
        return text


@given(secret=secrets, chain=st.lists(codecs, min_size=1, max_size=4), before=st.text(max_size=20))
def test_a_secret_through_any_chain_of_encodings_is_masked(secret, chain, before):
    encoded = secret
    for encode, _ in chain:
        encoded = encode(encoded)
    text = f"{before}<{encoded}>"
    with only_secrets(secret):
        out = redact_text(text)
    assert MASK in out
    for _, decode in reversed(chain):
        out = safe_decode(decode, out)
    assert not revealed(out, secret)


@given(secret=secrets, layers=st.integers(1, 5))
def test_repeated_percent_encoding_of_every_byte_is_masked(secret, layers):
    """serve's log after three and four layers of percent-encoding."""
    encoded = secret
    for _ in range(layers):
        encoded = "".join(f"%{b:02x}" for b in encoded.encode("utf-8"))
    with only_secrets(secret):
        out = redact_text(f"GET /v1/login?x={encoded} HTTP/1.1")
    for _ in range(layers):
        out = unquote(out)
    assert not revealed(out, secret)


@given(secret=secrets.filter(lambda s: len(s) >= 2 * PIECE), cut=st.integers(PIECE, 100))
def test_halves_of_a_secret_in_two_fields_are_both_masked(secret, cut):
    cut = min(cut, len(secret) - PIECE)
    halves = secret[:cut], secret[cut:]
    text = json.dumps({"first": halves[0], "note": "between", "second": halves[1]})
    with only_secrets(secret):
        out = redact_text(text)
    assert not revealed(out, halves[0]) and not revealed(out, halves[1])
    assert "between" in out


@given(
    secret=secrets,
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1"]),
    mime=st.booleans(),
    urlsafe=st.booleans(),
)
def test_base64_of_a_body_in_any_text_encoding_is_masked(secret, encoding, mime, urlsafe):
    """A HAR's body stored as base64 of its bytes (UTF-16 and the like), MIME-wrapped too."""
    body = json.dumps({"message": f"password {secret} is wrong"}, ensure_ascii=False)
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode("utf-8")
        encoding = "utf-8"
    coded = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode()
    if mime:
        coded = "\r\n".join(coded[i : i + 76] for i in range(0, len(coded), 76))
    har = json.dumps({"content": {"text": coded, "encoding": "base64"}})
    with only_secrets(secret):
        out = redact_text(har)
    text = json.loads(out)["content"]["text"]
    decoder = base64.urlsafe_b64decode if urlsafe else base64.b64decode
    again = decoder(text.replace("\r\n", "")).decode(encoding, "replace")
    assert not revealed(again, secret)
    assert "is wrong" in again  # the body is still a body: masked, not dropped


@given(
    secret=secrets,
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"]),
)
def test_raw_bodies_that_are_not_json_are_masked_in_their_encoding(secret, encoding):
    """A truncated body (not JSON) holding the secret, in any text encoding."""
    body = f'{{"errors": [{{"message": "bad password {json_u(secret)}'
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        return
    with only_secrets(secret):
        out = redact_bytes(data)
    for decoding in ("utf-8", "utf-16", "utf-16-be", "utf-32", "latin-1"):
        try:
            text = out.decode(decoding)
        except UnicodeDecodeError:
            continue
        assert not revealed(json_u_decode(text.replace('{"errors": [{"message": "', "")), secret)


@given(
    text=st.text(alphabet=st.characters(exclude_characters="%\\~&"), max_size=200)
    | st.sampled_from(
        ["%41%42 ~1 \\u0041 &amp; SGVsbG8gV29ybGQgYWdhaW4=", "GUID ABCDEFGHIJ0123456789"]
    ),
    secret=secrets,
)
def test_text_without_the_secret_is_left_as_it_was(text, secret):
    """No escapes to decode and no piece of the secret: nothing is masked (plus a few
    texts whose escapes decode to something else)."""
    if revealed(text, secret):
        return
    with only_secrets(secret):
        assert redact_text(text) == text


def test_the_issues_forms_of_the_password():
    from urllib.parse import quote

    lower = quote(EXAMPLE, safe="").replace("%2F", "%2f").replace("%2B", "%2b")
    every = "".join(f"%{b:02X}" for b in EXAMPLE.encode())
    pointer = "/pw_" + EXAMPLE.replace("~", "~0").replace("/", "~1")
    four = EXAMPLE
    for _ in range(4):
        four = quote(four, safe="")
    with only_secrets(EXAMPLE):
        for form in (lower, every, json_u(EXAMPLE), pointer, four):
            out = redact_text(f"Location: https://evil.example/{form}")
            assert (
                out == f"Location: https://evil.example/{'/pw_' if form is pointer else ''}{MASK}"
            ), form
