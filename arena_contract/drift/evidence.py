"""How sure a difference between two recordings has to be before it is called drift.

Recordings are samples: an optional field (``warnings``, ``submitWorksheetName``) can be in
every run of a small recording and in none of the next one without Arena changing. So a
difference that data alone can explain is only reported when chance is an unlikely
explanation: a one-sided Fisher exact test on the two sides' counts, at :data:`ALPHA`.
Differences that data cannot explain (a type, a format, a field the contract requires)
need no test; ``compare`` decides which is which.
"""

from __future__ import annotations

import math

#: A difference is drift when chance explains it at most this often: 1 in 1000, because
#: one comparison tests many fields in many groups.
ALPHA = 0.001
#: "Always present" vs "sometimes absent" is only judged when both sides saw the parent
#: object at least this often (and the test agrees), unless the contract requires the field.
MIN_SAMPLES = 5


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def chance(hits1: int, n1: int, hits2: int, n2: int) -> float:
    """P(side 1 gets at least ``hits1`` of all the hits | both sides share one rate).

    The hypergeometric tail: ``n1 + n2`` objects, ``hits1 + hits2`` of them hits, ``n1``
    drawn for side 1. 1.0 when either side saw nothing.
    """
    if n1 <= 0 or n2 <= 0:
        return 1.0
    total, hits = n1 + n2, hits1 + hits2
    whole = _log_comb(total, n1)
    p = 0.0
    for x in range(hits1, min(hits, n1) + 1):
        if n1 - x > total - hits:
            continue
        p += math.exp(_log_comb(hits, x) + _log_comb(total - hits, n1 - x) - whole)
    return min(1.0, p)


def significant(hits1: int, n1: int, hits2: int, n2: int) -> bool:
    """True when side 1's higher rate of hits is unlikely to be chance."""
    return chance(hits1, n1, hits2, n2) <= ALPHA
