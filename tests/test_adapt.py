"""Adapting the embedder to the corpus (index/adapt_pairs.py, index/adapt.py, index/rebuild.py).

The pair building is pure and tested on hand-made passages; the fine-tune itself runs the real
base model (marked `model`) on small made-up heading groups and on the widget laws."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder
from widget_index import synced_widget_sources

from answer.pipeline import QAPipeline
from core.settings import Settings
from index.adapt import cached_encoder, train_adapted
from index.adapt_pairs import (
    AdaptRecipe,
    HeadingGroup,
    adaptation_key,
    batches,
    epoch_pairs,
    heading_groups,
    longest_heading,
)
from index.build_report import BuildHooks
from index.embedder import SentenceTransformerEmbedder, resolve_model_path
from index.rebuild import rebuild
from index.store import ENCODER_DIR, IndexUnavailable, load_index, read_manifest
from ingest.records import Passage


def _passage(doc: str, lang: str, path: str, caption: str, text: str) -> Passage:
    return Passage(passage_id=f"{doc}:{lang}:{path}", doc_id=doc, language=lang, path=path, text=text,
                   label=path, ref=path, title=doc, short_title=doc, caption=caption, chapter="",
                   kind="act", jurisdiction="JP", version="v1", url=None, legal_effect=lang == "ja",
                   authority="original")


PASSAGES = [
    _passage("gear-act", "en", "art-1/para-1", "Purpose", "This Act aims to keep gears safe."),
    _passage("gear-act", "en", "art-2/para-1", "Duties of Makers", "A maker must test every gear."),
    _passage("gear-act", "en", "art-2/para-2", "Duties of Makers", "A maker must keep test records."),
    _passage("gear-act", "en", "art-3/para-1", "", "A paragraph without a caption."),
    _passage("gear-act", "ja", "art-1/para-1", "目的", "この法律は歯車の安全を目的とする。"),
    _passage("cog-rules", "en", "art-1/para-1", "Purpose", "These rules aim to keep cogs clean."),
]


def test_heading_groups_gather_the_passages_under_each_heading_of_each_document():
    groups = heading_groups(PASSAGES, ["en"])
    assert [g.heading for g in groups] == ["Purpose", "Duties of Makers", "Purpose"]
    makers = groups[1]
    assert len(makers.texts) == 2 and all("Duties of Makers" in t for t in makers.texts)  # embed text
    assert [g.heading for g in heading_groups(PASSAGES, ["ja"])] == ["目的"]


def test_the_longest_heading_is_counted_in_words_in_the_languages_adapted_on():
    assert longest_heading(PASSAGES, ["en"]) == 3  # "Duties of Makers"
    assert longest_heading(PASSAGES, ["ja"]) == 1
    assert longest_heading(PASSAGES, ["ko"]) == 0


def test_an_epoch_has_one_pair_per_heading_and_is_reproducible():
    groups = [HeadingGroup(f"heading {i}", (f"text {i} a", f"text {i} b")) for i in range(20)]
    first = epoch_pairs(groups, 0, seed=0)
    assert first == epoch_pairs(groups, 0, seed=0)
    assert sorted(h for h, _ in first) == sorted(g.heading for g in groups)
    assert all(t.startswith(h.replace("heading", "text")) for h, t in first)
    # another epoch (or seed) draws other paragraphs of a heading, in another order
    assert epoch_pairs(groups, 1, seed=0) != first and epoch_pairs(groups, 0, seed=1) != first


def test_batches_drop_a_last_pair_with_no_negative():
    pairs = [(str(i), str(i)) for i in range(5)]
    assert [len(b) for b in batches(pairs, 2)] == [2, 2]
    assert [len(b) for b in batches(pairs, 4)] == [4]


def test_the_adaptation_key_changes_with_base_recipe_and_headings():
    groups = heading_groups(PASSAGES, ["en"])
    key = adaptation_key("base", AdaptRecipe(), groups)
    assert key == adaptation_key("base", AdaptRecipe(), list(groups))
    assert key != adaptation_key("other", AdaptRecipe(), groups)
    assert key != adaptation_key("base", AdaptRecipe(epochs=3), groups)
    changed = [replace(groups[0], heading="Aim"), *groups[1:]]
    assert key != adaptation_key("base", AdaptRecipe(), changed)


def test_a_fake_embedder_is_never_adapted(tmp_path: Path):
    home = tmp_path / "home"
    sources = synced_widget_sources(home)
    settings = Settings(home=home, sources_file=tmp_path / "unused.toml", corpus_mirror=None,
                        adapt_min_headings=2)
    assert rebuild(settings, sources, embedder=FakeEmbedder()).ok
    manifest = read_manifest(settings.index_root)
    assert "encoder" not in manifest and not (settings.home / "cache" / "encoders").exists()


# -- with the real base model ----------------------------------------------------------------

_ROLES = ["baker", "pilot", "miner", "tailor", "farmer", "nurse", "clerk", "judge", "diver", "porter",
          "smith", "sailor", "weaver", "hunter", "potter", "glazier"]
_DUTIES = ["report every fault to the registry within a week", "keep a ledger of all deliveries",
           "renew the permit each spring", "display the licence at the entrance"]


def _made_up_groups() -> list[HeadingGroup]:
    return [HeadingGroup(f"Obligations of the {role}",
                         (f"A {role} must {_DUTIES[i % 4]}.", f"A {role} must {_DUTIES[(i + 1) % 4]}."))
            for i, role in enumerate(_ROLES)]


def _margin(embedder, groups: list[HeadingGroup]) -> float:
    """Mean similarity of a heading to its own first text minus to the other headings' texts."""
    heads = embedder.embed([g.heading for g in groups])
    texts = embedder.embed([g.texts[0] for g in groups])
    sims = heads @ texts.T
    own = np.diag(sims)
    others = (sims.sum(axis=1) - own) / (len(groups) - 1)
    return float(np.mean(own - others))


@pytest.mark.model
def test_training_on_heading_pairs_pulls_headings_towards_their_texts(tmp_path: Path):
    groups = _made_up_groups()
    base_path = resolve_model_path(Settings().model)
    out = tmp_path / "adapted"
    train_adapted(base_path, groups, AdaptRecipe(epochs=3, batch=8, learning_rate=1e-4), out)
    assert (out / "config.json").is_file()
    base = SentenceTransformerEmbedder(base_path)
    adapted = SentenceTransformerEmbedder(str(out))
    assert adapted.dim == base.dim
    assert _margin(adapted, groups) > _margin(base, groups) + 0.02


@pytest.fixture
def adapted_home(tmp_path: Path) -> tuple[Settings, list]:
    home = tmp_path / "home"
    sources = synced_widget_sources(home)
    settings = Settings(home=home, sources_file=tmp_path / "unused.toml", corpus_mirror=None,
                        adapt_min_headings=2, adapt_epochs=1)
    return settings, sources


@pytest.mark.model
def test_a_build_adapts_the_embedder_keeps_it_and_queries_use_it(adapted_home):
    settings, sources = adapted_home
    messages: list[str] = []

    class Hooks(BuildHooks):
        def message(self, text: str) -> None:
            messages.append(text)

    report = rebuild(settings, sources, hooks=Hooks())
    assert report.ok, report.summary()
    assert any(m.startswith("adapting the embedder") for m in messages)
    manifest = read_manifest(settings.index_root)
    encoder = manifest["encoder"]
    assert manifest["model"] == settings.model and encoder["path"] == ENCODER_DIR
    assert encoder["headings"] >= 2 and encoder["recipe"]["epochs"] == 1
    assert (report.build_dir / ENCODER_DIR / "config.json").is_file()
    assert f"{ENCODER_DIR}/config.json" in manifest["files"]

    pipeline = QAPipeline.load(settings)
    assert pipeline.embedder.name == f"{settings.model}#adapted-{encoder['key'][:16]}"
    stored = pipeline.index.dense.reconstruct(0)
    again = pipeline.embedder.embed([pipeline.index.passages[0].embed_text])[0]
    assert float(np.dot(stored, again)) > 0.999  # queries are embedded by the passages' model
    hits = pipeline.search("Who chairs the council?", k=3)
    assert hits

    # nothing changed: nothing trained or embedded again; forced: the cached model is reused
    messages.clear()
    assert rebuild(settings, sources, hooks=Hooks()).up_to_date
    forced = rebuild(settings, sources, hooks=Hooks(), force=True)
    assert forced.ok and forced.embedded == 0
    assert not any(m.startswith("adapting the embedder") for m in messages)
    assert any("reusing" in m for m in messages)
    assert cached_encoder(settings.home / "cache", encoder["key"]).is_dir()


@pytest.mark.model
def test_adaptation_off_embeds_with_the_base_model(adapted_home):
    settings, sources = adapted_home
    settings = settings.model_copy(update={"adapt": False})
    assert rebuild(settings, sources).ok
    assert "encoder" not in read_manifest(settings.index_root)
    assert QAPipeline.load(settings).embedder.name == settings.model


@pytest.mark.model
def test_a_build_missing_its_adapted_model_says_what_to_run(adapted_home):
    settings, sources = adapted_home
    report = rebuild(settings, sources)
    weights = next((report.build_dir / ENCODER_DIR).glob("*.safetensors"))
    weights.unlink()
    with pytest.raises(IndexUnavailable, match=r"encoder/.*missing.*regqa build"):
        load_index(settings.index_root)
    manifest = json.loads((report.build_dir / "manifest.json").read_text())
    assert manifest["encoder"]["path"] == ENCODER_DIR


@pytest.mark.model
def test_one_query_is_embedded_as_encode_would():
    embedder = SentenceTransformerEmbedder(resolve_model_path(Settings().model))
    texts = ["Who heads the widget safety headquarters?", "輸入業者は何を確認しなければならないか"]
    batch = embedder.embed(texts)
    for text, row in zip(texts, batch, strict=True):
        one = embedder.embed([text])
        assert one.shape == (1, embedder.dim) and one.dtype == np.float32
        assert float(np.dot(one[0], row)) > 0.99999
