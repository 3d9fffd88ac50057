"""Training pairs for adapting the embedder to the corpus, from the corpus's own headings. Pure.

The sources label their own text: an article caption ("Restrictions on Provision of Personal Data
to Third Parties"), an FAQ entry's question or an explainer's section title names what the text
under it is about. Each heading with the passages under it is a group; an epoch takes one
(heading, passage) pair per group, a different passage of the group each epoch (seeded), so
paragraphs that share a caption are never each other's negatives in one batch. No benchmark
question is used.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ingest.records import Passage


@dataclass(frozen=True)
class AdaptRecipe:
    """How the embedder is adapted; every field is part of the adapted model's identity."""

    epochs: int = 2
    seed: int = 0
    batch: int = 32
    learning_rate: float = 2e-5
    scale: float = 20.0  # similarity scale of the in-batch softmax (multiple-negatives ranking)
    max_length: int = 128  # tokens per text while training
    languages: tuple[str, ...] = ("en",)  # headings in languages the base model reads


@dataclass(frozen=True)
class HeadingGroup:
    heading: str
    texts: tuple[str, ...]  # embed texts of the passages under the heading, in corpus order


def heading_groups(passages: Iterable[Passage], languages: Sequence[str]) -> list[HeadingGroup]:
    """One group per (document, language, heading), in corpus order; passages without a
    heading are left out."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for p in passages:
        heading = (p.caption or "").strip()
        if heading and p.language in languages:
            groups.setdefault((p.doc_id, p.language, heading), []).append(p.embed_text)
    return [HeadingGroup(heading, tuple(texts)) for (_, _, heading), texts in groups.items()]


def longest_heading(passages: Iterable[Passage], languages: Sequence[str]) -> int:
    """Words in the longest heading the embedder is adapted on (0 with none): the longest query
    it learnt this corpus from."""
    return max((len((p.caption or "").split()) for p in passages if p.language in languages), default=0)


def epoch_pairs(groups: Sequence[HeadingGroup], epoch: int, seed: int) -> list[tuple[str, str]]:
    """One (heading, text) pair per group for this epoch, in a seeded shuffled order."""
    rng = random.Random(f"{seed}:{epoch}")
    pairs = [(g.heading, rng.choice(g.texts)) for g in groups]
    rng.shuffle(pairs)
    return pairs


def batches(pairs: Sequence[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """Consecutive batches; a last batch of one pair is dropped (it has no negative)."""
    out = [list(pairs[i:i + size]) for i in range(0, len(pairs), size)]
    return [b for b in out if len(b) > 1]


def adaptation_key(base_model: str, recipe: AdaptRecipe, groups: Sequence[HeadingGroup]) -> str:
    """Identity of an adapted model: the base model, the recipe and the training groups."""
    digest = hashlib.sha256(json.dumps({"base": base_model, "recipe": asdict(recipe)},
                                       sort_keys=True).encode())
    for g in groups:
        digest.update(json.dumps([g.heading, list(g.texts)], ensure_ascii=False).encode())
    return digest.hexdigest()
