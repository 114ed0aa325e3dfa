"""One strict reader for every number that drives behaviour: headers, query values, counts.

``str.isdigit()`` accepts ``²`` and ``５``; ``int()`` accepts ``５``, ``+5``, `` 5 ``, ``5_0``
and refuses more than 4,300 digits with an exception. A number read from a server or a
capture goes through :func:`parse_count` instead: ASCII digits only, at most
:data:`MAX_DIGITS` of them, surrounding blanks (HTTP's OWS) allowed; anything else is
"not a number" (None), which the caller handles as it handles a missing value.
"""

from __future__ import annotations

import re

#: More digits than any count, length or quota can need (10**18 bytes is an exabyte).
MAX_DIGITS = 18

_COUNT = re.compile(rf"[ \t]*([0-9]{{1,{MAX_DIGITS}}})[ \t]*", re.ASCII)


def parse_count(value: object) -> int | None:
    """``value`` as a non-negative integer if it is one written in ASCII digits, else None."""
    if not isinstance(value, str):
        return None
    match = _COUNT.fullmatch(value)
    return int(match[1]) if match else None
