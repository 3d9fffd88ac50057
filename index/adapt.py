"""Adapting the embedder to the corpus: a short fine-tune on the corpus's own headings.

A general-purpose embedder (all-MiniLM-L6-v2) has never read a statute: "Who approves the AI
Basic Plan?" lands on explainer prose rather than the paragraph on the cabinet decision. Before
the passages are embedded, `regqa build` fine-tunes a copy of the base model on (heading,
passage) pairs from the corpus itself (index/adapt_pairs.py) with in-batch negatives
(multiple-negatives ranking loss): two epochs over ~330 headings, about 40 s on two CPU cores.
The result is cached under the data directory by the hash of base model, recipe and headings, so
a rebuild with the same headings does not train again, and it is stored in the index build that
uses it: queries are embedded by the same adapted model that embedded the passages.

REGQA_ADAPT=false turns it off (the base model embeds as is). README: the numbers.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from index.adapt_pairs import AdaptRecipe, HeadingGroup, batches, epoch_pairs

log = logging.getLogger("regqa.adapt")

ENCODERS_DIR = "encoders"  # under the cache directory: one folder per adaptation key


def train_adapted(base_path: str, groups: Sequence[HeadingGroup], recipe: AdaptRecipe, out: Path,
                  advance: Callable[[int], None] | None = None) -> None:
    """Fine-tune the sentence-transformers model at `base_path` on the heading groups and save it
    to `out` (written to a temporary folder first, so `out` is whole or absent)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(recipe.seed)
    model = SentenceTransformer(base_path, device="cpu", local_files_only=True)
    serving_length = model.max_seq_length
    model.max_seq_length = min(recipe.max_length, serving_length)
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.learning_rate)
    functional = torch.nn.functional

    def unit_vectors(texts: list[str]):  # noqa: ANN202 - a torch tensor
        return functional.normalize(model(model.preprocess(texts))["sentence_embedding"], dim=-1)

    model.train()
    for epoch in range(recipe.epochs):
        for batch in batches(epoch_pairs(groups, epoch, recipe.seed), recipe.batch):
            left = unit_vectors([h for h, _ in batch])
            right = unit_vectors([t for _, t in batch])
            # the i-th heading's passage is the i-th text; every other text is a negative
            loss = functional.cross_entropy(recipe.scale * left @ right.T, torch.arange(len(batch)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if advance:
                advance(len(batch))
    model.eval()
    model.max_seq_length = serving_length
    tmp = out.parent / f".tmp-{out.name}-{uuid.uuid4().hex[:6]}"
    try:
        model.save(str(tmp))
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def training_steps(groups: Sequence[HeadingGroup], recipe: AdaptRecipe) -> int:
    """Pairs seen in training (for a progress bar)."""
    return sum(len(b) for e in range(recipe.epochs)
               for b in batches(epoch_pairs(groups, e, recipe.seed), recipe.batch))


def cached_encoder(cache_root: Path, key: str) -> Path:
    return cache_root / ENCODERS_DIR / key[:32]


def prune_encoders(cache_root: Path, keep: set[str]) -> None:
    """Drop cached adapted models other than `keep` (adaptation keys)."""
    folder = cache_root / ENCODERS_DIR
    if not folder.is_dir():
        return
    wanted = {k[:32] for k in keep}
    for path in folder.iterdir():
        if path.name not in wanted:
            with suppress(OSError):
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def link_tree(src: Path, dst: Path) -> None:
    """Copy a folder as hard links where the file system allows, else as copies."""
    for path in sorted(src.rglob("*")):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
