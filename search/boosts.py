"""What the question's analysis says about where to look, as factors on fused provision scores.

General rules (settings.search): a document the question names, the texts of a place it names,
the home jurisdiction's texts when it names none; primary law over commentary (authority);
supplementary provisions (附則: commencement, transition, review) only for questions about when;
a definitions article for a definition question. Rules that hold for one document's structure
are data (search/document_rules.toml), keyed by document.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.settings import SearchSettings
from query.analysis import QueryAnalysis
from query.catalog import Catalog
from search.provisions import Key, ProvisionTable

RULES_FILE = Path(__file__).with_name("document_rules.toml")
_DEFINITION_CAPTION = re.compile(r"definition|meaning of terms|interpretation|定義|用語の意味", re.IGNORECASE)


@dataclass(frozen=True)
class ChapterWeight:
    """A factor on the provisions of one document's chapters, unless the question asks (an
    attribute of the analysis) what those chapters are about."""

    doc: str
    chapters: tuple[str, ...]
    weight: float
    unless: str
    reason: str

    def matches(self, doc_id: str, chapter: str | None) -> bool:
        return doc_id == self.doc and any(c in (chapter or "") for c in self.chapters)


def load_chapter_weights(path: Path = RULES_FILE) -> list[ChapterWeight]:
    data = tomllib.loads(path.read_text("utf-8"))
    return [ChapterWeight(r["doc"], tuple(r["chapters"]), float(r["weight"]), r["unless"], r["reason"])
            for r in data.get("chapter_weight", [])]


class Boosts:
    def __init__(self, table: ProvisionTable, catalog: Catalog, settings: SearchSettings,
                 rules: list[ChapterWeight] | None = None) -> None:
        self.catalog = catalog
        self.settings = settings
        self.table = table
        rules = load_chapter_weights() if rules is None else rules
        # per provision, the document rules that weigh it
        self.chapter_rules: dict[Key, list[ChapterWeight]] = {}
        for p in table.passages:
            found = [r for r in rules if r.matches(p.doc_id, p.chapter)]
            if found:
                self.chapter_rules.setdefault((p.doc_id, p.path), found)

    def apply(self, fused: dict[Key, float], analysis: QueryAnalysis) -> None:
        s, cat = self.settings, self.catalog
        named = set(analysis.documents)
        places = set(analysis.jurisdictions) - set(analysis.unindexed_jurisdictions)
        for key in fused:
            doc_id = key[0]
            factor = s.authority_weight.get(cat.kind.get(doc_id) or "", 1.0)
            if doc_id in named:
                factor *= s.named_document_boost
            elif places and cat.jurisdiction.get(doc_id) in places:
                factor *= s.named_place_boost
            elif not named and not places and cat.jurisdiction.get(doc_id) != s.home_jurisdiction:
                factor *= s.foreign_weight  # comparison texts only when the question asks abroad
            if key[1].startswith("suppl") and not analysis.asks_when:
                factor *= s.supplementary_weight
            for rule in self.chapter_rules.get(key, ()):
                if not getattr(analysis, rule.unless):
                    factor *= rule.weight
            if analysis.definition and _DEFINITION_CAPTION.search(self.table.first(key).caption or ""):
                factor *= s.definitions_boost
            fused[key] *= factor
