"""The systems an evaluation scores, built from configurations (eval/configs.py).

This is the one module of eval/ that imports regqa's QA pipeline and its settings.

- `regqa`: the pipeline in process, with the configuration's settings and search mode; one
  index and one embedder are shared by every configuration that uses the index's model.
- `llamaindex`: the peer baseline (eval/peer_baseline.py) over the synced source files, with the
  base embedding model (not regqa's corpus-adapted one: a team would not have it).
- `api`: a deployment over HTTP (eval/http_system.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from answer.pipeline import QAPipeline
from core.settings import Settings, get_settings
from eval.configs import ConfigError, EvalConfig
from eval.runner import SupportsAskWithHits
from index.store import LoadedIndex

ProvisionText = Callable[[str, str, str], str | None]


@dataclass
class EvalSystem:
    """What the runner needs to score one configuration."""

    config: EvalConfig
    runner: SupportsAskWithHits
    doc_paths: Mapping[str, Collection[str]] | None  # None: invented references not checked
    items_known: bool = True
    provision_text: ProvisionText | None = None  # set for path-less systems: derive gold quotes
    facts: dict[str, Any] | None = None  # what the report states about how it was built


def document_paths(index: LoadedIndex) -> dict[str, set[str]]:
    """Every provision path of every indexed document, items and subitems included."""
    out: dict[str, set[str]] = {}
    for p in index.passages:
        paths = out.setdefault(p.doc_id, set())
        paths.add(p.path)
        paths.update(span.path for span in p.spans)
    return out


def provision_text_of(index: LoadedIndex) -> ProvisionText:
    """(doc, language, path) -> the provision's indexed text (a whole article: its first part)."""
    def look_up(doc_id: str, language: str, path: str) -> str | None:
        whole = index.store.provision(doc_id, language, path)
        if whole is not None:
            return whole.text
        below = next((p for p in index.passages if p.doc_id == doc_id and p.language == language
                      and p.path.startswith(path + "/")), None)
        return below.text if below is not None else None
    return look_up


class SystemFactory:
    """Builds each configuration's system, sharing the loaded index and embedder."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.base = settings or get_settings()
        self._loaded: QAPipeline | None = None

    def settings_for(self, config: EvalConfig) -> Settings:
        unknown = sorted(set(config.settings) - set(Settings.model_fields))
        if unknown:
            raise ConfigError(f"{config.source}: unknown setting(s) {', '.join(unknown)}")
        try:
            return Settings.model_validate({**self.base.model_dump(), **config.settings})
        except ValueError as exc:
            raise ConfigError(f"{config.source}: {exc}") from exc

    def _shared(self) -> QAPipeline:
        if self._loaded is None:
            self._loaded = QAPipeline.load(self.base)
        return self._loaded

    @property
    def index(self) -> LoadedIndex:
        return self._shared().index

    def regqa(self, config: EvalConfig) -> EvalSystem:
        settings = self.settings_for(config)
        shared = self._shared()
        if settings.model == self.base.model and settings.home == self.base.home:
            pipeline = QAPipeline(shared.index, shared.embedder, settings)
        else:
            pipeline = QAPipeline.load(settings)
        pipeline.searcher.mode = config.retriever
        facts = {"passages": len(pipeline.index.passages), "embedder": pipeline.embedder.name,
                 "answerer": settings.answerer, "retriever": config.retriever}
        return EvalSystem(config, pipeline, document_paths(pipeline.index), facts=facts)

    def peer(self, config: EvalConfig, k: int) -> EvalSystem:
        try:
            from eval.peer_baseline import LlamaIndexBaseline
        except ImportError as exc:
            raise ConfigError(f"configuration {config.name!r} needs LlamaIndex's BM25 retriever ({exc}): "
                              "pip install --no-deps llama-index-retrievers-bm25==0.8.0") from exc
        from eval.peer_texts import read_sources
        from index.embedder import load_embedder

        docs = read_sources(self.base.sources_dir)
        embedder = load_embedder(self.base.model, self.base.batch_size)
        baseline = LlamaIndexBaseline(docs, embedder, k=config.k or k, **config.llamaindex)
        facts = {"files": len(docs), "chunks": len(baseline.nodes), "embedder": embedder.name,
                 "answer": "the top chunk, quoted whole, one citation; never abstains"}
        return EvalSystem(config, baseline, None, provision_text=provision_text_of(self.index),
                          facts=facts)

    def build(self, config: EvalConfig, k: int) -> EvalSystem:
        return self.peer(config, k) if config.is_peer else self.regqa(config)


def api_system(url: str, api_key: str | None = None) -> EvalSystem:
    """A deployment's API as one configuration, named after its URL."""
    from eval.http_system import HttpSystem

    system = HttpSystem(url, api_key=api_key)
    config = EvalConfig(name="api", system="regqa", description=f"the deployment at {url} over HTTP",
                        source=url)
    return EvalSystem(config, system, system.document_paths(), items_known=False,
                      facts={"url": url})
