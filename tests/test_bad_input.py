"""Bad input, clear errors, nothing lost (run in CI as part of `make test`).

Each bad file gets a one-line error naming it and the reason; the good files in the same run
still ingest; the index that was serving stays intact and loadable; the run ends with a
summary and a non-zero exit code. Interrupting a real `regqa build` subprocess mid-embedding
(SIGINT, SIGKILL) leaves the previous index serving.

All files here are invented or generated; the 500 MB file is sparse (created with truncate)."""

from __future__ import annotations

import io
import select
import signal
import subprocess
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FakeEmbedder
from e2e_support import base_env, regqa_bin, write_fixture_manifest
from pypdf import PdfWriter
from typer.testing import CliRunner
from widget_index import FIXTURES, synced_widget_sources, widget_home

from core.settings import Settings, get_settings
from corpus.manifest import Source
from index.build_report import FAILED
from index.rebuild import rebuild
from index.store import CURRENT, load_index
from ingest.records import IngestError
from ingest.safe_xml import parse_xml

GOOD_XML = (FIXTURES / "mini_law_en.xml").read_bytes()
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Law><LawBody><LawTitle>&lol9;</LawTitle></LawBody></Law>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Law [ <!ENTITY ext SYSTEM "file:///etc/passwd"> ]>
<Law><LawBody><LawTitle>&ext;</LawTitle></LawBody></Law>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Law SYSTEM "http://127.0.0.1:9/never-fetched.dtd">
<Law><LawBody><LawTitle>x</LawTitle></LawBody></Law>
"""
SJIS_TEXT = "ガジェット規程\n\nガジェットは、毎月一回点検するものとする。点検の記録は三年間保存する。\n"
LATIN1_TEXT = "Règlement café\n\nLes gadgets sont vérifiés chaque été à Genève.\n"


def _pdf(encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# (file name, content or None for the sparse 500 MB file, words the one-line reason must contain)
BAD_FILES = [
    ("malformed.xml", b"<Law><LawBody><Article></LawBody></Law>", "not well-formed"),
    ("truncated.xml", GOOD_XML[: len(GOOD_XML) // 2], "not well-formed"),
    ("external-entity.xml", EXTERNAL_ENTITY, "entity"),
    ("billion-laughs.xml", BILLION_LAUGHS, "entity"),
    ("empty.txt", b"", "empty"),
    ("junk.txt", bytes(range(256)) * 64, "binary"),
    ("latin1.txt", LATIN1_TEXT.encode("latin-1"), "not UTF-8"),
    ("scanned.pdf", _pdf(), "no text layer"),
    ("locked.pdf", _pdf(encrypt=True), "encrypted"),
    ("huge.txt", None, "over the"),
]


def _write_bad(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, content, _ in BAD_FILES:
        path = folder / name
        if content is None:
            with open(path, "wb") as fh:
                fh.truncate(500 * 1024 * 1024)  # sparse: no data written
        else:
            path.write_bytes(content)
        out.append(path)
    return out


# -- the XML guard on its own ------------------------------------------------------------------------


def test_billion_laughs_is_refused_without_expanding():
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match=r"lolz\.xml: refusing XML with entity declarations"):
            parse_xml(BILLION_LAUGHS, "lolz.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"parsing used {peak:,} bytes"


def test_external_dtd_is_never_fetched():
    root = parse_xml(EXTERNAL_DTD, "dtd.xml")  # a DOCTYPE naming a DTD is fine; nothing is fetched
    assert root.tag == "Law"


# -- regqa ingest with a batch of bad files ------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path, monkeypatch):
    """An index already serving the widget laws, and the env for an in-process `regqa`."""
    home = widget_home(tmp_path, monkeypatch)
    result = CliRunner().invoke(_app(), ["build", "--no-sync"])
    assert result.exit_code == 0, result.output
    yield home
    get_settings.cache_clear()


def _app():
    from cli.main import app

    return app


def _state(home: Path) -> tuple[str, list[str]]:
    index = load_index(home / "index")
    return (home / "index" / CURRENT).read_text(), [p.passage_id for p in index.passages]


def test_all_bad_files_are_refused_and_the_serving_index_is_untouched(served: Path, tmp_path: Path):
    before = _state(served)
    paths = _write_bad(tmp_path / "bad")
    started = time.monotonic()
    result = CliRunner().invoke(_app(), ["ingest", *map(str, paths)])
    assert time.monotonic() - started < 30, "the 500 MB file was read instead of refused by size"
    assert result.exit_code == 1
    out = result.output
    for (name, _, reason), path in zip(BAD_FILES, paths, strict=True):
        lines = [x for x in out.splitlines() if x.startswith("  - ") and f"{path}:" in x.replace("\n", "")]
        assert len(lines) == 1, f"{name}: expected one summary line naming it\n{out}"
        assert reason in lines[0], f"{name}: reason {reason!r} missing in {lines[0]!r}"
    assert f"ingest: 0 added, {len(BAD_FILES)} refused" in out
    assert _state(served) == before, "the serving index changed"
    assert not (served / "user_sources.toml").exists()


def test_good_files_still_ingest_beside_bad_ones(served: Path, tmp_path: Path):
    _, old_ids = _state(served)
    old_build = (served / "index" / CURRENT).read_text()
    bad = _write_bad(tmp_path / "bad")
    good_md = tmp_path / "good" / "gizmo-guide.md"
    good_md.parent.mkdir()
    good_md.write_text("# Gizmo Guide\n\nGizmos are oiled every spring.\n", encoding="utf-8")
    sjis = tmp_path / "good" / "gadget-rules.txt"
    sjis.write_bytes(SJIS_TEXT.encode("cp932"))  # Shift_JIS / CP932 is decoded, not refused
    result = CliRunner().invoke(_app(), ["ingest", str(bad[0]), str(good_md), str(bad[5]), str(sjis)])
    assert result.exit_code == 1, result.output
    assert "ingest: 2 added, 2 refused" in result.output
    index = load_index(served / "index")
    ids = [p.passage_id for p in index.passages]
    assert set(old_ids) <= set(ids), "passages served before were lost"
    docs = {p.doc_id: p for p in index.passages}
    assert "user-gizmo-guide" in docs and docs["user-gadget-rules"].language == "ja"
    assert "毎月一回点検" in docs["user-gadget-rules"].text
    assert load_index(served / "index").directory.name != old_build
    assert (served / "index" / old_build).is_dir(), "the previous build should stay until pruned"


# -- a bad manifest source in `regqa build` --------------------------------------------------------------


def test_bad_manifest_source_fails_alone(tmp_path: Path):
    home = tmp_path / "home"
    good = synced_widget_sources(home)
    bomb = replace(good[1], doc_id="bomb-act", file="bomb-act/en.xml")
    (home / "sources" / "bomb-act").mkdir()
    (home / "sources" / bomb.file).write_bytes(BILLION_LAUGHS)
    settings = Settings(home=home, sources_file=tmp_path / "unused.toml", corpus_mirror=None)
    report = rebuild(settings, [*good, bomb], embedder=FakeEmbedder())
    assert [o.key for o in report.failed] == ["bomb-act:en"]
    assert report.failed[0].status == FAILED and "bomb-act/en.xml: refusing XML with entity" in \
        report.failed[0].message
    assert not report.ok and report.build_dir is not None
    assert {p.doc_id for p in load_index(home / "index").passages} == {"widget-act"}
    assert "1 failed" in report.summary() and "2 ingested" in report.summary()


# -- interrupting a real build ---------------------------------------------------------------------------


def _generated_markdown(sections: int) -> str:
    parts = []
    for n in range(1, sections + 1):
        parts.append(f"# Rule {n} on gizmo number {n}\n\nGizmo {n} is checked on day {n % 28 + 1} by "
                     f"inspector {n * 7 % 97}, who records the reading {n * 13 % 1000} in log {n}.\n")
    return "\n".join(parts)


def _wait_for_line(proc: subprocess.Popen, needle: str, timeout: float) -> str:
    """stderr of `proc` up to and including the first line starting with `needle`."""
    deadline = time.monotonic() + timeout
    seen = ""
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 0.5)
        if ready:
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
            if line.startswith(needle):
                return seen
        elif proc.poll() is not None:
            break
    raise AssertionError(f"{needle!r} never appeared (exit {proc.poll()}):\n{seen}")


@pytest.mark.model
@pytest.mark.parametrize("sig,phase", [
    (signal.SIGINT, "adapting the embedder"), (signal.SIGINT, "embedding "), (signal.SIGKILL, "embedding "),
], ids=["sigint-adapting", "sigint-embedding", "sigkill-embedding"])
def test_interrupted_build_leaves_the_previous_index_serving(tmp_path: Path, sig: int, phase: str):
    home = tmp_path / "home"
    widget = synced_widget_sources(home)
    settings = Settings(home=home, sources_file=tmp_path / "unused.toml", corpus_mirror=None)
    assert rebuild(settings, widget, embedder=FakeEmbedder()).ok
    before = _state(home)

    # the next build has a new, bigger document to embed with the real model
    gen = home / "sources" / "gizmo-rules" / "en.md"
    gen.parent.mkdir(parents=True)
    gen.write_text(_generated_markdown(400), encoding="utf-8")
    manifest = write_fixture_manifest(tmp_path / "sources.toml")
    extra = Source(doc_id="gizmo-rules", language="en", file="gizmo-rules/en.md", format="markdown",
                   title="Gizmo Rules", short_title="Gizmo Rules", jurisdiction="JP", kind="guideline",
                   legal_effect=False, authority="test", version="test", licence="test", attribution="test")
    with open(manifest, "a", encoding="utf-8") as fh:
        fh.write("\n[[source]]\n" + "".join(
            f'{k} = "{getattr(extra, k)}"\n' for k in ("doc_id", "language", "file", "format", "title",
                                                       "short_title", "jurisdiction", "kind", "authority",
                                                       "version", "licence", "attribution"))
                 + "legal_effect = false\n")
    # the fixture manifest names the laws under widget-act/<lang>.xml, as laid out above
    env = base_env(home, manifest)
    env.pop("REGQA_MODEL", None)
    proc = subprocess.Popen([str(regqa_bin()), "build", "--no-sync"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # the generated headings are enough to adapt the embedder first (index/adapt.py), then
        # the adapted model embeds: the build is stopped in one phase or the other
        seen = _wait_for_line(proc, phase, timeout=300)
        assert "adapting the embedder" in seen
        proc.send_signal(sig)
        rest = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig == signal.SIGINT:
        assert proc.returncode == 130, rest
        assert "interrupted" in rest and "previous index" in rest
    else:
        assert proc.returncode == -signal.SIGKILL
    assert _state(home) == before, "an interrupted build changed the serving index"
    assert not any(p.name.startswith("build-") and p.name != before[0]
                   for p in (home / "index").iterdir()), "an interrupted build left a live-looking build"
    if phase.startswith("adapting"):  # stopped while training: no adapted model is cached
        assert not any((home / "cache" / "encoders").iterdir())


def test_verify_eval_scores_a_claim_set_and_names_a_bad_line(served: Path, tmp_path: Path, monkeypatch):
    from conftest import FakeEmbedder

    monkeypatch.setattr("answer.pipeline.index_embedder", lambda *a, **k: FakeEmbedder())
    good = tmp_path / "claims.jsonl"
    good.write_text(
        '{"id": "a", "citation": "Article 6(1) of the Widget Act", '
        '"quote": "the Minister of Widgets holds that post", "supported": true}\n'
        '{"id": "b", "citation": "Article 6(1) of the Widget Act", '
        '"quote": "the Minister of Gadgets holds that post", "supported": false}\n', encoding="utf-8")
    result = CliRunner().invoke(_app(), ["verify-eval", str(good), "--show"])
    assert result.exit_code == 0, result.output
    assert "2 claims: accuracy 1.000" in result.output and "exact_quote" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text(encoding="utf-8") + '{"id": "c", "citation": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(_app(), ["verify-eval", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:3" in result.output


def test_a_setting_out_of_range_stops_every_command_naming_the_variable(monkeypatch):
    from cli.main import app

    monkeypatch.setenv("REGQA_REACH_QUESTIONS", "some")
    monkeypatch.setenv("REGQA_TOP_K", "0")
    get_settings.cache_clear()  # settings an earlier test read are not this environment's
    result = CliRunner().invoke(app, ["ask", "Who heads the headquarters?"])
    assert result.exit_code == 2
    assert "REGQA_REACH_QUESTIONS='some': Input should be 'unreadable', 'long' or 'all'" in result.output
    assert "REGQA_TOP_K='0'" in result.output and "Traceback" not in result.output
