"""Drift detection: what changed in Arena's responses between two recordings, or against
the contract, classified by how much it can break a client.

- :func:`infer` / :func:`read_side`: a shape summary (``shape.Shape``) from captures;
  ``shape.dumps`` / ``shape.from_json`` save and load it (a baseline to commit);
- :func:`drift`: the changes from one shape to another (``compare.DriftReport``), with the
  contract as prior knowledge; :func:`drift_from_contract`: the contract as the baseline;
- ``render``: text, JSON and Markdown output.

See docs/drift.md for the workflow and the heuristics.
"""

from __future__ import annotations

from collections.abc import Iterable

from arena_contract.drift.compare import compare
from arena_contract.drift.infer import infer_shape
from arena_contract.drift.report import KINDS, Change, DriftReport
from arena_contract.drift.shape import Shape, ShapeError, dumps, from_json, to_json
from arena_contract.drift.sources import InputError, Side, read_side
from arena_contract.drift.spec_shape import contract_shape
from arena_contract.exchange import Exchange

__all__ = [
    "KINDS",
    "Change",
    "DriftReport",
    "InputError",
    "Shape",
    "ShapeError",
    "Side",
    "contract_shape",
    "drift",
    "drift_from_contract",
    "dumps",
    "from_json",
    "infer",
    "read_side",
    "to_json",
]


def infer(exchanges: Iterable[Exchange]) -> Shape:
    """The shape summary of some exchanges."""
    return infer_shape(exchanges)


def drift(before: Shape, after: Shape) -> DriftReport:
    """The changes from ``before`` to ``after`` (the contract judges what is data)."""
    return compare(before, after, prior=contract_shape())


def drift_from_contract(observed: Shape) -> DriftReport:
    """Where ``observed`` departs from the contract."""
    return compare(contract_shape(), observed)
