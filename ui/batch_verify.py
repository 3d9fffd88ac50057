"""Batch verification files: a memo's footnotes as CSV or JSONL in, a table of verdicts out.

Each row names a provision (`citation`, or `doc_id` + `path`) and what it is said to say
(`claim` or `quote`; a citation may also carry the claim in its own words). An `id` column,
if any, is kept so the verdicts can be matched back to footnotes. Pure, no Streamlit.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("citation", "doc_id", "path", "claim", "quote")
ALIASES = {
    "footnote": "id",
    "fn": "id",
    "reference": "citation",
    "cite": "citation",
    "statement": "claim",
    "text": "claim",
    "provision": "path",
    "document": "doc_id",
    "doc": "doc_id",
}
MAX_ROWS = 500
OUT_COLUMNS = (
    "id",
    "citation",
    "claim",
    "quote",
    "verdict",
    "ref",
    "doc_id",
    "path",
    "score",
    "threshold",
    "lexical",
    "semantic",
    "matched_language",
    "closest_sentence",
    "explanation",
    "note",
)
TEMPLATE = (
    "id,citation,claim,quote\n"
    "fn1,Article 27(1) of the APPI,personal data may not go to a third party without consent,\n"
    "fn2,Article 13 of the AI Promotion Act,,(paste the words the memo quotes here)\n"
)


@dataclass
class Parsed:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "line 4: ..." per row left out


def _normalise(record: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in record.items():
        name = str(key or "").strip().lower().replace(" ", "_")
        name = ALIASES.get(name, name)
        if name in (*FIELDS, "id") and value not in (None, ""):
            out[name] = str(value).strip()
    return {k: v for k, v in out.items() if v}


def check_row(row: dict[str, str]) -> str | None:
    """Why this row cannot be sent to /verify, or None if it can."""
    if not row.get("citation") and not (row.get("doc_id") and row.get("path")):
        return "no citation (or doc_id and path)"
    if row.get("claim") and row.get("quote"):
        return "both a claim and a quote: give one"
    if row.get("path") and not row.get("doc_id") and not row.get("citation"):
        return "a path needs its doc_id"
    return None


def parse_claims(filename: str, data: bytes) -> Parsed:
    """Rows from a .csv (header row) or .jsonl/.json (one object a line) file."""
    text = data.decode("utf-8-sig", errors="replace")
    parsed = Parsed()
    records: list[tuple[int, dict[str, Any]]] = []
    name = filename.lower()
    if name.endswith((".jsonl", ".json", ".ndjson")):
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                parsed.errors.append(f"line {lineno}: not JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                parsed.errors.append(f"line {lineno}: not a JSON object")
                continue
            records.append((lineno, obj))
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not ({*map(str.lower, reader.fieldnames)} & {"citation", "path"}):
            parsed.errors.append(
                "the CSV needs a header row with a `citation` column (or `doc_id` and `path`)"
            )
            return parsed
        records = [(i + 2, rec) for i, rec in enumerate(reader)]
    for lineno, rec in records:
        row = _normalise(rec)
        if not row:
            continue
        problem = check_row(row)
        if problem:
            parsed.errors.append(f"line {lineno}: {problem}")
            continue
        if len(parsed.rows) >= MAX_ROWS:
            parsed.errors.append(f"more than {MAX_ROWS} rows: the rest were left out")
            break
        row.setdefault("id", str(lineno))
        parsed.rows.append(row)
    return parsed


def request_body(row: dict[str, str]) -> dict[str, str]:
    """The POST /verify body for a row (no `id`: the API forbids unknown fields)."""
    return {k: row[k] for k in FIELDS if row.get(k)}


def result_row(
    row: dict[str, str], response: dict[str, Any] | None, error: str | None = None
) -> dict[str, Any]:
    """One line of the verdict table: the input, then the verdict and its evidence."""
    out: dict[str, Any] = {c: "" for c in OUT_COLUMNS}
    out.update({k: row.get(k, "") for k in ("id", "citation", "claim", "quote")})
    if error is not None or response is None:
        out.update(verdict="error", explanation=error or "no answer")
        return out
    scores = response.get("scores") or {}
    out.update(
        verdict=response.get("verdict", ""),
        ref=response.get("ref") or "",
        doc_id=response.get("doc_id") or "",
        path=response.get("path") or "",
        matched_language=response.get("matched_language") or "",
        explanation=response.get("explanation", ""),
        note=response.get("note", ""),
        score=scores.get("score", ""),
        threshold=scores.get("threshold", ""),
        lexical=scores.get("lexical", ""),
        semantic="" if scores.get("semantic") is None else scores.get("semantic"),
        closest_sentence=scores.get("closest_sentence", ""),
    )
    return out


def to_csv(table: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(OUT_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return buf.getvalue().encode("utf-8-sig")  # a BOM so spreadsheet programs read Japanese right


def to_jsonl(table: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in table).encode("utf-8")


def tally(table: list[dict[str, Any]]) -> dict[str, int]:
    """How many rows got each verdict, in the table's order of first appearance."""
    counts: dict[str, int] = {}
    for r in table:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return counts
