"""User documents: the Markdown and HTML parsers, admitting a file (`ingest/user_docs.py`) and
`regqa ingest` joining the same index as the manifest sources, kept by later builds.

All texts here are invented. The CLI runs in-process (typer's runner) against a real on-disk
index; the embedding model is the deterministic fake embedder from conftest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner
from widget_index import widget_home

from core.settings import get_settings
from corpus.user_sources import load_user_sources
from index.store import CURRENT, load_index
from ingest.html_text import html_blocks, parse_html
from ingest.markdown_text import markdown_blocks, parse_markdown
from ingest.records import IngestError
from ingest.user_docs import UserDocOptions, admit, detect_language

MARKDOWN = """---
title: front matter is dropped
---
# Sprocket Handling Policy

Intro line one
continues here with a [link](https://example.invalid/x) and **bold** words.

## Storage

- Keep sprockets dry.
- Label each crate
  with its date.

```
code stays verbatim
```

Storage Limits
--------------

No more than *forty* crates per shelf.
"""

HTML = """<!DOCTYPE html><html><head><title>Gadget Notice</title>
<style>body { color: red }</style><script>var secret = "do not index";</script></head>
<body><nav><a href="/">Home</a> | <a href="/menu">Site menu links</a></nav>
<header>Banner text of the site</header>
<main>
<h1>Gadget Notice</h1>
<p>Gadgets must be inspected &amp; logged every month.</p>
<h2>Exceptions</h2>
<ul><li>Spare gadgets in sealed boxes.</li><li><p>Gadgets on loan.</p></li></ul>
<table><tr><th>Kind</th><th>Interval</th></tr><tr><td>Small</td><td>Monthly</td></tr></table>
<div hidden>Hidden draft paragraph.</div>
</main>
<aside>Related stories sidebar</aside><footer>Copyright footer</footer>
</body></html>
"""


# -- parsers -------------------------------------------------------------------------------------


def test_markdown_headings_become_sections_with_chapters():
    provisions, _ = parse_markdown(MARKDOWN.encode(), "policy.md")
    by_title = {p.caption: p for p in provisions}
    assert [p.path for p in provisions] == ["sec-1", "sec-2", "sec-3"]
    intro = by_title["Sprocket Handling Policy"]
    assert intro.text == "Intro line one continues here with a link and bold words."
    storage = by_title["Storage"]
    assert storage.chapter == "Sprocket Handling Policy"
    assert "- Keep sprockets dry.\n- Label each crate with its date." in storage.text
    assert "code stays verbatim" in storage.text
    limits = by_title["Storage Limits"]  # an underlined (setext) level-2 heading
    assert limits.chapter == "Sprocket Handling Policy"
    assert limits.text == "No more than forty crates per shelf."
    assert "front matter" not in " ".join(p.text for p in provisions)


def test_markdown_without_text_is_refused():
    with pytest.raises(IngestError, match=r"empty\.md: no text found"):
        parse_markdown(b"# Only a heading\n\n## And another\n", "empty.md")


def test_html_reduced_to_main_text():
    provisions, notes = parse_html(HTML.encode(), "notice.html")
    text = "\n".join(p.text for p in provisions)
    assert "Gadgets must be inspected & logged every month." in text
    assert "- Spare gadgets in sealed boxes.\n- Gadgets on loan." in text
    assert "Kind | Interval\nSmall | Monthly" in text
    for junk in ("secret", "color", "Site menu", "Banner", "sidebar", "Copyright", "Hidden draft"):
        assert junk not in text, junk
    assert [p.caption for p in provisions] == ["Gadget Notice", "Exceptions"]
    assert provisions[1].chapter == "Gadget Notice"
    assert notes == ["page title: Gadget Notice"]


def test_html_without_main_keeps_body_minus_furniture():
    blocks, title = html_blocks("<body><nav>Menu</nav><h2>Rules</h2><p>Be kind to gizmos.</p>"
                                "<script>x()</script><p>Second rule text.</p></body>")
    assert title == ""
    assert [(b.kind, b.text) for b in blocks] == [("heading", "Rules"), ("para", "Be kind to gizmos."),
                                                  ("para", "Second rule text.")]


def test_html_entities_are_not_expanded_from_a_doctype():
    page = (b'<!DOCTYPE html [<!ENTITY boom "BOOMBOOMBOOM">]><html><body><p>Value &boom; here'
            b'</p></body></html>')
    provisions, _ = parse_html(page, "entity.html")
    assert "BOOMBOOM" not in provisions[0].text and "&boom;" in provisions[0].text


def test_html_declared_shift_jis_is_decoded():
    page = ('<html><head><meta charset="shift_jis"></head><body><p>ガジェットの点検は毎月行う。</p>'
            '</body></html>').encode("cp932")
    provisions, _ = parse_html(page, "sjis.html")
    assert provisions[0].text == "ガジェットの点検は毎月行う。"


def test_markdown_blocks_merge_table_rows():
    blocks = markdown_blocks("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert [b.text for b in blocks] == ["a | b\n1 | 2"]


# -- admitting a file ------------------------------------------------------------------------------


def test_admit_copies_labels_and_detects_language(tmp_path: Path):
    doc = tmp_path / "社内 AI Policy.md"
    doc.write_text("# 方針\n\n生成AIの利用は、事前に部門長の承認を得ること。\n", encoding="utf-8")
    result = admit(doc, UserDocOptions(), tmp_path / "sources")
    s = result.source
    assert (s.doc_id, s.language, s.format, s.kind) == ("user-ai-policy", "ja", "markdown", "guideline")
    assert s.authority == s.authority_note == "user document" and not s.legal_effect
    copy = tmp_path / "sources" / s.file
    assert s.file == "user/user-ai-policy/ja.md" and copy.read_bytes() == doc.read_bytes()
    import hashlib

    assert s.sha256 == hashlib.sha256(doc.read_bytes()).hexdigest()


def test_admit_refuses_before_writing(tmp_path: Path):
    odd = tmp_path / "slides.pptx"
    odd.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"slides\.pptx: unsupported file type '\.pptx'"):
        admit(odd, UserDocOptions(), tmp_path / "sources")
    with pytest.raises(IngestError, match="--kind 'memo'"):
        admit(odd, UserDocOptions(kind="memo"), tmp_path / "sources")
    assert not (tmp_path / "sources").exists()


def test_detect_language_english():
    provisions, _ = parse_markdown(b"# Title\n\nPlain English words only.\n", "x.md")
    assert detect_language(provisions) == "en"


# -- regqa ingest ------------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path, monkeypatch):
    """Env for an in-process `regqa`: own REGQA_HOME with the widget laws synced, fake embedder."""
    home = widget_home(tmp_path, monkeypatch)
    yield home
    get_settings.cache_clear()


def _run(*args: str):
    from cli.main import app

    return CliRunner().invoke(app, list(args))


def test_regqa_ingest_joins_the_index_and_later_builds_keep_it(cli: Path, tmp_path: Path):
    md = tmp_path / "sprocket-policy.md"
    md.write_text(MARKDOWN, encoding="utf-8")
    page = tmp_path / "notice.html"
    page.write_text(HTML, encoding="utf-8")
    result = _run("ingest", str(md), str(page), "--kind", "guideline")
    assert result.exit_code == 0, result.output
    assert "ingest: 2 added, 0 refused" in result.output
    index = load_index(cli / "index")
    users = [p for p in index.passages if p.doc_id.startswith("user-")]
    assert {p.doc_id for p in users} == {"user-sprocket-policy", "user-notice"}
    assert all(p.label.endswith("— user document") for p in users)
    assert any(p.doc_id == "widget-act" for p in index.passages), "manifest sources were dropped"
    recorded = tomllib.loads((cli / "user_sources.toml").read_text(encoding="utf-8"))["source"]
    assert {r["file"] for r in recorded} == {"user/user-sprocket-policy/en.md", "user/user-notice/en.html"}
    assert all(len(r["sha256"]) == 64 for r in recorded)

    live = (cli / "index" / CURRENT).read_text()
    rebuilt = _run("build", "--no-sync")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "unchanged" in rebuilt.output and "(user document)" in rebuilt.output
    assert (cli / "index" / CURRENT).read_text() == live  # nothing changed: nothing rewritten
    assert {s.doc_id for s in load_user_sources(cli)} == {"user-sprocket-policy", "user-notice"}

    md.write_text(MARKDOWN.replace("forty", "fifty"), encoding="utf-8")  # re-ingest a new version
    again = _run("ingest", str(md))
    assert again.exit_code == 0, again.output
    texts = [p.text for p in load_index(cli / "index").passages if p.doc_id == "user-sprocket-policy"]
    assert any("fifty crates" in t for t in texts) and not any("forty crates" in t for t in texts)


def test_tampered_user_copy_fails_the_build_but_keeps_the_indexed_version(cli: Path, tmp_path: Path):
    doc = tmp_path / "memo.txt"
    doc.write_text("Gizmo Rules\n\nAll gizmos are checked on Mondays.\n", encoding="utf-8")
    assert _run("ingest", str(doc), "--title", "Gizmo memo").exit_code == 0
    copy = cli / "sources" / "user" / "user-memo" / "en.txt"
    copy.write_text("Gizmo Rules\n\nChanged behind regqa's back.\n", encoding="utf-8")
    result = _run("build", "--no-sync")
    assert result.exit_code == 1
    assert "checksum mismatch" in result.output and "kept the previously indexed version" in result.output
    texts = [p.text for p in load_index(cli / "index").passages if p.doc_id == "user-memo"]
    assert any("Mondays" in t for t in texts)
    assert all(p.short_title == "Gizmo memo" for p in load_index(cli / "index").passages
               if p.doc_id == "user-memo")
