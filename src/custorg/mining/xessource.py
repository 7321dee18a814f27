"""An XES log's bytes, gunzipped when packed, read a few chunks ahead in a thread.

A `.xes.gz` may hold several gzip members one after the other (what `cat a.gz b.gz`
makes, valid gzip): each is unpacked in turn, and the unpacked bytes are bounded in all
(`Limits.unpacked_bytes`, an absolute limit: a ratio cannot tell a bomb from a
repetitive real log)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..inputs import open_input
from ..limits import Limits, too_large
from .events import LogError
from .xesgrammar import CHUNK


def is_gzip(path: Path) -> bool:
    try:
        with open_input(path) as handle:
            return handle.read(2) == b"\x1f\x8b"
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None


class Source:
    """The log's bytes (gunzipped when packed); read errors become LogError with the byte
    of the file where they happened."""

    def __init__(self, path: Path, packed: bool, limits: Limits) -> None:
        self.path, self.packed, self.limit = path, packed, limits.unpacked_bytes

    def __enter__(self) -> Source:
        try:
            self.raw: IO[bytes] = open_input(self.path)
        except OSError as exc:
            raise LogError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
        chunks = _gunzip(self.raw, self.path, self.limit) if self.packed else _chunks(self.raw)
        self.stream = _Ahead(chunks)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: Any) -> None:
        self.stream.close()
        where = self.raw.tell() if not self.raw.closed else 0
        self.raw.close()
        if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
            raise LogError(f"{self.path}: byte {where}: truncated or corrupt gzip data "
                           f"({exc or 'unexpected end of file'})") from None
        if isinstance(exc, OSError):
            raise LogError(f"{self.path}: byte {where}: cannot read ({exc})") from None


def _chunks(raw: IO[bytes]) -> Iterator[bytes]:
    while data := raw.read(CHUNK):
        yield data


def _gunzip(raw: IO[bytes], path: Path, limit: int) -> Iterator[bytes]:
    """The unpacked bytes of every gzip member (`cat a.gz b.gz` is one valid gzip file),
    a chunk at a time, `limit` bytes in all at most. zlib checks each member's header, CRC
    and length; zero padding after the last member is ignored, as gzip does."""
    unpack = zlib.decompressobj(wbits=31)
    data, total = b"", 0
    while True:
        if not data:
            data = raw.read(CHUNK >> 2)
            if not data:
                rest = unpack.flush()  # output zlib still holds for the input it took
                total += len(rest)
                if total > limit:
                    raise UsageError(_unpacked_too_large(path, limit))
                if rest:
                    yield rest
                if unpack.eof:
                    return
                raise EOFError("Compressed file ended before the end-of-stream marker was "
                               "reached")
        out = unpack.decompress(data, CHUNK)
        total += len(out)
        if total > limit:
            raise UsageError(_unpacked_too_large(path, limit))
        if out:
            yield out
        if not unpack.eof:
            data = unpack.unconsumed_tail
            continue
        # a member ended: what follows it is in unused_data only (CPython leaves the same
        # bytes in unconsumed_tail too: adding both doubled them, member after member)
        data = unpack.unused_data.lstrip(b"\0")
        while not data:
            more = raw.read(CHUNK >> 2)
            if not more:
                return
            data = more.lstrip(b"\0")
        unpack = zlib.decompressobj(wbits=31)


def _unpacked_too_large(path: Path, limit: int) -> str:
    return f"{path}: " + too_large("the unpacked log", "unpacked-bytes", limit)


class _Ahead:
    """Reads chunks ahead in a thread, a few at most: reading the file and unpacking it
    (zlib lets the interpreter go on meanwhile) overlap with reading the XML.
    `read(size)` returns up to `size` bytes, fewer only at the end; an error while
    reading is raised by `read`."""

    QUEUED = 4

    def __init__(self, chunks: Iterator[bytes]) -> None:
        import queue
        import threading

        self.chunks = chunks
        self.queue: queue.Queue[bytes | BaseException] = queue.Queue(self.QUEUED)
        self.left, self.ended, self.stop = b"", False, threading.Event()
        self.thread = threading.Thread(target=self._fill, name="custorg-read", daemon=True)
        self.thread.start()

    def _fill(self) -> None:
        import queue

        while not self.stop.is_set():
            try:
                item: bytes | BaseException = next(self.chunks, b"")
            except BaseException as exc:  # handed to the reader, raised there
                item = exc
            while not self.stop.is_set():
                try:
                    self.queue.put(item, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if not isinstance(item, bytes) or not item:
                return

    def read(self, size: int = -1) -> bytes:
        parts, have = [self.left], len(self.left)
        while (size < 0 or have < size) and not self.ended:
            item = self.queue.get()
            if isinstance(item, BaseException):
                self.ended = True
                raise item
            if not item:
                self.ended = True
            parts.append(item)
            have += len(item)
        data = b"".join(parts)
        cut = len(data) if size < 0 else size
        self.left = data[cut:]
        return data[:cut]

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
