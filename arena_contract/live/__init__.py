"""Talking to a live (or mocked) Arena: options, a budgeted client, the session, HAR files.

Every request goes through :class:`~arena_contract.live.client.ArenaClient`, which checks
the :class:`~arena_contract.live.budget.Budget` before sending, never follows a redirect,
turns network trouble into one-line errors and hands every answer back as an
:class:`~arena_contract.exchange.Exchange` (and to the HAR recorder, redacted).
"""
