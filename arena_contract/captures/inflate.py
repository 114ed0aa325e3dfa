"""Undoing a Content-Encoding that a recorder kept, within a budget (a bomb stops early).

Recorders usually store a body decoded but keep its Content-Encoding header; some keep the
compressed bytes. ``decompress`` tells them apart by the bytes and inflates only a real
gzip or zlib stream, never past what :class:`InflationBudget` allows.
"""

from __future__ import annotations

import zlib

from arena_contract.exchange import Headers
from arena_contract.jsonload import utf8_error
from arena_contract.sizes import readable

#: What one recorded body may decompress to (gzip/deflate kept compressed by the recorder),
#: and all of a file's bodies together while they are held at once (a file read whole keeps
#: every exchange; a streamed HAR holds one entry at a time, so there each body has the
#: per-body cap alone). A body past either is not kept: it is a body.json finding naming
#: its entry. Plain and base64 bodies are the file's own bytes (base64 decodes to 3/4 of
#: them) and are bounded by its size instead.
MAX_INFLATED_BODY_BYTES = 64 * 1024 * 1024
MAX_INFLATED_FILE_BYTES = 128 * 1024 * 1024


class InflationBudget:
    """The decompressed bytes a file's bodies may still take (see MAX_INFLATED_*)."""

    def __init__(self, total: int | None = None) -> None:
        self.left = MAX_INFLATED_FILE_BYTES if total is None else total

    def limit(self) -> int:
        """How many bytes the next body may decompress to."""
        return max(0, min(MAX_INFLATED_BODY_BYTES, self.left))

    def over(self) -> str:
        """Why a body that decompresses past ``limit()`` is refused."""
        if self.left >= MAX_INFLATED_BODY_BYTES:
            per_body = readable(MAX_INFLATED_BODY_BYTES)
            return f"the decompressed body is over the {per_body} limit per body"
        return (
            f"the decompressed body is over what is left ({readable(self.left)}) of the "
            f"{readable(MAX_INFLATED_FILE_BYTES)} this file's decompressed bodies may take together"
        )


def decompress(raw: bytes, headers: Headers | None, budget: InflationBudget) -> bytes:
    """Undo Content-Encoding when the recorder kept the compressed bytes.

    Recorders usually store the decoded body but keep the header (HAR, Schemathesis), so
    the bytes are sniffed: only a real gzip/zlib stream is decompressed, and no further
    than ``budget`` allows (what it yields is taken from it). Stacked codings
    (``deflate, gzip``: deflated, then gzipped) are undone last first, each while its
    stream is there; bytes after a gzip stream that are not another gzip member, or a
    stream cut short, are a finding, not a silent pass.
    """
    header = (headers or Headers()).get("Content-Encoding", "").lower()
    codings = [c.strip() for c in header.split(",") if c.strip() not in ("", "identity")]
    inflated = False
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip", "deflate") and _compressed(raw, coding):
            raw, inflated = _inflate(raw, coding, budget), True
        elif coding not in ("gzip", "x-gzip", "deflate") and utf8_error(raw, origin=""):
            raise ValueError(f"the recorded body is still {coding}-encoded; record it decoded")
        # else the recorder undid this layer (and kept the header)
    if inflated:
        budget.left -= len(raw)
    return raw


def _compressed(raw: bytes, coding: str) -> bool:
    if raw.startswith(b"\x1f\x8b"):
        return True
    zlib_header = len(raw) >= 2 and raw[0] & 0x0F == 8 and (raw[0] << 8 | raw[1]) % 31 == 0
    return coding == "deflate" and zlib_header


def _inflate(raw: bytes, coding: str, budget: InflationBudget) -> bytes:
    """One gzip (every member) or zlib stream, no more bytes out than ``budget`` allows."""
    limit = budget.limit()
    out = bytearray()
    rest = raw
    while rest:
        wbits = 16 + zlib.MAX_WBITS if rest.startswith(b"\x1f\x8b") else zlib.MAX_WBITS
        decompressor = zlib.decompressobj(wbits)
        try:
            # Never more than limit + 1 bytes out, however small the input: a bomb stops here.
            out += decompressor.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise ValueError(f"the recorded body is not valid {coding} data ({exc})") from None
        if len(out) > limit:
            raise ValueError(budget.over())
        if not decompressor.eof:
            raise ValueError(f"the recorded body's {coding} stream is cut short")
        rest = decompressor.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            raise ValueError(
                f"the recorded body has {len(rest):,} byte(s) after its {coding} stream"
            )
    return bytes(out)
