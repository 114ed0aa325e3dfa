"""One way to write a size in a message (arena_contract/sizes.py)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.sizes import over_limit, readable

SCALE = {"bytes": 1, "byte": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
READABLE = re.compile(r"(\d+(?:\.\d)?) (bytes|byte|KiB|MiB|GiB)")
SIZES = st.integers(0, 1 << 42)


def read_back(text: str) -> float:
    number, unit = READABLE.fullmatch(text).groups()
    return float(number) * SCALE[unit]


def test_the_forms_each_limit_is_written_in():
    assert readable(512 * 1024 * 1024) == "512 MiB"
    assert readable(32 * 1024 * 1024 + 512 * 1024) == "32.5 MiB"
    assert readable(1_000_000) == "976.6 KiB"
    assert readable(1024) == "1 KiB"
    assert readable(1023) == "1023 bytes"
    assert (readable(1), readable(0)) == ("1 byte", "0 bytes")
    assert readable(3 << 30) == "3 GiB"


@given(SIZES)
def test_a_size_reads_back_within_its_rounding(size):
    text = readable(size)
    unit = READABLE.fullmatch(text).group(2)
    assert abs(read_back(text) - size) <= 0.05 * SCALE[unit]
    assert not text.split()[0].endswith(".0")  # 1 MiB, not 1.0 MiB


@given(SIZES, SIZES)
def test_a_size_over_its_limit_never_reads_as_no_larger(a, b):
    size, limit = max(a, b) + 1, min(a, b)
    said = over_limit(size, limit)
    shown, _, rest = said.partition(", over the ")
    assert rest == f"{readable(limit)} limit"
    exact = re.fullmatch(r"([\d,]+) bytes", shown)
    if exact:
        assert int(exact.group(1).replace(",", "")) == size
    else:
        assert shown == readable(size) != readable(limit)
