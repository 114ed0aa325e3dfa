"""Side by side, in one run: masking secrets in text by listed encoded forms (before issue 21)
against decoding in layers (redact.redact_text now), and glob matching by regular expression
against config/globs.py; plus what the old forms missed.

    python benchmarks/redact_globs.py   # about 80 s: the regex globs take most of it
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import time
from urllib.parse import quote

from arena_contract import redact
from arena_contract.config.globs import glob_matches

PASSWORD = "Hunter2-Secret/Pa+ss&word"
SESSION = "MOCK-" + "".join(random.Random(1).choices(string.ascii_letters + string.digits, k=32))


def old_forms_only(text: str) -> str:
    for forms in list(redact._secrets.values()):
        for form in forms:
            if form in text:
                text = text.replace(form, redact.MASK)
    return text


def report(n_results: int, escapes: bool) -> str:
    rng = random.Random(2)
    url = "https://x/y?a=%20b&c=%2F\\u0041" if escapes else "https://x/y"
    return json.dumps(
        {
            "results": [
                {
                    "guid": "".join(rng.choices(string.ascii_uppercase + string.digits, k=20)),
                    "url": url,
                    "message": "schema.required at /results/3/creator/guid: required field",
                }
                for _ in range(n_results)
            ]
        },
        indent=1,
    )


def repeated(function, text: str, loops: int) -> None:
    for _ in range(loops):
        function(text)


def timed(function, *args, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    redact.register_secret(PASSWORD)
    redact.register_secret(SESSION)
    print("masking (best of 3, seconds)")
    print(f"{'text':44} {'forms only':>11} {'layers':>9}")
    for label, text in [
        ("one finding line (80 B), x10,000", "error: schema.required at /count: 'count'\n"),
        ("JSON report, 5,000 results, no escapes", report(5000, False)),
        ("JSON report, 5,000 results, 3 escapes each", report(5000, True)),
    ]:
        loops = 10_000 if len(text) < 100 else 1
        old = timed(repeated, old_forms_only, text, loops)
        new = timed(repeated, redact.redact_text, text, loops)
        print(f"{label:44} {old:11.3f} {new:9.3f}")
    print("\nwhat each leaves of the password (the issue's forms)")
    lower = re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), quote(PASSWORD, safe=""))
    every = "".join(f"%{b:02X}" for b in PASSWORD.encode())
    four = PASSWORD
    for _ in range(4):
        four = quote(four, safe="")
    cases = {
        "lower-case percent": lower,
        "every byte percent": every,
        "\\u escapes": "".join(f"\\u{ord(c):04x}" for c in PASSWORD),
        "JSON pointer name": "/pw_" + PASSWORD.replace("/", "~1"),
        "4 layers percent": four,
        "UTF-16 base64 body": base64.b64encode(
            json.dumps({"p": PASSWORD}).encode("utf-16")
        ).decode(),
        "halves in two fields": json.dumps({"a": PASSWORD[:12], "b": PASSWORD[12:]}),
    }

    def kept(label: str, out: str) -> bool:
        if label.startswith("UTF-16"):
            return PASSWORD in base64.b64decode(out).decode("utf-16", "replace")
        return redact.MASK not in out

    for label, text in cases.items():
        kept_old = kept(label, old_forms_only(text))
        kept_new = kept(label, redact.redact_text(text))
        old, new = ("KEPT" if k else "masked" for k in (kept_old, kept_new))
        print(f"  {label:22} forms only: {old:7} layers: {new}")

    print("\nglob matching, one segment of k stars against 40 a's (seconds)")
    for stars in (8, 10, 12):
        glob = "/" + "*a" * stars + "*b"
        key = "/" + "a" * 40
        regex = re.compile(glob.replace("*", "[^/]*"))
        old = timed(regex.fullmatch, key, repeat=1) if stars <= 10 else float("nan")
        new = timed(glob_matches, glob, key)
        print(f"  {stars:2} stars: regex {old:9.3f}   segments {new:9.6f}")


if __name__ == "__main__":
    main()
