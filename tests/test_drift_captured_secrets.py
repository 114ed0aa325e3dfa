"""Captured traffic that nobody redacted (a browser's HAR, a proxy's log) goes through
`drift` and `infer` without a session or token value reaching their output or the shape
summary meant to be committed: such headers are masked by name before anything is
counted, shown or stored."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.cli import main
from arena_contract.cli.infer import FORMATS as INFER_FORMATS
from arena_contract.drift import dumps, infer
from arena_contract.exchange import Headers
from arena_contract.reporters import FORMATS
from tests.test_drift_cli import write_captures
from tests.test_drift_support import page, run

#: Response headers a server may send with a secret in them, by name.
SECRET_HEADERS = ["arena_session_id", "ArenaSessionId", "X-Auth-Token", "Set-Cookie", "X-Api-Key"]
values = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=16, max_size=40)


@given(name=st.sampled_from(SECRET_HEADERS), value=values)
def test_infer_stores_no_value_of_a_secret_named_header(name, value):
    runs = [run(i) for i in range(1, 4)]
    exchanges = [page(runs) for _ in range(3)]
    for item in exchanges:
        item.headers = Headers([*item.headers.items(), (name, value)])
    summary = dumps(infer(exchanges))
    assert value not in summary


def capture_with(directory, header: tuple[str, str]):
    path = write_captures(directory, [run(i) for i in range(1, 11)], [run(i) for i in range(1, 6)])
    for file in directory.glob("*.json"):
        item = json.loads(file.read_text())
        item["response"]["headers"][header[0]] = header[1]
        file.write_text(json.dumps(item))
    return path


@pytest.mark.parametrize("name", SECRET_HEADERS)
def test_drift_and_infer_never_show_a_captured_session(tmp_path, capsys, name):
    before = capture_with(tmp_path / "before", (name, "SESSIONAAAAAAAAAAAAAAAAAAAAAAAA"))
    after = capture_with(tmp_path / "after", (name, "SESSIONBBBBBBBBBBBBBBBBBBBBBBBB"))
    summary = tmp_path / "shape.json"
    main(["infer", before, "-o", str(summary)])
    for fmt in FORMATS:
        main(["drift", before, after, "--format", fmt])
        main(["drift", str(summary), after, "--format", fmt])
    for fmt in INFER_FORMATS:
        main(["infer", before, "--format", fmt])
    shown = capsys.readouterr()
    everything = shown.out + shown.err + summary.read_text()
    assert "SESSIONAAAA" not in everything and "SESSIONBBBB" not in everything


def test_a_summary_that_stored_a_session_value_does_not_show_it(tmp_path, capsys):
    """A summary written before headers were masked (or edited by hand)."""
    before = capture_with(tmp_path / "before", ("X-Server", "QzxCanaryValue"))
    summary = tmp_path / "shape.json"
    assert main(["infer", before, "-o", str(summary)]) == 0
    document = json.loads(summary.read_text())
    text = re.sub('"x-server"', '"arena_session_id"', json.dumps(document), flags=re.I)
    assert '"arena_session_id"' in text
    text = text.replace("QzxCanaryValue", "SESSIONCCCCCCCCCCCCCCCCCCCC")
    summary.write_text(text)
    after = capture_with(tmp_path / "after", ("arena_session_id", "SESSIONDDDDDDDDDDDDDDDDDD"))
    main(["drift", str(summary), after])
    shown = capsys.readouterr()
    assert "SESSIONCCCC" not in shown.out + shown.err
    assert "SESSIONDDDD" not in shown.out + shown.err


def test_headers_of_ordinary_names_still_drift(tmp_path, capsys):
    before = capture_with(tmp_path / "before", ("X-Server", "QzxOne"))
    after = capture_with(tmp_path / "after", ("X-Server", "QzxTwo"))
    main(["drift", before, after])
    assert "QzxTwo" in capsys.readouterr().out
