"""captures/files.py reads a small regular file in one ``os.read`` sized by ``fstat``, and
anything else (empty, grown since ``fstat``, a pipe, a directory) the general way, whole."""

from __future__ import annotations

import os

import pytest

from arena_contract.captures import files


def _never(head: bytes) -> bool:
    return False


@pytest.fixture
def reads(monkeypatch):
    """The sizes asked of ``os.read`` by captures/files.py."""
    asked: list[int] = []
    real = os.read

    def counting(fd: int, size: int) -> bytes:
        asked.append(size)
        return real(fd, size)

    monkeypatch.setattr(files.os, "read", counting)
    return asked


@pytest.mark.parametrize("size", [1, 2, 4095, 4096, 4097, 32 * 1024, 1024 * 1024 + 3])
def test_a_small_regular_file_is_one_read_of_its_size(tmp_path, reads, size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path = tmp_path / "capture.json"
    path.write_bytes(data)
    assert files.read_or_stream(str(path), stream_if=_never) == data
    assert reads == [size + 1]


def test_an_empty_file_reads_as_empty(tmp_path, reads):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert files.read_or_stream(str(path), stream_if=_never) == b""


@pytest.mark.parametrize("told", [0, 1, 100, 9999])
def test_a_file_larger_than_fstat_told_is_read_whole(tmp_path, monkeypatch, told):
    """(A file written while it is read: its size at ``fstat`` is not its size at ``read``.)"""
    data = b'{"results": []}' * 1000
    path = tmp_path / "growing.json"
    path.write_bytes(data)
    real = os.fstat
    calls = []

    def stale(fd: int) -> os.stat_result:
        info = real(fd)
        calls.append(fd)
        if len(calls) > 1:
            return info
        fields = list(info)
        fields[6] = told  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(files.os, "fstat", stale)
    assert files.read_or_stream(str(path), stream_if=_never) == data


def test_a_pipe_and_a_directory_are_not_read_as_small_files(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert files.read_or_stream(str(fifo), stream_if=_never) == b""  # no writer: empty
    with pytest.raises(IsADirectoryError) as caught:
        files.read_or_stream(str(tmp_path), stream_if=_never)
    assert caught.value.filename == str(tmp_path)
