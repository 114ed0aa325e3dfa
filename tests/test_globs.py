"""Place and ``consumes`` globs are matched in linear time, with the same meaning a
regular expression gives them (``*`` within a segment, ``**`` across), and without a cache
whose size a configuration can overrun."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.config.globs import glob_matches
from arena_contract.config.places import place_matches, touches
from arena_contract.config.policy import COMMAND_LINE, Policy, Selector


def by_regex(glob: str) -> re.Pattern[str]:
    """The meaning globs had as regular expressions (which backtrack)."""
    parts = []
    for token in re.split(r"(\*\*|\*)", glob):
        parts.append(".*" if token == "**" else "[^/]*" if token == "*" else re.escape(token))
    return re.compile("".join(parts))


@given(
    glob=st.text(alphabet="ab/*", max_size=12),
    text=st.text(alphabet="ab/", max_size=12),
)
def test_a_glob_means_what_the_regular_expression_meant(glob, text):
    assert glob_matches(glob, text) == bool(by_regex(glob).fullmatch(text))


@given(
    stars=st.integers(5, 14),
    length=st.integers(20, 60),
    inside=st.booleans(),
    prefix=st.sampled_from(["/", "/results/*/", "/**/", "/x**"]),
)
def test_backtracking_globs_are_matched_at_once(stars, length, inside, prefix):
    """``*a*a*...*b`` against a key of a's took seconds to minutes as a regex."""
    glob = prefix + "*a" * stars + "*b"
    key = "/results/3/" + "a" * length if inside else "/" + "a" * length
    started = time.perf_counter()
    assert not glob_matches(glob, key)
    assert not place_matches(glob, key)
    assert not touches(glob, key)
    assert time.perf_counter() - started < 0.5  # microseconds; a loaded CI machine keeps margin


def test_hundreds_of_narrowed_selectors_cost_the_same_per_selector():
    """Past 256 selectors the compiled patterns fell out of a cache: 300 took 7.3 s where
    250 took 0.8 s. Now nothing is cached; each match is a few string operations."""

    def time_of(count: int) -> float:
        selectors = tuple(
            Selector(
                f"schema.type@/results/*/f{i}*a*a*a*b",
                "warn",
                "test",
                COMMAND_LINE,
                "schema.type",
                f"/results/*/f{i}*a*a*a*b",
            )
            for i in range(count)
        )
        policy = Policy(selectors)
        started = time.perf_counter()
        for n in range(200):
            policy.decide("schema.type", f"/results/{n}/f{n % count}" + "a" * 30)
        return (time.perf_counter() - started) / count

    small, large = time_of(250), time_of(300)
    assert large < small * 5 + 0.001
