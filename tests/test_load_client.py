"""eval/load.py records what each failed request met, so a load run says why it failed."""

from __future__ import annotations

import asyncio

from eval.load import run_load


async def _run_against(handler) -> object:
    handlers: list[asyncio.Task] = []

    async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.append(asyncio.current_task())
        await handler(reader, writer)

    server = await asyncio.start_server(tracked, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        report = await run_load(f"http://127.0.0.1:{port}", [("q", "en")], requests=4,
                                concurrency=2, timeout=5)
        await asyncio.wait_for(asyncio.gather(*handlers), 5)  # each has seen the client go
    return report


def test_a_connection_closed_without_a_response_is_recorded_with_its_class_and_cause() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        writer.close()
        await writer.wait_closed()

    report = asyncio.run(_run_against(hang_up))
    assert report.error_count == 4 and report.ok == 0
    assert len(report.error_details) == 4
    for detail in report.error_details:
        assert detail["error"] in report.errors
        assert detail["error"] in ("RemoteProtocolError", "ReadError")
        assert detail["message"].startswith("httpx.")  # the chain of causes, outermost first
        assert detail["connection"] == "new"
        assert detail["after_ms"] >= 0 and detail["at_s"] >= 0
    assert "on a new connection" in report.line()


def test_an_error_status_is_recorded_with_the_body() -> None:
    async def busy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while not reader.at_eof():
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\nbusy")
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    report = asyncio.run(_run_against(busy))
    assert report.errors == {"503": 4}
    assert [d["message"] for d in report.error_details] == ["busy"] * 4
    assert sum(d["connection"] == "reused" for d in report.error_details) == 2
