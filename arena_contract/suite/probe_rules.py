"""The IDs of the probe suite's own checks across requests (``probe.*``), import-light:
the configuration (``arena_contract.config``) names them next to the validator's rules."""

#: The suite's own checks (docs/probe.md lists them with the rules).
PROBE_RULES: dict[str, str] = {
    "probe.redirect": "Arena answered with a redirect (never followed: the session header "
    "would go along).",
    "probe.status": "The status the contract states for this request (200 for a valid list "
    "request, 401 without a valid session).",
    "probe.filter-misses": "A filter value taken from a run seen matches at least that run.",
    "probe.page-short": "A page holds as many runs as its limit allows while more remain.",
    "probe.page-past-end": "An offset past the end gives an empty page.",
    "probe.page-repeat": "Paging through the list never shows a run twice.",
    "probe.page-missing": "Paging through the list shows every run (count, and the first page).",
    "probe.single-run": "GET /imports/{guid}/runs/{runGuid} agrees with the run in the list.",
    "probe.countdown": "X-Arena-Requests-Remaining counts down across the run.",
    "probe.content-length": "A body is not cut short by its Content-Length (as when it counts "
    "characters instead of bytes).",
}
