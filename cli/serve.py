"""`regqa serve` (the HTTP API) and `regqa ui` (the Streamlit app, which calls the API)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from core.settings import Settings, get_settings


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's settings for the API, shared by `regqa serve` and the servers the tests start.

    An idle keep-alive connection must be closed by the client (or load balancer) first, never by
    us: uvicorn's default 5 s equals httpx's pool expiry, and a client that reuses a connection just
    as our timer fires sends its request into a closing socket and gets a reset (a ReadError, no
    response, nothing in our log). docs/benchmarks.md "Load" has the evidence."""
    return {"timeout_keep_alive": settings.api_keep_alive_seconds}


def serve(
    host: str | None = None,
    port: int | None = None,
    workers: int = typer.Option(1, min=1, max=64, help="worker processes; each loads the index "
                                "(FAISS memory-mapped, or its share from Postgres) and follows new "
                                "generations by itself"),
) -> None:
    """Run the HTTP API (FastAPI under uvicorn)."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    host, port = host or settings.api_host, port or settings.api_port
    options = server_options(settings)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", **options)
        return
    # worker processes build their own app from the same environment
    uvicorn.run("api.app:create_app", factory=True, workers=workers, host=host, port=port,
                log_level="info", **options)


def ui(port: int | None = None) -> None:
    """Run the Streamlit page (it calls the API at REGQA_API_URL)."""
    settings = get_settings()
    page = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(page), "--server.headless", "true",
           "--server.address", settings.api_host, "--server.port", str(port or settings.ui_port),
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    raise typer.Exit(subprocess.call(cmd, env=os.environ.copy()))


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(ui)
