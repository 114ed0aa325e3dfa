"""A raw response body: the file is exactly what the server sent, nothing else.

There is no status or headers to check, so those are None. Whatever JSON the file holds is
one exchange, even when it is not an object: saying the body should be an object is the
validator's job (its ``body.json`` rule), not a reason to refuse the file.
"""

from __future__ import annotations

from typing import Any

from arena_contract.captures.capture import Loaded
from arena_contract.exchange import Exchange


def read_body(data: bytes, document: Any, *, path: str) -> Loaded:
    """One exchange whose text is the file's bytes as given and whose body is ``document``."""
    return Loaded(exchanges=[Exchange(text=data, body=document, origin=path)])
