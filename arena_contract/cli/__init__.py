"""The ``arena-contract`` command: a thin dispatcher over one module per subcommand.

Each subcommand module exposes ``register(subparsers)`` that adds its parser and
sets ``func`` (called with the parsed args, returns the exit code). Modules are
imported lazily-cheap: each keeps its heavy imports inside its ``run`` function,
so ``--version`` and ``check`` stay fast; and a command line that names its
subcommand imports only that module.
"""

from __future__ import annotations

import importlib
import sys

from arena_contract._version import __version__

TYPE_CHECKING = False  # typing, collections.abc and argparse cost --version milliseconds
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

#: Subcommand modules, in the order --help lists them.
SUBCOMMANDS = ("check", "rules", "serve", "probe", "record", "infer", "drift", "contract")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``only``, holding that subcommand alone (the others'
    modules are not imported: a few milliseconds of every run)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="arena-contract",
        description="Contract tests and schema validation for Arena PLM's "
        "GET /imports/<GUID>/runs.",
        epilog="Exit codes: 0 conforms, 1 findings (or failures), 2 unreadable input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"arena-contract {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS if only is None else (only,):
        # Every subcommand ships with the package: one that does not import is a broken
        # install or a bug, and says so, rather than vanishing from --help.
        importlib.import_module(f"arena_contract.cli.{name}").register(subparsers)
    return parser


def console() -> None:
    """The ``arena-contract`` script: ``main``, and the process ends."""
    sys.exit(main(ending=True))


def main(argv: Sequence[str] | None = None, *, ending: bool = False) -> int:
    """Run one command; returns its exit code.

    ``ending``: the process ends when the command is done (the script), so a command may
    leave what it read to the operating system rather than free it (``output.end_process``).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # as argparse would say it, without importing any subcommand
        print(f"arena-contract {__version__}")
        return EXIT_OK
    # `arena-contract check ...` needs check's parser only; anything else (--help, --version,
    # a misspelt command) gets them all, so that --help and errors list every command.
    parser = build_parser(argv[0] if argv and argv[0] in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    args.ending = ending
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from arena_contract.cli.output import discard_stdout, is_write_error

    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("arena-contract: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # A listing (`rules | head`) cut short by its reader; the commands with a verdict
        # (check, drift, infer) write through cli.output, which keeps their exit code.
        discard_stdout()
        return EXIT_OK
    except OSError as exc:  # `> /dev/full`, a full disk: the output could not be written
        if not is_write_error(exc):
            raise
        discard_stdout()
        import contextlib  # here: --version and every run that goes well skip it

        with contextlib.suppress(OSError):  # standard error full too: the exit code says it
            print(f"arena-contract: cannot write standard output: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    console()
