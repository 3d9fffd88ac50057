"""The real thing: sync the AI Promotion Act from the corpus mirror, build with the real model,
serve with uvicorn on a loopback port and ask in English and Japanese."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
from conftest import mirror_dir
from e2e_support import BUILD_TIMEOUT, base_env, health_ok, regqa_bin, start_api, wait_http

pytestmark = [pytest.mark.corpus, pytest.mark.server, pytest.mark.model]


@pytest.fixture(scope="module")
def api_url(tmp_path_factory):
    mirror = mirror_dir()
    if mirror is None:
        pytest.skip("REGQA_CORPUS_MIRROR is not set to a corpus mirror (CI sets ../shared/corpus)")
    tmp = tmp_path_factory.mktemp("corpus-e2e")
    # only the AI Promotion Act, both languages: a manifest cut down from the real one
    real = (Path(__file__).resolve().parent.parent / "corpus" / "sources.toml").read_text("utf-8")
    blocks = [b for b in real.split("[[source]]")[1:] if 'doc_id = "jp-ai-promotion-act"' in b]
    manifest = tmp / "sources.toml"
    manifest.write_text("".join("[[source]]" + b for b in blocks), encoding="utf-8")
    home = tmp / "home"
    env = base_env(home, manifest)
    sync = subprocess.run([str(regqa_bin()), "corpus", "sync", "--mirror", str(mirror)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert sync.returncode == 0, sync.stderr
    assert "copied" in sync.stderr
    build = subprocess.run([str(regqa_bin()), "build", "--no-sync"], env=env, capture_output=True,
                           text=True, timeout=BUILD_TIMEOUT)
    assert build.returncode == 0, build.stderr
    assert "45 passages" in build.stderr  # 28 articles' paragraphs + supplementary Articles 1-2
    proc, url = start_api(home, tmp)
    try:
        wait_http(f"{url}/health", health_ok, proc=proc)
        yield url
    finally:
        proc.stop()


def ask(url: str, question: str) -> dict:
    resp = httpx.post(f"{url}/ask", json={"question": question, "k": 5}, timeout=60)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_english_question_cites_article_22_paragraph_1(api_url):
    data = ask(api_url, "Who heads Japan's AI Strategic Headquarters?")
    assert not data["abstained"]
    first = data["citations"][0]
    assert (first["doc_id"], first["path"], first["language"]) == (
        "jp-ai-promotion-act", "art-22/para-1", "en")
    assert "Prime Minister" in data["answer"]
    assert first["quote"] in first["text"]
    assert "no legal effect" in first["label"]


def test_japanese_question_cites_the_japanese_original(api_url):
    data = ask(api_url, "人工知能戦略本部の本部長には誰が充てられますか？")
    assert not data["abstained"]
    first = data["citations"][0]
    assert (first["doc_id"], first["path"], first["language"]) == (
        "jp-ai-promotion-act", "art-22/para-1", "ja")
    assert "内閣総理大臣" in data["answer"]
    assert first["legal_effect"] is True


def test_a_nonexistent_article_is_not_invented(api_url):
    data = ask(api_url, "What does Article 35 of the AI Promotion Act require?")
    assert data["abstained"] and data["citations"] == []
    assert "Article 35" in data["answer"]


def test_a_question_about_the_japanese_text_quotes_the_original_beside_the_translation(api_url):
    data = ask(api_url, "Who heads Japan's AI Strategic Headquarters, and how does the Japanese text put it?")
    assert not data["abstained"]
    english, original = data["citations"][0], data["citations"][-1]
    assert (english["language"], english["legal_effect"]) == ("en", False)
    assert (original["language"], original["legal_effect"]) == ("ja", True)
    assert original["path"] == english["path"] and original["doc_id"] == english["doc_id"]
    assert original["quote"] in original["text"]
    assert "The Japanese text of" in data["answer"] and f"[{original['n']}]" in data["answer"]


def test_what_the_act_does_not_contain_is_said_from_its_structure(api_url):
    # no penal chapter: said plainly, with the provision on guidance and advice listed first
    fines = ask(api_url, "Are there fines for companies that break the AI Promotion Act?")
    assert fines["abstained"] and fines["citations"] == []
    assert fines["answer"].startswith("The AI Promotion Act contains no penal provisions")
    assert fines["related"][0]["path"] == "art-16/para-1"
    # no time limit outside the supplementary provisions: their effective-date provision first
    for question, said in (("By when must companies comply with the AI Promotion Act?",
                            "The AI Promotion Act sets no deadline"),
                           ("AI推進法では、事業者はいつまでに対応しなければなりませんか？",
                            "AI推進法には期限の定めがありません。")):
        data = ask(api_url, question)
        assert data["abstained"] and data["citations"] == []
        assert data["answer"].startswith(said)
        assert data["related"][0]["path"] == "suppl/art-1/para-1"
