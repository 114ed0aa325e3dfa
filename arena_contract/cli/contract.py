"""`arena-contract contract`: the installed contract, for tools that read OpenAPI.

``contract path [FILE]`` prints where the installed openapi.yaml (or a file beside it) is,
for ``prism mock "$(arena-contract contract path)"``; ``contract export DIR`` writes
openapi.yaml, schemas/, schemathesis.toml, the lint rulesets and the single-file
openapi.bundled.yaml into DIR, for tools that want a directory of their own.
"""

from __future__ import annotations

import argparse
import sys

#: What ``contract path`` can name: the spec, and the files and folder beside it.
PATH_CHOICES = ("openapi.yaml", "schemas", "schemathesis.toml", ".spectral.yaml", "redocly.yaml")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "contract",
        help="print the installed contract's path, or export it for other tools",
        description="The contract (openapi.yaml and schemas/) as installed with arena-contract, "
        "for Schemathesis, Prism, Spectral, Redocly and the like.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    path = actions.add_parser(
        "path",
        help="print the path of the installed openapi.yaml (or of a file beside it)",
        description="Print the absolute path of the installed openapi.yaml, or of FILE beside "
        'it: e.g. prism mock "$(arena-contract contract path)".',
    )
    path.add_argument("file", nargs="?", choices=PATH_CHOICES, default="openapi.yaml")
    path.set_defaults(func=run_path)
    export = actions.add_parser(
        "export",
        help="write openapi.yaml, schemas/, schemathesis.toml and a bundled spec into DIR",
        description="Write the contract into DIR (created if needed; files of the same names "
        "are replaced, and a symbolic link among them is replaced, never written through): "
        "openapi.yaml and schemas/ as published, schemathesis.toml, the lint "
        "rulesets .spectral.yaml and redocly.yaml, and openapi.bundled.yaml, the same spec "
        "in one file with every schema inlined under components/schemas. Prints each file "
        "written.",
    )
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(func=run_export)


def run_path(args: argparse.Namespace) -> int:
    from arena_contract.contract import contract_dir

    try:
        found = contract_dir() / args.file
    except FileNotFoundError as exc:
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    if not found.exists():
        print(f"arena-contract: {found} is not installed", file=sys.stderr)
        return 2
    print(found)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from arena_contract.bundle import ExportError, export

    if not args.directory:  # Path("") is the working directory: never meant
        print("arena-contract: cannot export the contract: DIR is empty", file=sys.stderr)
        return 2
    try:
        written = export(Path(args.directory))
    except (ExportError, FileNotFoundError) as exc:
        print(f"arena-contract: cannot export the contract: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
