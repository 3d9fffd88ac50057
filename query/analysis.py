"""A question read once: `Analyzer.analyze` returns a frozen `QueryAnalysis` that search and the
answerer take instead of the question's text.

It holds what the question names (provisions, documents, places, statutes the index lacks), what
it asks for (a definition, a date, a number, a public body's duty), what it compares, its
subject and weighted terms, and the texts each retriever searches with, with the expansions
applied and why. Pure given the catalog: no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.sentences import question_parts
from core.settings import QuerySettings
from index.tokenize import is_japanese
from query.captions import CaptionIndex
from query.catalog import Catalog
from query.expansions import Expansion, expanded, search_abbreviations, thesaurus_expansions
from query.parties import crosses_border, split_places
from query.places import mentioned_jurisdictions, without_place_names
from query.references import (
    DEFINITION_QUESTION,
    ProvisionRef,
    asked_terms,
    mentioned_documents,
    parse_references,
    quoted_terms,
    without_document_names,
)
from query.roles import CYCLE, DEADLINE, PENALTY, REGISTRATION, asked_roles
from query.statute_names import unindexed_statutes
from query.terms import TermReader

# how the thesaurus is asked for a statute's words for a party abroad, by the question's language
_ABROAD = {False: "abroad", True: "海外"}
# the question names a public body: the public-sector chapters of a statute may answer it
_ASKS_PUBLIC = re.compile(
    r"\b(?:administrative (?:organ|entit|agenc|bod)\w*|ministr(?:y|ies)"
    r"|government (?:bod|agenc|offic|organ)\w*|public (?:bod|sector|authorit|entit)\w*"
    r"|local (?:government|authorit)\w*|municipal\w*|prefectur\w*|national universit\w*)"
    r"|行政機関|地方公共団体|独立行政法人|国の機関|自治体|省庁|官公庁|都道府県|市町村", re.IGNORECASE)
# the question asks about commencement, transition or review: supplementary provisions answer it
_ASKS_WHEN = re.compile(
    r"\b(?:when|date|dates|effective|effect|force|start\w*|begin\w*|commenc\w*|promulgat\w*|review\w*|"
    r"revis\w*|transition\w*|grace|deadline|until|since|before the (?:act|law|amendment)|supplementary)\b"
    r"|施行|公布|いつ|見直|経過|検討|改正前|改正後|附則|までに", re.IGNORECASE)
# the question asks when a law takes effect (施行期日): its supplementary provision that says so
# answers. Not 施行 alone: 「施行後に見直す」「施行の状況」 ask about review
_ASKS_COMMENCEMENT = re.compile(
    r"\b(?:takes? effect|took effect|taking effect|(?:comes?|came|coming) into (?:force|effect)"
    r"|(?:enters?|entered|entering) into force|effective date|becomes? effective|start(?:s|ed)? to apply"
    r"|begins? to apply|commencement)\b"
    r"|施行(?:日|期日|時期|する(?:の|日)|は|され(?:る(?:の|日)|ます|ました|たのは|た日))|いつから",
    re.IGNORECASE)
# the question asks for a quantity (an amount, a rate, a count, a period, an age, a deadline): the
# evidence must hold a number for it to be answered. Not "how often": "regularly" answers it.
_AMOUNT_Q = re.compile(
    r"\b(how much|what (?:percentage|percent|amount)|what\b[^?]{0,40}\brates?|rates? of (?:tax|interest)"
    r"|maximum (?:fine|penalty)|fine amount|how many|how long|how old|what age|at what age"
    r"|within how|what (?:is|are) the (?:\w+ )?(?:fee|price|deadline|time limit)s?"
    r"|(?:exact|precise|minimum|maximum) (?:amount|number|figure|threshold|level)"
    r"|what (?:is|are) the (?:\w+ )?(?:amount|threshold|figure|cut-?off)s?)\b"
    r"|税率|金額|いくら|何(?:円|パーセント|割|人|日|年|歳|回|か月|ヶ月|箇月|週間|時間|件|倍)|罰金の額|期限はいつ",
    re.IGNORECASE)
# the question asks for the members of a set (the kinds, types or items of something, a list): a
# provision's enumerated items are then the answer, not detail around it
_ASKS_LIST = re.compile(
    r"\b(?:list (?:the|all|every|each)|enumerat\w*|what (?:kinds?|types?|sorts?|categories|forms|classes) of"
    r"|which (?:kinds?|types?|sorts?|categories|forms|classes) of|what are (?:the|its|their)"
    r"|which \w+(?:s|ies) (?:are|do|must|can|may|have|count|apply|fall|qualify)"
    r"|what (?:\w+ ){0,3}(?:includes?|consists? of|comprises?))\b"
    r"|各号|どのような|どんな|どういった|何と何|列挙|一覧|挙げ", re.IGNORECASE)
# a question that sets places side by side, not one that merely mentions two
_COMPARES = re.compile(r"\b(?:both|compar\w*|differ\w*|versus|vs\.?|unlike|like|similar\w*|same as|"
                       r"and what (?:do|does|about))\b|比較|違い|異な|両方|ともに|いずれも", re.IGNORECASE)
# the question asks how the other language version words it. The Japanese text of a Japanese law
# is the authoritative one and its English a reference translation, so an English question about
# "the Japanese text", "the original wording" or what a term is "in Japanese" asks to see the
# original, and a Japanese question about 英訳 or 英語版 the translation. "Japanese law" and "a
# Japanese company" name a place, not a language version.
_ASKS_ORIGINAL = re.compile(
    r"\bJapanese (?:text|original|version|wording|words?|terms?|phrases?|expressions?|title|name|"
    r"statute text|law text|characters?)\b|\b(?:original|authoritative) (?:Japanese|text|texts|wording|"
    r"version|language)\b|\b(?:in|into) (?:the )?Japanese\b(?!\s+(?:law|laws|legislation|statutes?|"
    r"companies|company|firms?|business\w*|government|courts?|market|users?|people|citizens|residents))",
    re.IGNORECASE)
_ASKS_TRANSLATION = re.compile(
    r"英訳|英語版|英文|英語(?:の|での|では|で(?:は|の)?)?(?:訳|翻訳|表現|表記|条文|名称|用語|言い方)|英語では|英語で(?:何|どう)")


def version_asked(question: str, japanese: bool) -> str | None:
    """The other language version a question asks to see ("ja" for an English question about
    the Japanese original, "en" for a Japanese one about the English translation), or None."""
    if japanese:
        return "en" if _ASKS_TRANSLATION.search(question) else None
    return "ja" if _ASKS_ORIGINAL.search(question) else None


def asks_for_amount(question: str) -> bool:
    return bool(_AMOUNT_Q.search(question))


def asks_for_list(question: str) -> bool:
    return bool(_ASKS_LIST.search(question))


def side_question(question: str, mentions: Callable[[str], bool]) -> str:
    """The part of a question about one side of a comparison: its sentences that name that side
    ("If a foreign firm serves Korean users, what must it set up? And what do China's rules
    say?" -> its first sentence for Korea), or the whole question when no sentence, or every
    sentence, names it."""
    sentences = question_parts(question)
    own = [s for s in sentences if mentions(s)]
    return " ".join(own) if own and len(own) < len(sentences) else question


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a document id or a jurisdiction code, and the part of the
    question about it (its sentences that name it; the whole question when none or all do)."""

    value: str
    question: str


@dataclass(frozen=True)
class Comparison:
    attr: str = ""  # "doc_id" | "jurisdiction" | "" (no comparison)
    sides: tuple[Side, ...] = ()

    @property
    def values(self) -> list[str]:
        return [s.value for s in self.sides]


@dataclass(frozen=True)
class QueryAnalysis:
    """What a question names and asks, read once."""

    question: str  # as asked: shown, and given to a generative answerer
    language: str  # "en" | "ja"
    # what it names
    refs: tuple[ProvisionRef, ...] = ()  # provisions it cites directly, resolved to documents
    missing_refs: tuple[ProvisionRef, ...] = ()  # cited in a named document that lacks them
    documents: tuple[str, ...] = ()  # document ids it names (a place-qualified name is that place's)
    jurisdictions: tuple[str, ...] = ()  # places it names, in order
    unindexed_jurisdictions: tuple[str, ...] = ()  # of those, places nothing of which is indexed
    unindexed_statutes: tuple[str, ...] = ()  # statutes it names that are no indexed document
    confined_place: str | None = None  # the one place it asks about, indexed only in another language
    # articles it names by their caption, its subject being exactly that ("What is the purpose of
    # the APPI?": Article 1, captioned "Purpose"; query/captions.py); none when it cites a number
    captioned: tuple[ProvisionRef, ...] = ()
    # what it asks
    definition: bool = False  # what a term means
    defined_terms: tuple[str, ...] = ()  # the terms it quotes or asks the meaning of
    asks_when: bool = False  # commencement, transition, review
    asks_commencement: bool = False  # when a law takes effect
    asks_public: bool = False  # about a public body
    asks_amount: bool = False  # a number: an amount, a rate, a period
    # a penalty (a fine, a sanction, a prison term): only a penal provision answers it, and a law
    # whose structure has none answers it by having none (query/roles.py)
    asks_penalty: bool = False
    # a registration, licence, permit or notification to an authority: only a provision imposing
    # one answers it, and a law none of whose provisions speaks of one has none
    asks_registration: bool = False
    # a deadline (by when, a time limit in days or months): a law none of whose provisions sets one
    # (its supplementary provisions aside) has none
    asks_deadline: bool = False
    asks_cycle: bool = False  # how often: a law none of whose provisions sets an interval has none
    asks_list: bool = False  # the members of a set: kinds, types, the items of a list
    # how the other language version words it: "ja" (the Japanese original) or "en" (the English
    # translation), quoted beside the answer's provisions
    version: str | None = None
    comparison: Comparison = field(default_factory=Comparison)
    # its words
    subject: str = ""  # without the names of documents and places
    terms: dict[str, float] = field(default_factory=dict)  # subject terms, idf-weighted
    statutory_terms: dict[str, float] = field(default_factory=dict)  # the thesaurus's words for them
    known_words: tuple[str, ...] = ()  # English subject words some indexed text uses
    unknown_words: tuple[str, ...] = ()  # and those none does
    # what each retriever searches with
    dense_query: str = ""
    keyword_query: str = ""
    expansions: tuple[Expansion, ...] = ()  # added to the keyword query, and why

    @property
    def japanese(self) -> bool:
        return self.language == "ja"

    @property
    def out_of_scope(self) -> bool:
        """The question names only jurisdictions of which nothing is indexed."""
        return bool(self.jurisdictions) and self.jurisdictions == self.unindexed_jurisdictions

    @property
    def known_share(self) -> float:
        """Share of an English question's subject words that some indexed text uses (1.0 for
        Japanese and when there are none)."""
        n = len(self.known_words) + len(self.unknown_words)
        return len(self.known_words) / n if n else 1.0


class Analyzer:
    """Reads questions against one index's catalog."""

    def __init__(self, catalog: Catalog, settings: QuerySettings) -> None:
        self.catalog = catalog
        self.settings = settings
        self.reader = TermReader(catalog.aliases, catalog.weights, settings.ask_weight)
        self.captions = CaptionIndex.from_captions(catalog.captions)

    def analyze(self, question: str) -> QueryAnalysis:
        japanese = is_japanese(question)
        cat = self.catalog
        documents = mentioned_documents(question, cat.aliases, cat.jurisdiction)
        # a place named only as where a receiving party is: no law asked about
        jurisdictions, parties = split_places(question)
        indexed = set(cat.jurisdiction.values())
        unindexed = [j for j in jurisdictions if j not in indexed]
        definition = bool(DEFINITION_QUESTION.search(question))
        refs, missing = self._references(question, documents, jurisdictions)
        known, unknown = self.reader.word_knowledge(question)
        dense_query, keyword_query, expansions = self._queries(question, japanese)
        if crosses_border(parties, jurisdictions, self.settings.home_jurisdiction):
            keyword_query, expansions = self._abroad(keyword_query, expansions, japanese)
        roles = asked_roles(question, cat.aliases)
        commencement = bool(_ASKS_COMMENCEMENT.search(question))
        terms = self.reader.terms(question)
        return QueryAnalysis(
            question=question, language="ja" if japanese else "en",
            refs=tuple(refs), missing_refs=tuple(missing), documents=tuple(documents),
            jurisdictions=tuple(jurisdictions), unindexed_jurisdictions=tuple(unindexed),
            unindexed_statutes=tuple(unindexed_statutes(question, cat.aliases, cat.name_words,
                                                        cat.place_words) if not documents else ()),
            confined_place=self._confined_place(documents, jurisdictions, unindexed, japanese),
            captioned=() if refs or missing else self._captioned(terms, documents, jurisdictions, unindexed),
            definition=definition,
            defined_terms=tuple(quoted_terms(question) or (asked_terms(question) if definition else [])),
            asks_when=bool(_ASKS_WHEN.search(question)),
            asks_commencement=commencement,
            asks_public=bool(_ASKS_PUBLIC.search(question)),
            asks_amount=asks_for_amount(question), asks_penalty=PENALTY in roles,
            asks_registration=REGISTRATION in roles,
            # "By when does the Act take effect?" asks for its commencement, which it has
            asks_deadline=DEADLINE in roles and not commencement,
            asks_cycle=CYCLE in roles,
            asks_list=asks_for_list(question),
            version=version_asked(question, japanese), comparison=self._comparison(question),
            subject=self.reader.subject(question), terms=terms,
            statutory_terms=self.reader.statutory(question),
            known_words=tuple(known), unknown_words=tuple(unknown),
            dense_query=dense_query, keyword_query=keyword_query, expansions=tuple(expansions))

    def _references(self, question: str, documents: list[str],
                    jurisdictions: list[str]) -> tuple[list[ProvisionRef], list[ProvisionRef]]:
        """The provisions the question cites, each in the documents that hold it: the named
        documents, else those of the named places, else any; a provision a named document lacks
        is missing."""
        refs: list[ProvisionRef] = []
        missing: list[ProvisionRef] = []
        for ref in parse_references(question):
            docs = documents or self.catalog.documents_of(jurisdictions) or list(self.catalog.paths)
            owners = [d for d in docs if self.catalog.holds(d, ref.path)]
            if owners:
                refs.extend(ProvisionRef(ref.article, ref.paragraph, ref.item, ref.suppl, d) for d in owners)
            elif documents:
                missing.append(ProvisionRef(ref.article, ref.paragraph, ref.item, ref.suppl, docs[0]))
        return refs, missing

    def _captioned(self, terms: dict[str, float], documents: list[str], jurisdictions: list[str],
                   unindexed: list[str]) -> tuple[ProvisionRef, ...]:
        """The articles captioned exactly as the question's subject reads, in the documents it
        names, else in those of the indexed places it names (none when it names only places of
        which nothing is indexed: "the purpose of French law" is not Japan's), else in the home
        jurisdiction's (the law a question naming none asks about)."""
        places = [j for j in jurisdictions if j not in unindexed]
        if jurisdictions and not places and not documents:
            return ()
        scope = documents or self.catalog.documents_of(places or [self.settings.home_jurisdiction])
        return self.captions.matching(terms, scope)

    def _queries(self, question: str, japanese: bool) -> tuple[str, str, list[Expansion]]:
        """The dense and keyword query texts. Document names are taken out for Japanese questions
        by default (a name's characters, AI推進法 -> 人工知能..., match every provision alike; in
        English a name's words often are the topic); place names out of the keyword query when
        set (a place says where to look, not what for); abbreviations spelled out; the
        thesaurus's statutory terms added to the keyword query (or both, or neither)."""
        s = self.settings
        strip = s.strip_names == "all" or (s.strip_names == "ja" and japanese)
        content = without_document_names(question, self.catalog.aliases) if strip else question
        kw_content = without_place_names(content) if s.strip_places else content

        def query(text: str, statutory: bool) -> tuple[str, list[Expansion]]:
            added = search_abbreviations(text, japanese)
            if statutory:
                added += thesaurus_expansions(text, japanese)
            return expanded(text, added), added

        dense, _ = query(content, s.thesaurus == "both")
        keyword, added = query(kw_content, s.thesaurus in ("keyword", "both"))
        return dense, keyword, added

    def _abroad(self, keyword_query: str, expansions: list[Expansion],
                japanese: bool) -> tuple[str, list[Expansion]]:
        """A party in another place than the law asked about: the statute's words for a party
        abroad (the thesaurus's, as for "abroad" / 海外) join the keyword query."""
        if self.settings.thesaurus == "off":
            return keyword_query, expansions
        words = thesaurus_expansions(_ABROAD[japanese], japanese)
        added = [Expansion(e.added, "a party abroad") for e in words
                 if all(e.added != x.added for x in expansions)]
        return expanded(keyword_query, added), expansions + added

    def _confined_place(self, documents: list[str], jurisdictions: list[str], unindexed: list[str],
                        japanese: bool) -> str | None:
        """A question that names one place, and no document, whose texts are all in another
        language than the question's («韓国のAI基本法では…» with Korea's act in English only): its
        words cannot find those texts, so it is searched in them alone."""
        places = [j for j in jurisdictions if j not in unindexed]
        if documents or len(places) != 1:
            return None
        held = self.catalog.place_languages.get(places[0], frozenset())
        return places[0] if held and ("ja" if japanese else "en") not in held else None

    def named(self, attr: str, text: str) -> list[str]:
        """The documents (`attr` "doc_id", by name alone) or places ("jurisdiction") a text names."""
        if attr == "doc_id":
            return mentioned_documents(text, self.catalog.aliases)
        return split_places(text)[0]

    def _comparison(self, question: str) -> Comparison:
        """What a question sets side by side: the documents when it names two or more, the places
        when it names two or more and compares them ("both", "unlike", 違い) or asks about each in
        its own sentence (a US company asking about Japan's law compares nothing)."""
        attr, values = "doc_id", self.named("doc_id", question)
        if len(values) <= 1:
            attr, values = "jurisdiction", self.named("jurisdiction", question)
            if len(values) <= 1 or not (_COMPARES.search(question) or self._asks_apart(question)):
                return Comparison()
        return Comparison(attr, tuple(
            Side(value, side_question(question, lambda text, v=value: v in self.named(attr, text)))
            for value in values))

    @staticmethod
    def _asks_apart(question: str) -> bool:
        """Two sentences of the question name different places: it asks about each in turn."""
        named = [frozenset(mentioned_jurisdictions(part)) for part in question_parts(question)]
        return len({places for places in named if places}) > 1
