"""Hand-made records for the eval tests: a fictional "Widget Safety Act", nothing from the corpus."""

from __future__ import annotations

from api.schemas import Answer, Citation
from eval.benchmark import Gold, Question
from ingest.records import Passage
from search.hits import Hit

DOC = "widget-act"
CHAIR = "The Headquarters is headed by a chairperson; the Minister of Widgets holds that post."
MEMBERS = "The Headquarters consists of the chairperson and twelve members."


def passage(path: str = "art-6/para-1", text: str = CHAIR, doc_id: str = DOC,
            language: str = "en") -> Passage:
    return Passage(passage_id=f"{doc_id}:{language}:{path}", doc_id=doc_id, language=language, path=path,
                   text=text, label=f"{path}, Widget Safety Act", ref=path, title="Widget Safety Act",
                   short_title="WSA", caption="", chapter="", kind="act", jurisdiction="XX", version="1",
                   url=None, legal_effect=False, authority="test")


def hit(p: Passage, rank: int = 1, score: float = 1.0) -> Hit:
    return Hit(passage=p, score=score, rank=rank)


def cite(n: int = 1, path: str = "art-6/para-1", doc_id: str = DOC, text: str = CHAIR) -> Citation:
    return Citation(n=n, passage_id=f"{doc_id}:en:{path}", doc_id=doc_id, path=path, ref=path,
                    label="test", quote=text[:20], score=0.5, language="en", text=text)


def question(qid: str, *, ref: str = "art-6/para-1", answerable: bool = True, lang: str = "en",
             category: str = "institution", quote: str | None = None,
             facts: tuple[tuple[str, ...], ...] = (("Minister of Widgets",),)) -> Question:
    gold = (Gold(DOC, ref, quote, None),) if answerable else ()
    return Question(id=qid, question=f"Who heads it ({qid})?", lang=lang, category=category,
                    answerable=answerable, gold=gold, facts=facts if answerable else ())


def answer(text: str, citations: list[Citation] | None = None, abstained: bool = False) -> Answer:
    return Answer(answer=text, citations=citations or [], abstained=abstained, grounded_share=None
                  if abstained else 1.0)


class Scripted:
    """A pipeline answering from a script: question text -> (answer, hits)."""

    def __init__(self, script: dict[str, tuple[Answer, list[Hit]]]) -> None:
        self.script = script

    def ask_with_hits(self, question: str, k: int) -> tuple[Answer, list[Hit]]:
        a, hits = self.script[question]
        return a, hits[:k]
