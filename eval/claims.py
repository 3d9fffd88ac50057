"""Claim sets for `/verify`: citations with a claim (or a quote) labelled supported or not, and
their scores. The loader and the scoring are pure; `run_claims` drives the same code as the
endpoint (api/routers/verify.py).

One JSON object per line:

    {"id": "v01", "citation": "Article 13 of the AI Promotion Act",
     "claim": "the State must draw up guidelines", "supported": true, "notes": "optional"}

`quote` may stand instead of `claim`; `supported` is true when the provision says what the claim
says (a verdict of exact_quote or supported_paraphrase is then right) and false otherwise
(not_supported or no_such_provision is right).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SUPPORTING = ("exact_quote", "supported_paraphrase")


class ClaimSetError(ValueError):
    """A claim set line that is not a claim, with the line it is on."""


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    citation: str
    supported: bool
    claim: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class ClaimResult:
    claim: LabelledClaim
    verdict: str
    explanation: str

    @property
    def right(self) -> bool:
        return (self.verdict in SUPPORTING) == self.claim.supported


def parse_claims(lines: Sequence[str], name: str = "claims") -> list[LabelledClaim]:
    out: list[LabelledClaim] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ClaimSetError(f"{name}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(d, dict):
            raise ClaimSetError(f"{name}:{n}: expected an object")
        missing = [k for k in ("id", "citation", "supported") if k not in d]
        if missing or not (d.get("claim") or d.get("quote")):
            raise ClaimSetError(f"{name}:{n}: needs id, citation, supported and a claim or quote"
                                + (f" (missing {', '.join(missing)})" if missing else ""))
        if not isinstance(d["supported"], bool):
            raise ClaimSetError(f"{name}:{n}: supported must be true or false")
        out.append(LabelledClaim(str(d["id"]), str(d["citation"]), d["supported"],
                                 d.get("claim"), d.get("quote")))
    return out


def load_claims(path: Path | str) -> list[LabelledClaim]:
    path = Path(path)
    return parse_claims(path.read_text(encoding="utf-8").splitlines(), path.name)


def score_claims(results: Sequence[ClaimResult]) -> dict[str, float | int]:
    """Accuracy, and precision / recall of "supported" (a wrong "supported" is the costly error)."""
    said = [r.verdict in SUPPORTING for r in results]
    truth = [r.claim.supported for r in results]
    tp = sum(s and t for s, t in zip(said, truth, strict=True))
    fp = sum(s and not t for s, t in zip(said, truth, strict=True))
    fn = sum(t and not s for s, t in zip(said, truth, strict=True))
    n = len(results)
    return {"claims": n, "accuracy": round(sum(r.right for r in results) / n, 3) if n else 0.0,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "wrongly_supported": fp, "wrongly_rejected": fn}


def run_claims(pipeline, library, claims: Sequence[LabelledClaim]) -> list[ClaimResult]:
    from api.routers.verify import Unresolvable, verify_claim
    from api.schemas import VerifyRequest

    out = []
    for c in claims:
        try:
            r = verify_claim(VerifyRequest(citation=c.citation, claim=c.claim, quote=c.quote),
                             pipeline, library)
            out.append(ClaimResult(c, r.verdict, r.explanation))
        except Unresolvable as exc:
            out.append(ClaimResult(c, "unresolvable", str(exc)))
    return out
