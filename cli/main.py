"""`regqa`: sync the corpus, build the index, ask, search, serve, evaluate.

One module per command group, each registered the same way (`register(app)`):
corpus (sync, stats, refs), ingest (build, ingest), ask (ask, search), serve (serve, ui),
evaluate (eval, sweep, verify-eval), bench (retrieval, search at scale).
"""

from __future__ import annotations

import typer

from cli import ask, bench, corpus, evaluate, ingest, serve

GROUPS = (corpus, ingest, ask, serve, evaluate, bench)

app = typer.Typer(help="regqa: answers about regulatory texts, every claim pinned to a provision.",
                  no_args_is_help=True, add_completion=False)
for group in GROUPS:
    group.register(app)


@app.callback()
def settings_checked() -> None:
    """Every command reads the one settings object: a REGQA_ variable it cannot take stops the
    command here, named, instead of as a traceback from wherever the settings are first read."""
    from pydantic import ValidationError

    from core.settings import get_settings

    try:
        get_settings()  # read once here; the command's own call gets the same object
    except ValidationError as exc:
        for error in exc.errors():
            name = "REGQA_" + "_".join(str(part) for part in error["loc"]).upper()
            typer.echo(f"error: {name}={error.get('input')!r}: {error['msg']}", err=True)
        raise typer.Exit(2) from None


if __name__ == "__main__":
    app()
