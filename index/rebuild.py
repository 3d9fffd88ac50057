"""Build (or bring up to date) the live index from the synced sources and the user documents.

Incremental: each source version's passages and vectors are cached (index/passage_cache.py),
so an unchanged source is neither re-parsed nor re-embedded and a changed one re-embeds only
the passages whose text changed. Every build writes a complete new index directory and
switches the `CURRENT` pointer atomically (index/store.py), so a changed source replaces its
passages in one step, a source removed from the manifest drops out, and a crash or Ctrl-C
leaves the previous index serving.

Nothing served is lost to bad input: a source that fails to ingest (malformed, wrong checksum,
missing) keeps the passages of its previously indexed version when they are in the cache;
the outcome says so and the build is reported as failed (non-zero exit in the CLI).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from core.settings import Settings
from corpus.manifest import ManifestError, Source
from corpus.sync import SyncError, local_path, sha256_file
from corpus.user_sources import USER_DIR, load_user_sources
from index import lexicon
from index.adapt import cached_encoder, prune_encoders, train_adapted, training_steps
from index.adapt_pairs import AdaptRecipe, HeadingGroup, adaptation_key, heading_groups
from index.build import CODE_VERSION, build_index, documents_meta
from index.build_report import (
    FAILED,
    PARSED,
    REUSED,
    SKIPPED,
    BuildHooks,
    BuildReport,
    SourceOutcome,
    no_progress,
)
from index.embedder import (
    Embedder,
    EmbedderError,
    SentenceTransformerEmbedder,
    adapted_name,
    load_embedder,
    resolve_model_path,
)
from index.passage_cache import PassageCache, entry_key, text_sha
from index.reach import REACH_FILE, ReachUnavailable, ReachVectors, load_reach_encoder, sentence_layout
from index.store import ENCODER_DIR, IndexUnavailable, live_build, read_manifest
from ingest.pipeline import ingest_source
from ingest.records import Passage

_INDEX_CODE = ("index/build.py", "index/store.py", "index/tokenize.py", "index/rebuild.py",
               "index/cited_captions.py", "index/reach.py", "index/lexicon.py", "core/sentences.py")
_ADAPT_CODE = ("index/adapt.py", "index/adapt_pairs.py")  # a change retrains the adapted model


def _code_digest(files: tuple[str, ...]) -> str:
    """sha256 over the code version and these source files of regqa."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(CODE_VERSION.encode())
    for rel in files:
        path = root / rel
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_fingerprint(settings: Settings) -> str:
    """Changes when the index code or a setting that shapes the index (`settings.index`: the
    model, its adaptation, the HNSW parameters) changes; then the index is rewritten. Answer,
    search and service settings leave it as it is."""
    digest = hashlib.sha256(_code_digest(_INDEX_CODE + _ADAPT_CODE).encode())
    digest.update(json.dumps(settings.index.model_dump(mode="json"), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def all_sources(settings: Settings, sources: list[Source],
                outcomes: list[SourceOutcome]) -> list[tuple[Source, bool]]:
    """Manifest sources then user documents, as (source, is_user); a broken user manifest or a
    user document whose key collides with the manifest is reported in `outcomes`."""
    out = [(s, False) for s in sources]
    keys = {s.key for s in sources}
    try:
        users = load_user_sources(settings.home)
    except ManifestError as exc:
        outcomes.append(SourceOutcome("user documents", FAILED, f"{exc}", user=True))
        return out
    for s in users:
        if s.key in keys:
            outcomes.append(SourceOutcome(s.key, FAILED, f"{s.key}: user document has the same doc id and "
                                          "language as a manifest source; re-ingest it with --doc-id",
                                          user=True))
            continue
        if not s.file.startswith(f"{USER_DIR}/"):
            outcomes.append(SourceOutcome(s.key, FAILED, f"{s.key}: user document file {s.file!r} is not "
                                          f"under sources/{USER_DIR}/", user=True))
            continue
        keys.add(s.key)
        out.append((s, True))
    return out


@dataclass
class _Part:
    source: Source
    entry: str
    passages: list[Passage]


@dataclass(frozen=True)
class _Texts:
    """What one source gives to embed (its passages' texts, or their sentences': index/reach.py)
    and the cache entry its vectors are kept under."""

    source_key: str
    entry: str
    texts: list[str]


def _passage_texts(parts: list[_Part]) -> list[_Texts]:
    return [_Texts(p.source.key, p.entry, [x.embed_text for x in p.passages]) for p in parts]


def _previous(root: Path) -> dict:
    try:
        live_build(root)
        return read_manifest(root)
    except IndexUnavailable:
        return {}


def rebuild(
    settings: Settings,
    sources: list[Source],
    *,
    embedder: Embedder | None = None,
    hooks: BuildHooks | None = None,
    force: bool = False,
    include_user: bool = True,
) -> BuildReport:
    """Ingest every source (from cache when unchanged), embed what is new, write a new live
    index. Never raises for a bad source: see `BuildReport`. `embedder` is loaded from
    `settings.model` only if something needs embedding."""
    hooks = hooks or BuildHooks()
    report = BuildReport()
    cache = PassageCache(settings.home / "cache")
    previous = _previous(settings.index_root)
    prev_entries: dict[str, str] = previous.get("entries", {})
    model = embedder.name if embedder is not None else settings.model

    listed = (all_sources(settings, sources, report.outcomes) if include_user
              else [(s, False) for s in sources])
    for outcome in report.outcomes:
        hooks.source(outcome)
    parts: list[_Part] = []
    digests: dict[str, str] = {}
    for source, user in listed:
        outcome, part, digest = _ingest_one(source, user, settings, cache, prev_entries.get(source.key))
        report.outcomes.append(outcome)
        hooks.source(outcome)
        if part is not None:
            parts.append(part)
            if digest:
                digests[source.key] = digest
    current = {s.key for s, _ in listed}
    report.removed = sorted(k for k in previous.get("sources", {}) if k not in current)
    report.passage_count = sum(len(p.passages) for p in parts)
    if not parts:
        report.error = "nothing was ingested; the previous index (if any) is unchanged"
        return report

    entries = {p.source.key: p.entry for p in parts}
    fingerprint = build_fingerprint(settings)
    passages = [p for part in parts for p in part.passages]
    plan = _adaptation(settings, passages, embedder, hooks)
    key = plan.key if plan else None
    if (not force and previous and previous.get("entries") == entries and previous.get("model") == model
            and (previous.get("encoder") or {}).get("key") == key
            and previous.get("build_fingerprint") == fingerprint
            and previous.get("passage_count") == report.passage_count):
        report.up_to_date = True
        report.reused_vectors = report.passage_count
        report.build_dir = live_build(settings.index_root)
        return report

    encoder_meta: dict = {}
    vector_model, load_from = model, settings.model
    if plan is not None:
        try:
            folder = _adapted_folder(plan, cache.root, hooks)
        except Exception as exc:  # noqa: BLE001 - a failed fine-tune must not touch the live index
            report.error = (f"cannot adapt the embedding model {plan.base!r} ({type(exc).__name__}: "
                            f"{exc}); set REGQA_ADAPT=false to embed with it as is. The previous "
                            "index (if any) is unchanged")
            return report
        # the adapted model embeds, loaded only if some vector is not cached
        embedder, vector_model, load_from = None, adapted_name(model, plan.key), str(folder)
        encoder_meta = {"encoder": {"path": ENCODER_DIR, "key": plan.key, "base": model,
                                    "headings": len(plan.groups), "recipe": asdict(plan.recipe)}}
    vectors = _vectors(_passage_texts(parts), vector_model, cache, prev_entries, embedder, load_from,
                       settings, hooks, report)
    if vectors is None:
        return report
    reach = _reach(parts, passages, cache, prev_entries, settings, hooks)
    report.build_dir = build_index(
        passages, None, settings.index_root, digests,
        documents=documents_meta([p.source for p in parts]), vectors=vectors, model=model,
        extra_meta={"entries": entries, "build_fingerprint": fingerprint, **encoder_meta,
                    "user_sources": sorted(o.key for o in report.outcomes if o.user and o.passages)},
        encoder=folder if plan is not None else None,
        extra_files=_extra_files(passages, reach),
    )
    cache.prune(set(entries.values()))
    prune_encoders(cache.root, {plan.key} if plan else set())
    return report


def _extra_files(passages: list[Passage], reach: ReachVectors | None) -> dict[str, bytes]:
    """What the build holds beside the passages and vectors: the reach vectors, and the word
    table learnt from the provisions held in both languages (index/lexicon.py)."""
    out = {lexicon.FILE: lexicon.to_bytes(lexicon.learn(lexicon.aligned_pairs(passages)))}
    if reach is not None:
        out[REACH_FILE] = reach.to_bytes()
    return out


@dataclass(frozen=True)
class _Adaptation:
    base: str  # the base model's setting name
    base_path: str  # where its files are
    recipe: AdaptRecipe
    groups: list[HeadingGroup]
    key: str


def _adaptation(settings: Settings, passages: list[Passage], embedder: Embedder | None,
                hooks: BuildHooks) -> _Adaptation | None:
    """What adapting the embedder to these passages would train on, or None when it is off, the
    embedder cannot be fine-tuned (not a sentence-transformers model) or there are too few
    headings to learn from."""
    if not settings.adapt:
        return None
    if embedder is not None and not isinstance(embedder, SentenceTransformerEmbedder):
        return None
    recipe = AdaptRecipe(epochs=settings.adapt_epochs, seed=settings.adapt_seed)
    groups = heading_groups(passages, recipe.languages)
    if len(groups) < settings.adapt_min_headings:
        hooks.message(f"embedder not adapted: {len(groups)} headings, fewer than "
                      f"REGQA_ADAPT_MIN_HEADINGS={settings.adapt_min_headings}")
        return None
    try:
        base_path = embedder.path if embedder is not None else resolve_model_path(settings.model)
    except EmbedderError as exc:
        hooks.message(f"embedder not adapted: {exc}")
        return None
    base = embedder.name if embedder is not None else settings.model
    key = adaptation_key(f"{base}@{_code_digest(_ADAPT_CODE)[:16]}", recipe, groups)
    return _Adaptation(base, base_path, recipe, groups, key)


def _adapted_folder(plan: _Adaptation, cache_root: Path, hooks: BuildHooks) -> Path:
    """The adapted model's folder: from the cache, or trained now and cached."""
    folder = cached_encoder(cache_root, plan.key)
    if folder.is_dir():
        hooks.message(f"adapted embedder: unchanged headings, reusing {folder.name}")
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    hooks.message(f"adapting the embedder {plan.base} to the corpus: {len(plan.groups)} headings, "
                  f"{plan.recipe.epochs} epochs")
    with hooks.adapting(training_steps(plan.groups, plan.recipe)) as advance:
        train_adapted(plan.base_path, plan.groups, plan.recipe, folder, advance)
    return folder


def _ingest_one(
    source: Source, user: bool, settings: Settings, cache: PassageCache, prev_entry: str | None,
) -> tuple[SourceOutcome, _Part | None, str | None]:
    """One source: from the cache when unchanged, else parsed (and cached). On failure the
    previously indexed version is kept when the cache still has it."""

    def keep(status: str, message: str) -> tuple[SourceOutcome, _Part | None, str | None]:
        if prev_entry is not None:
            cached = cache.load_passages(prev_entry)
            if cached is not None:
                return (SourceOutcome(source.key, status, f"{message}; kept the previously indexed version "
                                      f"({len(cached[0])} passages)", len(cached[0]), True, user=user),
                        _Part(source, prev_entry, cached[0]), None)
        return SourceOutcome(source.key, status, message, user=user), None, None

    try:
        path = local_path(source, settings.sources_dir)
    except SyncError as exc:
        return keep(FAILED, str(exc))
    if not path.is_file():
        how = "re-add it with `regqa ingest`" if user else "run `regqa corpus sync` (or pass --mirror DIR)"
        return keep(SKIPPED, f"{source.key}: not synced ({path} is missing); {how}")
    try:
        digest = sha256_file(path)
    except OSError as exc:
        return keep(FAILED, f"{path}: cannot read ({exc.strerror})")
    if source.sha256 and digest != source.sha256:
        return keep(FAILED, f"{path}: checksum mismatch: expected sha256 {source.sha256}, got {digest}; "
                    "sync it again (or re-ingest the user document)")
    entry = entry_key(source, digest)
    cached = cache.load_passages(entry)
    if cached is not None:
        passages, notes = cached
        return (SourceOutcome(source.key, REUSED,
                              f"{source.key}: unchanged, {len(passages)} passages from cache",
                              len(passages), notes=notes, user=user),
                _Part(source, entry, passages), digest)
    try:
        result = ingest_source(source, path)
    except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not stop the build
        return keep(FAILED, f"{path}: unexpected error while parsing ({type(exc).__name__}: {exc})")
    if not result.ok:
        return keep(FAILED, result.error or f"{path}: ingest failed")
    with suppress(OSError):  # a cache that cannot be written only costs time next build
        cache.save_passages(entry, result.passages, result.notes)
    return (SourceOutcome(source.key, PARSED, f"{source.key}: {len(result.passages)} passages",
                          len(result.passages), notes=list(result.notes), user=user),
            _Part(source, entry, result.passages), digest)


def _vectors(
    groups: Sequence[_Texts], model: str, cache: PassageCache, prev_entries: dict[str, str],
    embedder: Embedder | None, load_from: str, settings: Settings, hooks: BuildHooks,
    report: BuildReport, noun: str = "passages",
) -> np.ndarray | None:
    """One vector per text (a passage's, or a sentence's: `noun` says which), in order: cached ones
    reused (also from the previous version of a changed source, text by text), the rest embedded
    and cached per source. Without an `embedder`, the model at `load_from` (a model setting or
    folder) is loaded if any is missing."""
    found: list[list[np.ndarray | None]] = []
    shas: list[list[str]] = []
    stale: list[bool] = []  # the source's own cache entry lacks some of its vectors
    missing = 0
    for group in groups:
        own = cache.load_vectors(group.entry, model)
        shas.append([text_sha(t) for t in group.texts])
        stale.append(not all(s in own for s in shas[-1]))
        pool = own
        prev = prev_entries.get(group.source_key)
        if stale[-1] and prev and prev != group.entry:
            pool = {**cache.load_vectors(prev, model), **own}
        row = [pool.get(s) for s in shas[-1]]
        found.append(row)
        missing += sum(v is None for v in row)
    total = sum(len(g.texts) for g in groups)
    report.reused_vectors = total - missing
    if missing:
        if embedder is None:
            hooks.message(f"loading embedding model {load_from} ...")
            try:
                embedder = load_embedder(load_from, settings.batch_size)
            except EmbedderError as exc:
                report.error = f"{exc}; the previous index (if any) is unchanged"
                return None
        hooks.message(f"embedding {missing} {noun} ({report.reused_vectors} of {total} vectors reused "
                      "from the cache)")
    with hooks.embedding(missing) if missing else no_progress() as advance:
        for group, row, keys, is_stale in zip(groups, found, shas, stale, strict=True):
            todo = [i for i, v in enumerate(row) if v is None]
            for start in range(0, len(todo), 64):
                idx = todo[start:start + 64]
                vecs = embedder.embed([group.texts[i] for i in idx])
                for i, v in zip(idx, vecs, strict=True):
                    row[i] = v
                report.embedded += len(idx)
                advance(len(idx))
            if is_stale:  # saved per source: an interrupted build resumes
                with suppress(OSError):
                    cache.save_vectors(group.entry, model, keys, np.vstack(row))
    return np.vstack([v for row in found for v in row]).astype(np.float32)


def _reach(parts: list[_Part], passages: list[Passage], cache: PassageCache, prev_entries: dict[str, str],
           settings: Settings, hooks: BuildHooks) -> ReachVectors | None:
    """The reach embedding (index/reach.py) of every passage, cached per source like the main
    vectors; None when there are none or the model is off or missing (the build goes on without:
    questions then search as before)."""
    if not passages or not settings.reach_model:
        return None
    try:
        encoder = load_reach_encoder(settings.reach_model)
    except ReachUnavailable as exc:
        hooks.message(f"{exc}; built without reach vectors")
        return None
    hooks.message(f"reach: {len(passages)} passages by {encoder.name}")
    vectors = _vectors(_passage_texts(parts), f"reach-{encoder.name}", cache, prev_entries, encoder,
                       encoder.name, settings, hooks, BuildReport())
    if vectors is None or len(vectors) != len(passages):
        return None
    reach = ReachVectors(encoder.name, np.arange(len(passages), dtype=np.int64), vectors)
    rows, texts = sentence_layout([part.passages for part in parts])
    if not rows:
        return reach
    hooks.message(f"reach: {len(rows)} sentences of the passages that hold more than one")
    sentence_groups = [_Texts(part.source.key, part.entry, own)
                       for part, own in zip(parts, texts, strict=True)]
    sentences = _vectors(sentence_groups, f"reach-sentences-{encoder.name}", cache, prev_entries, encoder,
                         encoder.name, settings, hooks, BuildReport(), noun="sentences")
    return reach if sentences is None else reach.with_sentences(np.array(rows, dtype=np.int64), sentences)
