"""Every option of the probe and of the project configuration, in one table: each row
names the option on every surface it has.

- the ``arena-contract`` command line: ``--NAME`` (:attr:`Option.cli`; ``--drift`` for the
  mock's drift switches), the old ``--arena-NAME`` kept as a plain argparse alias;
- pytest: ``--arena-NAME`` (:attr:`Option.flag`), and the ini key ``arena_NAME``
  (:attr:`Option.ini`; none for a secret);
- the environment: ``ARENA_...`` (:attr:`Option.env`);
- ``[tool.arena-contract]`` in pyproject.toml: the key ``NAME`` (:attr:`Option.file_key`),
  for the configuration's options.

A flag beats the environment, which beats the ini file, which beats the default (the file's
keys are overruled by all of them: config/load.py). A message names an option as the
surface it answers spells it (:meth:`Option.spelling`): there is one spelling per surface.
This module is imported by the pytest plugin in every pytest run, so it imports nothing
heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "int", "flag", "list"]
#: Where an option is given: the arena-contract command line, or pytest.
Surface = Literal["cli", "pytest"]

#: The default --max-response-bytes (256 MiB): far above any page of Arena's (400 runs), far
#: below what would exhaust a CI machine's memory.
MAX_RESPONSE_BYTES = 256 * 1024 * 1024

#: Where a command's output goes, as every command spells it (docs/cli.md).
OUTPUT_FLAGS = ("-o", "--output")


@dataclass(frozen=True)
class Option:
    name: str
    env: str | None
    #: The help line; ``{NAME}`` names another option as the surface spells it.
    help: str
    kind: Kind = "text"
    default: Any = None
    metavar: str | None = None
    #: A secret never comes from an ini file, and from a flag only with a warning.
    secret: bool = False
    #: The Settings field it fills, when not the name (a repeatable flag fills a plural).
    key: str | None = None
    #: The arena-contract command's spelling, when it is not ``--NAME``.
    cli_name: str | None = None
    #: Old spellings on the arena-contract command line, kept as plain aliases.
    old: tuple[str, ...] = ()
    #: A key of [tool.arena-contract] in pyproject.toml (the configuration's options).
    in_file: bool = False
    #: The command whose output this option names (``record``'s directory): there it is
    #: spelt as every command spells its output, -o/--output, with ``output_old`` and its
    #: other spellings kept as plain aliases.
    output_of: str | None = None
    output_old: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        return self.key or self.name.replace("-", "_")

    @property
    def flag(self) -> str:
        """pytest's spelling."""
        return f"--arena-{self.name}"

    @property
    def cli(self) -> str:
        """The arena-contract command line's spelling."""
        return self.cli_name or f"--{self.name}"

    @property
    def cli_aliases(self) -> tuple[str, ...]:
        """The old spellings the command line still takes: ``--arena-NAME`` (pytest's, as
        the command once took it too) and any other."""
        return (*self.old, self.flag)

    def cli_flags(self, command: str | None = None) -> tuple[str, ...]:
        """The flags ``command`` takes for the option: its one spelling, then the aliases."""
        if command is not None and command == self.output_of:
            return (*OUTPUT_FLAGS, *self.output_old, self.cli, *self.cli_aliases)
        return (self.cli, *self.cli_aliases)

    @property
    def dest(self) -> str:
        return "arena_" + self.name.replace("-", "_")

    @property
    def ini(self) -> str | None:
        return None if self.secret else self.dest

    @property
    def file_key(self) -> str | None:
        return self.name if self.in_file else None

    def spelling(self, surface: Surface) -> str:
        """The option's flag as ``surface`` spells it."""
        return self.cli if surface == "cli" else self.flag

    def argparse_kwargs(self, surface: Surface = "pytest") -> dict[str, Any]:
        """add_argument / addoption keywords, the same for pytest and the command line.

        The default is None, so that "not given" is told from a value: the environment and
        the ini file come next (see settings.resolve).
        """
        kwargs: dict[str, Any] = {
            "dest": self.dest,
            "help": self.help_text(surface),
            "default": None,
        }
        if self.kind == "flag":
            kwargs["action"] = "store_true"
        else:
            kwargs["metavar"] = self.metavar
            if self.kind == "list":
                kwargs["action"] = "append"
        return kwargs

    def help_text(self, surface: Surface = "pytest") -> str:
        """The help line, naming the environment variable, the ini key (for pytest) and the
        default, other options spelt as ``surface`` spells them."""
        extra = []
        if self.env:
            sep = ", comma-separated" if self.kind == "list" else ""
            extra.append(f"env {self.env}{sep}")
        if surface == "pytest" and self.ini:
            extra.append(f"ini {self.ini}")
        if self.default not in (None, False, ()):
            extra.append(f"default {self.default}")
        line = spelt(self.help, surface)
        return f"{line} ({'; '.join(extra)})" if extra else line


OPTIONS: tuple[Option, ...] = (
    Option(
        "url",
        "ARENA_URL",
        "Arena API base URL (e.g. https://api.arenasolutions.com/v1), or 'mock' for the "
        "bundled mock on loopback (for pytest, giving it runs the contract suite)",
        metavar="URL",
    ),
    Option("email", "ARENA_EMAIL", "log in as this (dedicated integration) user", metavar="EMAIL"),
    Option(
        "password",
        "ARENA_PASSWORD",
        "password for {email}; prefer the environment variable: a flag shows in ps "
        "and shell history",
        metavar="PASSWORD",
        secret=True,
    ),
    Option("workspace-id", "ARENA_WORKSPACE_ID", "workspace to log in to", "int", metavar="ID"),
    Option(
        "session-id",
        "ARENA_SESSION_ID",
        "use this existing session instead of logging in (it is not logged out); prefer "
        "the environment variable",
        metavar="ID",
        secret=True,
    ),
    Option(
        "token",
        "ARENA_TOKEN",
        "use this OAuth bearer token (sent as Authorization: Bearer) instead of logging in, "
        "as some integrations authenticate; prefer the environment variable",
        metavar="TOKEN",
        secret=True,
    ),
    Option(
        "usage-reason",
        "ARENA_USAGE_REASON",
        "send this Arena-Usage-Reason header with every request, as some integrations do",
        metavar="TEXT",
    ),
    Option(
        "import-guid",
        "ARENA_IMPORT_GUIDS",
        "import definition to probe (repeatable); default: discover them with GET /imports",
        "list",
        (),
        metavar="GUID",
        key="import_guids",
    ),
    Option(
        "max-imports",
        "ARENA_MAX_IMPORTS",
        "how many discovered import definitions to probe",
        "int",
        2,
        metavar="N",
    ),
    Option(
        "max-requests",
        "ARENA_MAX_REQUESTS",
        "hard limit on requests sent, login and logout included",
        "int",
        200,
        metavar="N",
    ),
    Option(
        "min-remaining",
        "ARENA_MIN_REMAINING",
        "stop before X-Arena-Requests-Remaining would fall below N",
        "int",
        100,
        metavar="N",
    ),
    Option(
        "record",
        "ARENA_RECORD",
        "save every exchange to a HAR 1.2 file in DIR (secrets redacted)",
        metavar="DIR",
        output_of="record",
        output_old=("--out",),
    ),
    Option(
        "timeout",
        "ARENA_TIMEOUT",
        "seconds to wait: one number, or CONNECT,READ",
        default="10,30",
        metavar="SECONDS",
    ),
    Option(
        "max-response-bytes",
        "ARENA_MAX_RESPONSE_BYTES",
        "stop reading an answer past N bytes, on the wire or inflated: it is a failed request",
        "int",
        MAX_RESPONSE_BYTES,
        metavar="N",
    ),
    Option(
        "insecure", "ARENA_INSECURE", "do not verify TLS certificates (test proxies only)", "flag"
    ),
    Option(
        "allow-http",
        "ARENA_ALLOW_HTTP",
        "allow a plain-http URL to a host other than loopback (the session id travels in clear)",
        "flag",
    ),
    Option(
        "examples",
        "ARENA_EXAMPLES",
        "at most N generated requests in each exploration test (Hypothesis, Schemathesis); "
        "0 turns exploration off",
        "int",
        25,
        metavar="N",
    ),
    Option("strict", "ARENA_STRICT", "treat every warning finding as a failure", "flag"),
    Option(
        "mock-drift",
        "ARENA_MOCK_DRIFT",
        "turn on a drift switch in the bundled mock (repeatable; implies {url}=mock)",
        "list",
        (),
        metavar="NAME",
        cli_name="--drift",
        old=("--mock-drift",),
    ),
    Option(
        "mock-runs",
        "ARENA_MOCK_RUNS",
        "seed the bundled mock with one import definition per count, with that many runs "
        "(e.g. 45,7,0; implies {url}=mock)",
        metavar="COUNTS",
    ),
    Option(
        "plan",
        "ARENA_PLAN",
        "print what the suite would send for the budget, in order, and send only what "
        "planning needs (login, discovery, a first page, logout)",
        "flag",
    ),
)

#: The project configuration (docs/configuration.md): the same in every command and the
#: plugin; a flag or variable here wins over the configuration file's key.
CONFIG: tuple[Option, ...] = (
    Option(
        "config",
        "ARENA_CONFIG",
        "read the configuration from FILE (default: [tool.arena-contract] in the nearest "
        "pyproject.toml upward)",
        metavar="FILE",
    ),
    Option(
        "ignore",
        "ARENA_IGNORE",
        "ignore the findings of RULE (an ID or a glob, header.*; RULE@/json/pointer/* narrows "
        "it to a place; repeatable)",
        "list",
        (),
        metavar="RULE",
        in_file=True,
    ),
    Option(
        "warn",
        "ARENA_WARN",
        "report RULE as a warning (as {ignore})",
        "list",
        (),
        metavar="RULE",
        in_file=True,
    ),
    Option(
        "error",
        "ARENA_ERROR",
        "report RULE as an error (as {ignore})",
        "list",
        (),
        metavar="RULE",
        in_file=True,
    ),
    Option(
        "baseline",
        "ARENA_BASELINE",
        "report only findings not in this baseline of known findings",
        metavar="FILE",
        in_file=True,
    ),
    Option(
        "consumes",
        "ARENA_CONSUMES",
        "a field the integration reads, as a JSON pointer glob (/results/*/status; repeatable)",
        "list",
        (),
        metavar="POINTER",
        in_file=True,
    ),
    Option(
        "write-baseline",
        "ARENA_WRITE_BASELINE",
        "write the run's findings to FILE as a baseline of known findings",
        metavar="FILE",
    ),
)
OPTIONS += CONFIG

#: pytest's own options (the probe command always runs the suite alone, so it has none).
PYTEST_ONLY: tuple[Option, ...] = (
    # From the environment or the ini file it only narrows a run that the command line asked
    # for; it does not start the suite.
    Option(
        "only",
        "ARENA_ONLY",
        "run the contract suite alone, not the project's own tests (implies --arena-contract)",
        "flag",
    ),
)

BY_NAME = {option.name: option for option in (*OPTIONS, *PYTEST_ONLY)}


class _Spellings(dict):
    """``{NAME}`` in a help line or message -> that option's flag on one surface."""

    def __init__(self, surface: Surface) -> None:
        super().__init__()
        self.surface = surface

    def __missing__(self, name: str) -> str:
        return BY_NAME[name].spelling(self.surface)


def spelt(text: str, surface: Surface) -> str:
    """``text`` with each ``{NAME}`` the flag of option NAME as ``surface`` spells it."""
    return text.format_map(_Spellings(surface))


def pytest_flag(name: str) -> str:
    """Option ``name``'s pytest flag: what messages say when no surface is given."""
    return BY_NAME[name].flag


def spelling(name: str, surface: Surface) -> str:
    """Option ``name``'s flag as ``surface`` spells it: ``--max-requests`` on the command
    line, ``--arena-max-requests`` for pytest."""
    return BY_NAME[name].spelling(surface)
