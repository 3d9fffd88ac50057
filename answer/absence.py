"""Answers about what a law does not contain.

A question may ask for a provision in a role (a penalty, a registration, a deadline) of one law
whose own structure shows none: no penal chapter, no article captioned 罰則, no provision
imposing a fine; no provision that speaks of a registration or a licence; no provision but its
supplementary ones that sets a time limit; none that has anything done every so many years,
annually or periodically. The answer then says so plainly and shows
that law's closest provisions as related. It is still an abstention (nothing is quoted as
if it answered): the finding rests on the whole document's structure and wording, which a
quote cannot show. Pure: the question's analysis and the index's catalog in, a finding out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from answer import messages
from core.provision_paths import human_ref
from ingest.records import Passage
from query.analysis import QueryAnalysis
from query.catalog import Catalog
from query.roles import CYCLE, DEADLINE, PENALTY, REGISTRATION, supervisory_measures
from query.supplementary import says_when_in_effect


@dataclass(frozen=True)
class Absence:
    """The one law a question names, and the roles it asks for that no provision of it plays."""

    doc_id: str
    roles: tuple[str, ...]


def absent_roles(analysis: QueryAnalysis, catalog: Catalog) -> Absence | None:
    """The roles the question asks for that the one law it names has no provision in. Only a
    question about that law alone: none that cites a provision of it (that provision is quoted),
    compares it with another or names another place; only a law (a document of articles), whose
    structure says what it holds."""
    if len(analysis.documents) != 1 or analysis.refs or analysis.comparison.sides:
        return None
    doc = analysis.documents[0]
    if not catalog.is_law(doc) or set(analysis.jurisdictions) - {catalog.jurisdiction.get(doc)}:
        return None
    asked = [role for role, on in ((PENALTY, analysis.asks_penalty),
                                   (REGISTRATION, analysis.asks_registration),
                                   (DEADLINE, analysis.asks_deadline),
                                   (CYCLE, analysis.asks_cycle)) if on]
    missing = tuple(role for role in asked if not catalog.plays(doc, role))
    return Absence(doc, missing) if missing else None


def held_instead(absence: Absence, passages: Iterable[Passage], language: str,
                 most: int = 2) -> list[tuple[Passage, tuple[str, ...]]]:
    """What the law holds instead of what was asked, in document order, each with the words that
    show it; in the question's language where the law has that version.
    - No penal provisions: at most `most` of its provisions that name supervisory measures
      (guidance, advice, recommendations, inspections: query/roles.py), what it acts through
      instead.
    - No deadline: its own supplementary provision that says when it takes effect (施行期日,
      query/supplementary.py), the date a question "by when" is most often after.
    None for a registration or a cycle question: measures are no registration, and no provision
    stands for a cycle."""
    own = [p for p in passages if p.doc_id == absence.doc_id]
    in_language = [p for p in own if p.language == language] or own
    if PENALTY in absence.roles:
        found = [(p, words) for p in in_language if (words := supervisory_measures(p.text))]
    elif DEADLINE in absence.roles:
        found = [(p, ("commencement",)) for p in in_language if says_when_in_effect(p.path, p.text)][:1]
    else:
        return []
    distinct: dict[str, tuple[Passage, tuple[str, ...]]] = {}  # a provision once, at its first place
    for p, words in found:
        distinct.setdefault(p.path, (p, words))
    return list(distinct.values())[:most]


def absence_reason(absence: Absence, catalog: Catalog, language: str,
                   instead: Sequence[tuple[Passage, tuple[str, ...]]] = ()) -> messages.Finding:
    """What the answer says: the law has no penal provisions (with its chapters, its table of
    contents, and the provisions that name the measures it acts through instead), no provision
    on registration, no deadline (with the provision that says when it takes effect) or no
    fixed cycle."""
    ja = language == "ja"
    title = catalog.title(absence.doc_id, language)
    named = [(human_ref(p.path, language), words) for p, words in instead]
    if PENALTY in absence.roles:
        return messages.no_penal_provisions(title, catalog.chapter_titles(absence.doc_id, language), ja,
                                            named)
    if REGISTRATION in absence.roles:
        return messages.no_registration_provisions(title, ja)
    if DEADLINE in absence.roles:
        return messages.no_deadline(title, ja, [ref for ref, _ in named])
    return messages.no_cycle(title, ja)


# (the path of a provision that leaves details to another instrument, the instrument as the text
# names it: "a Cabinet Order", "Presidential Decree", "rules of the Commission")
Delegation = tuple[str, str]


def left_to_unindexed(delegations: Sequence[Delegation], title: str, indexed_titles: Collection[str],
                      language: str, specific: bool = True) -> messages.Finding | None:
    """The seam for delegations (issue 20: `Passage.delegations`): when the provisions closest to
    a question for a number or a role leave the matter to an instrument that is none of the
    indexed texts, the answer can say so ("Article 31(4) of the ... leaves this to a
    Presidential Decree, which is not among the indexed texts") instead of that no provision
    states it. The extractive answerer passes the delegations inside the sentences it would have
    quoted for a question that asks for a number (answer/extractive.py). `specific`: the
    provision leaves that number there (a period, an amount prescribed by ...), not only the
    manner of doing something, which is said as "leaves details to"."""
    for path, instrument in delegations:
        named = instrument.lower()
        if not any(t and (t.lower() in named or named in t.lower()) for t in indexed_titles):
            return messages.left_to_instrument(title, human_ref(path, language), instrument, language == "ja",
                                               specific)
    return None
