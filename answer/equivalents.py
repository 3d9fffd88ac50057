"""Words a question or a claim may use for the words a statute uses. Pure data and pure
functions, no I/O. `/verify` counts a claim's words in a provision with them (answer/verify.py);
the extractive answerer counts a question's terms in a sentence with them (answer/extractive.py).

A legal reader writes "the State must draw up guidelines" for a provision that reads "The
national government is to establish guidelines": every content word differs, and counting shared
words calls a correct paraphrase unsupported. Each group below lists wordings that stand for one
another in statutes and in English translations of Japanese statutes (国 is rendered both "the
State" and "the national government"; 策定 "formulate", "establish" and "draw up"). A claim's
word counts as found in a provision when the provision holds any wording of one of its groups.
The table is general vocabulary, not tied to any one provision; a word that statutes use in
several senses ("handle", "develop", "disclose") is left out, since matching it to a synonym
would make unrelated provisions look like support or like an answer.

Also here: the claim's framing words ("must", "requires", "should") are left out of the count,
since statutes write the same duty as "shall", "must", "is to" or "is responsible for".
"""

from __future__ import annotations

from functools import lru_cache

from index.tokenize import tokenize

GROUPS: tuple[tuple[str, ...], ...] = (
    # who
    ("State", "national government", "government"),
    ("business", "company", "firm", "enterprise"),
    ("employee", "staff", "worker", "personnel"),
    ("people", "citizens", "individuals", "persons"),
    ("head", "chair", "chairperson", "in charge", "lead", "preside"),
    # doing
    ("formulate", "draw up", "draft", "establish", "prepare", "devise", "set up", "adopt"),
    ("participate", "take part"),
    ("give", "provide", "hand over", "pass on", "share", "transfer"),
    ("charge a fee", "collect a fee", "charge fees", "collect fees"),
    ("promote", "support", "advance", "foster", "encourage"),
    ("outsource", "entrust", "subcontract", "contract out", "contractor", "trustee"),
    ("change", "alter", "alteration", "modify", "modification"),
    ("keep", "kept", "retain", "preserve", "store"),
    ("take over", "succeed to", "succession", "succeeding"),
    ("made up of", "consist of", "consists of", "composed of", "comprise"),
    ("run", "manage", "management", "administer"),
    ("carry out", "implement", "execute"),
    ("train", "develop human resources", "cultivate"),
    ("decide", "decision"),
    ("expand", "expansion"),
    ("add", "addition"),
    ("count as", "fall under", "be deemed", "be regarded as", "constitute"),
    ("get", "obtain", "acquire", "collect", "gather"),
    ("try", "endeavor", "endeavour", "strive", "make efforts"),
    ("ask", "request", "demand"),
    ("stop", "cease", "discontinue"),
    ("delete", "erase", "remove"),
    ("publish", "disclose to the public", "make public", "announce", "publicize"),
    ("deal with", "process", "address", "respond to"),
    ("cooperate", "cooperation", "assist", "assistance", "help"),
    ("analyse", "analyze", "analysis", "analyzation", "examine"),
    ("infringe", "violate", "violation", "breach"),
    ("report", "notify", "inform"),
    ("use", "utilize", "utilization"),
    # what the stemmer leaves apart ("registration" -> registr, "register" -> regist)
    ("register", "registration"),
    ("licence", "license"),
    # what
    ("AI", "artificial intelligence"),
    ("leak", "leakage", "leaking", "breach"),
    ("deceit", "deception", "deceive", "fraud", "trick"),
    ("improper", "wrongful", "unlawful", "illegal", "unfair"),
    ("measures", "steps", "actions", "safeguards", "policies"),
    ("put in place", "take"),
    ("details", "matters"),
    ("proper", "properly", "appropriate", "appropriately", "adequate", "suitable"),
    ("good reason", "legitimate grounds", "justifiable grounds"),
    ("imminent", "impending"),
    ("harm", "infringement"),
    ("complaint", "grievance"),
    ("purpose", "aim", "objective", "goal"),
    ("responsible", "responsibility", "duty", "duties", "obligation"),
    ("promptly", "without delay", "immediately", "swiftly"),
    ("prior", "in advance", "beforehand", "before"),
    ("in line with", "in accordance with", "consistent with", "based on", "pursuant to"),
    ("within", "under"),
    ("domestically and internationally", "in Japan and abroad", "at home and abroad"),
)

# how a claim frames a duty or a permission, not what it is about
FRAMING = frozenset(tokenize("must should require requires required need needs needed "
                             "obliged obligated has have ought can could might would"))
# function words the index's stop list keeps ("them", "when", "about": "an individual may ask a
# business to delete data about them" is not less true of a provision that never says "about
# them"); possessives stay counted (see README, "Verifying a citation")
FUNCTION_WORDS = frozenset(tokenize("it them you who whom someone once other others certain through "
                                    "when about all way up"))
# a claim's tokens that are not counted as what it says
NOT_COUNTED = FRAMING | FUNCTION_WORDS


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[frozenset[str], ...], ...]:
    """Each group's wordings as keyword-token sets (stemmed like the index), empty ones dropped."""
    out = []
    for group in GROUPS:
        members = tuple(frozenset(tokenize(w)) for w in group)
        out.append(tuple(m for m in members if m))
    return tuple(out)


def equivalent_tokens(text_tokens: set[str]) -> set[str]:
    """The tokens of every wording of each group the text holds a wording of: a text saying
    "the national government" also holds "state"."""
    out: set[str] = set()
    for members in _groups():
        if any(m <= text_tokens for m in members):
            for m in members:
                out |= m
    return out


def found_tokens(claim_tokens: set[str], text_tokens: set[str]) -> set[str]:
    """The claim's tokens the text holds, directly or through a wording of the same group."""
    return claim_tokens & (text_tokens | equivalent_tokens(text_tokens))
