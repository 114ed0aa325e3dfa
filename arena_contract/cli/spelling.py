"""Messages name options as the user spelt them.

The probe's settings, budget and session are shared with the pytest plugin, so their
messages name the plugin's spelling (``--arena-max-requests``, "an existing session
(ARENA_SESSION_ID)"). On the ``arena-contract`` command line the same options are spelt
``--max-requests`` (``--arena-...`` works too): :func:`respell` rewrites a message for the
command line it answers, naming the spelling typed, else the command's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from arena_contract.live.options import BY_NAME, Option

_PLUGIN_FLAG = re.compile(r"--arena-([a-z][a-z-]*[a-z])")


class RespelledStream:
    """A text stream whose writes are respelt for ``argv``; everything else (isatty,
    fileno, encoding, flush) is the wrapped stream's."""

    def __init__(self, stream: TextIO, argv: Sequence[str]) -> None:
        self._stream = stream
        self._argv = argv

    def write(self, text: str) -> int:
        return self._stream.write(respell(text, self._argv))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def typed_spelling(option: Option, argv: Sequence[str]) -> str | None:
    """The flag ``argv`` gives ``option`` with (the last one given), or None."""
    spellings = (f"--{option.name}", option.flag, *option.aliases)
    found = None
    for token in argv:
        if token == "--":
            break
        name = token.split("=", 1)[0]
        if name in spellings:
            found = name
    return found


def respell(text: str, argv: Sequence[str]) -> str:
    """``text`` with each ``--arena-NAME`` spelt as typed in ``argv`` (else ``--NAME``), and
    an environment variable named as a source, ``(ARENA_X)``, named by its flag when the
    flag gave the value."""

    def flag(match: re.Match[str]) -> str:
        option = BY_NAME.get(match[1])
        if option is None:
            return match[0]
        return typed_spelling(option, argv) or f"--{option.name}"

    text = _PLUGIN_FLAG.sub(flag, text)
    for option in BY_NAME.values():
        if option.env and f"({option.env})" in text:
            typed = typed_spelling(option, argv)
            if typed:
                text = text.replace(f"({option.env})", f"({typed})")
    return text
