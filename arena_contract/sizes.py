"""How a size in bytes is written in a message: one form for every limit the tool states
(a file, a line, a YAML cassette, a decompressed body, a configuration file)."""

from __future__ import annotations

_UNITS = (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10))


def readable(size: int) -> str:
    """``size`` bytes for people, in the largest binary unit it fills, to one decimal (none
    when it is .0): ``512 MiB``, ``1.5 MiB``, ``830 KiB``, ``12 bytes``."""
    for unit, scale in _UNITS:
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return "1 byte" if size == 1 else f"{size} bytes"


def over_limit(size: int, limit: int) -> str:
    """``size`` against a ``limit`` it exceeds: ``600 MiB, over the 512 MiB limit``. Exact in
    bytes when rounding would show it no larger (1 MiB and one byte is not "1 MiB, over the
    1 MiB limit")."""
    shown = readable(size)
    if size > limit and shown == readable(limit):
        shown = f"{size:,} bytes"
    return f"{shown}, over the {readable(limit)} limit"
