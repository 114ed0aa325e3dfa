"""The search behind redaction (arena_contract/secret_search.py): the compiled pieces find
exactly what one str.find per piece finds, and a long text masked piece by piece (between
cuts) leaks nothing and leaves everything else as it was."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from arena_contract import redact
from arena_contract.redact import MASK, redact_text
from arena_contract.secret_search import Needles, _finder, cut_pattern, trie_pattern
from tests.test_secret_forms import codecs, only_secrets, revealed, safe_decode, secrets

words = st.lists(st.text(alphabet="ab\\%~&", min_size=1, max_size=6), min_size=1, max_size=8)


@given(words=words, other=st.text(alphabet="ab\\%~&", max_size=6))
def test_the_trie_matches_exactly_its_words(words, other):
    pattern = re.compile(trie_pattern(words))
    assert all(pattern.fullmatch(word) for word in words)
    assert bool(pattern.fullmatch(other)) == (other in words)


def found_by_find(needles: list[str], text: str) -> set[int]:
    """Every character inside an occurrence of a needle, by one str.find per needle."""
    covered = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            covered.update(range(at, at + len(needle)))
            at = text.find(needle, at + 1)
    return covered


@given(
    needles=st.lists(st.text(alphabet="abc", min_size=1, max_size=5), min_size=1, max_size=40),
    text=st.text(alphabet="abcd", max_size=200),
)
def test_the_compiled_search_covers_what_one_find_per_needle_does(needles, text):
    """Both ways of searching (str.find while the needles are few for the text's length, the
    trie past that): the same characters covered, overlapping occurrences included."""
    spans = list(Needles(needles).spans(text))
    assert {i for start, end in spans for i in range(start, end)} == found_by_find(needles, text)
    assert all(text[start:end] in needles for start, end in spans)
    trie = [match.span(1) for match in _finder(frozenset(needles)).finditer(text)]
    assert {i for start, end in trie for i in range(start, end)} == found_by_find(needles, text)


def test_a_comma_or_a_line_break_in_a_secret_keeps_the_text_whole_there():
    assert cut_pattern(frozenset({"abcdefghijkl"})).split("a,}\nc") == ["a,", "}\n", "c"]
    assert cut_pattern(frozenset({"abc,defghijk"})).split("a,}\nc") == ["a,}\n", "c"]
    assert cut_pattern(frozenset({"a\nc", "a,c"})) is None
    # A line break right after what could end a base64 line (in some layer) is no cut.
    assert cut_pattern(frozenset({"abcd"})).split("QUJD\n%41\n&amp;\nx;\n}\nz") == [
        "QUJD\n%41\n&amp;\nx;\n}\n",
        "z",
    ]


#: Lines a long report or HAR file holds: every family of escapes, commas and line breaks.
FILLER = [
    '{"text": "{\\"guid\\": \\"ABC\\", \\"n\\": 1}",\n',
    '"url": "https://x/y?a=%20b&amp;c=%2F~1z",\n',
    "\"note\": 'caf\\u00e9 \\x41 &#72;&#x48; ~0',\n",
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n",
    "plain words, nothing escaped\n",
]


@given(
    secret=secrets,
    chain=st.lists(codecs, min_size=1, max_size=3),
    lines=st.lists(st.sampled_from(FILLER), min_size=20, max_size=40),
    at=st.integers(0, 40),
)
def test_a_secret_in_a_long_text_is_masked_and_the_rest_left_as_it_was(secret, chain, lines, at):
    """A text long enough to be masked piece by piece, escapes of every family around the
    secret: the secret's region comes out masked (no piece of it after undoing the chain
    with the standard library), every other line exactly as it was."""
    encoded = secret
    for encode, _ in chain:
        encoded = encode(encoded)
    before, after = "".join(lines[:at]), "".join(lines[at:])
    text = f"{before},{encoded},\n{after}"
    assert len(text) > 2 * redact._PIECEWISE  # the piecewise path
    with only_secrets(secret):
        out = redact_text(text)
    assert out.startswith(before + ",") and out.endswith(",\n" + after)
    region = out[len(before) + 1 : len(out) - len(after) - 2]
    assert MASK in region
    for _, decode in reversed(chain):
        region = safe_decode(decode, region)
    assert not revealed(region, secret)
