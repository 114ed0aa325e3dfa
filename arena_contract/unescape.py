"""Text decoded in layers, each decoded character traced back to the span of the original
text it came from: how a secret is found whatever escaping it went through.

One layer decodes, in a single pass, every escape a text the tool writes may hold:
percent-encoding (any case, any subset of the bytes, UTF-8 or Latin-1 bytes), JSON and
Python backslash escapes (``\\u0048``, surrogate pairs, ``\\x48``, ``\\/``, ``\\\\``),
JSON-pointer escapes (``~0``, ``~1``) and HTML/XML character references (``&amp;``,
``&#72;``, ``&#x48;``); each family alone, and all of them at once, for a text may mix
them or hold one family's escapes as plain characters of another's (a literal ``~1`` left
unencoded among percent escapes). Layers are applied until nothing changes (a value
percent-encoded four times, a JSON escape inside a percent-encoding): ``layers`` yields
every distinct decoding, breadth first, up to ``MAX_LAYERS`` of them. A match found
in any layer is mapped back to the original text by ``Layer.origin``, so that exactly the
characters that encode it can be masked, and the rest of the text is left as it was.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

#: How many decodings of one text are tried at most (each must change the text).
MAX_LAYERS = 32

_FAMILIES = {
    "percent": r"(?P<pct>(?:%[0-9A-Fa-f]{2})+)",
    "backslash": r"(?P<pair>\\u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2})"
    r"|\\u(?P<u>[0-9A-Fa-f]{4})"
    r"|\\U(?P<U>[0-9A-Fa-f]{8})"
    r"|\\x(?P<x>[0-9A-Fa-f]{2})"
    r"|\\(?P<esc>[\\/\"'bfnrt])",
    "pointer": r"~(?P<ptr>[01])",
    "reference": r"(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});)",
}
#: The character every escape of a family begins with.
_TRIGGERS = {"percent": "%", "backslash": "\\", "pointer": "~", "reference": "&"}
#: Finds where an escape of any family may begin: a text without one is its only layer.
ESCAPE_START = re.compile("[" + re.escape("".join(_TRIGGERS.values())) + "]")
_ALONE = {name: re.compile(pattern) for name, pattern in _FAMILIES.items()}
_TOGETHER = re.compile("|".join(_FAMILIES.values()))


def _decoders(text: str) -> list[re.Pattern[str]]:
    """The decoders worth trying on ``text``: each family whose escapes may be in it
    alone, then all of them at once when more than one may be."""
    present = [name for name, trigger in _TRIGGERS.items() if trigger in text]
    alone = [_ALONE[name] for name in present]
    return [*alone, _TOGETHER] if len(alone) > 1 else alone


_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass
class Layer:
    """One decoding of the text below it (``parent``; None: the original text), by
    ``decoder``. Where each of its characters came from is worked out only when asked
    (``origin``): most layers hold nothing to mask, and the bookkeeping cost more than the
    decoding."""

    text: str
    parent: Layer | None = None
    decoder: re.Pattern[str] | None = None
    #: Where each segment of ``text`` starts; a segment is a run of characters copied as
    #: they were (``plain``) or one decoded character from ``spans[i]`` of the parent.
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    plain: list[bool] = field(default_factory=list)

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` was decoded from."""
        if self.parent is None:
            return start, end
        if not self.starts:
            self._map()
        first, _ = self._parent_span(start)
        _, last = self._parent_span(end - 1)
        return self.parent.origin(first, last)

    def _parent_span(self, position: int) -> tuple[int, int]:
        index = bisect_right(self.starts, position) - 1
        low, high = self.spans[index]
        if self.plain[index]:
            at = low + position - self.starts[index]
            return at, at + 1
        return low, high

    def _map(self) -> None:
        """The segments: the parent's text decoded again, token by token."""
        assert self.parent is not None and self.decoder is not None
        text = self.parent.text
        at = 0  # in the decoded text
        done = 0  # in the parent's text
        for match in self.decoder.finditer(text):
            decoded = _decoded(match)
            if decoded is None:
                continue
            if match.start() > done:
                self.starts.append(at), self.spans.append((done, match.start()))
                self.plain.append(True)
                at += match.start() - done
            for char, span in decoded:
                self.starts.append(at), self.spans.append(span), self.plain.append(False)
                at += len(char)
            done = match.end()
        if done < len(text):
            self.starts.append(at), self.spans.append((done, len(text)))
            self.plain.append(True)


def layers(text: str, limit: int = MAX_LAYERS) -> Iterator[Layer]:
    """The original text, then every distinct decoding of it (breadth first, each family
    alone and all together, layer upon layer), at most ``limit`` of them."""
    first = Layer(text)
    yield first
    seen, queue, count = {text}, [first], 0
    while queue:
        below = queue.pop(0)
        for decoder in _decoders(below.text):
            layer = _decode(below, decoder)
            if layer is None or layer.text in seen:
                continue
            seen.add(layer.text)
            yield layer
            count += 1
            if count >= limit:
                return
            queue.append(layer)


def _decode(below: Layer, decoder: re.Pattern[str]) -> Layer | None:
    """``below`` decoded once more by ``decoder``; None when it holds no token of it (every
    token decoded makes the text shorter)."""
    text = decoder.sub(_replacement, below.text)
    return Layer(text, below, decoder) if len(text) < len(below.text) else None


def _replacement(match: re.Match[str]) -> str:
    """What ``match`` decodes to (itself when it is no token): the characters of _decoded,
    the commonest tokens (JSON's ``\\"``, ``\\\\``, ``\\/``) without its spans."""
    if match.lastgroup == "esc":
        char = match.group("esc")
        return _SIMPLE.get(char, char)
    decoded = _decoded(match)
    return match.group() if decoded is None else "".join(char for char, _ in decoded)


def _decoded(match: re.Match[str]) -> list[tuple[str, tuple[int, int]]] | None:
    """Each character a token stands for, with its span in the text; None: not a token
    after all (an unknown entity)."""
    span = match.span()
    kind = match.lastgroup
    if kind == "pct":
        return _percent(match.group(), match.start())
    if kind == "pair":
        high, low = int(match.group()[2:6], 16), int(match.group()[8:12], 16)
        return [(chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)), span)]
    if kind in ("u", "U", "x"):
        code = int(match.group(kind), 16)
        return [(chr(code), span)] if code <= 0x10FFFF else None
    if kind == "esc":
        char = match.group("esc")
        return [(_SIMPLE.get(char, char), span)]
    if kind == "ptr":
        return [("~" if match.group("ptr") == "0" else "/", span)]
    char = html.unescape(match.group())
    return [(char, span)] if char != match.group() and len(char) == 1 else None


def _percent(run: str, offset: int) -> list[tuple[str, tuple[int, int]]]:
    """A run of %XX: UTF-8 sequences as their characters, any other byte as its Latin-1
    character (a Latin-1 percent-encoding), each with the span of its %XX triplets."""
    data = bytes(int(run[i + 1 : i + 3], 16) for i in range(0, len(run), 3))
    out: list[tuple[str, tuple[int, int]]] = []
    index = 0
    while index < len(data):
        lead = data[index]
        size = 1 if lead < 0x80 else 2 if lead >> 5 == 6 else 3 if lead >> 4 == 14 else 4
        size = size if lead >> 3 != 31 else 1
        char = None
        if size > 1:
            try:
                char = data[index : index + size].decode("utf-8")
            except UnicodeDecodeError:
                char = None
        if char is None:
            char, size = chr(lead), 1
        start = offset + 3 * index
        out.append((char, (start, start + 3 * size)))
        index += size
    return out
