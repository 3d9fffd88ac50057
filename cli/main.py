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


if __name__ == "__main__":
    app()
