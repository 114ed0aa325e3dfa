"""The mock's defaults, importable without the mock (the CLI shows them in `serve --help`)."""

DEFAULT_EMAIL = "integration@example.com"
DEFAULT_PASSWORD = "arena-mock"
DEFAULT_QUOTA = 1000
