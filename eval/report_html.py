"""report.html: the run in one self-contained page (inline CSS and SVG, no script, no CDN).
Pure: summary.json and the results in, markup out. It shows, per set: the headline table with
the peer beside regqa and their ratio, hit@5 and citation precision per category and per
language, the end-to-end latency histogram, latency per stage, and the failures."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from eval.report_md import cells_of, failure_rows, group_table, headline_table, stage_table
from eval.svg import grouped_bars, histogram

Data = dict[str, Any]

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1100px;color:#111;
padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;
vertical-align:top}th{background:#f4f4f5;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;padding:1px 6px;border-radius:8px;font-size:12px}
.tuned{background:#fef3c7}.untuned{background:#dcfce7}.unknown{background:#e5e7eb}
.note{color:#555;font-size:13px}.charts{display:flex;flex-wrap:wrap;gap:16px}
details{margin:8px 0}summary{cursor:pointer;font-weight:600}
"""


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{escape(str(c))}</td>' if i >= numeric_from else
                         f"<td>{escape(str(c))}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def tuned_tag(s: Data) -> str:
    cls = {True: "tuned", False: "untuned"}.get(s.get("tuned"), "unknown")
    return f'<span class="tag {cls}">{escape(s["tuned_label"])}</span>'


def group_chart(summary: Data, set_name: str, group: str, metric: str, title: str) -> str:
    cells = cells_of(summary, set_name)
    names: list[str] = []
    for c in cells:
        names += [n for n in c["metrics"][group] if n not in names]

    def value(block: Data | None) -> float | None:
        if not block:
            return None
        if metric == "hit@5":
            return (block.get("hit_at_k") or {}).get("5")
        return block.get(metric)

    series = [(c["config"], [value(c["metrics"][group].get(n)) for n in names]) for c in cells]
    return grouped_bars(title, names, series)


def latency_chart(summary: Data, set_name: str, results: dict[str, list[Data]]) -> str:
    series = [(c["config"], [r["latency_ms"] for r in results.get(c["dir"], []) if not r.get("error")])
              for c in cells_of(summary, set_name)]
    return histogram(f"{set_name}: end-to-end latency per question (log-spaced bins)", series)


def set_section(summary: Data, s: Data, results: dict[str, list[Data]]) -> str:
    name = s["name"]
    cells = cells_of(summary, name)
    parts = [f'<h2 id="set-{escape(name)}">{escape(name)} — {s["n"]} questions {tuned_tag(s)}</h2>',
             table(*headline_table(summary, name)),
             '<p class="note">Matched by: ' + "; ".join(
                 f"<b>{escape(c['config'])}</b>: {escape(c['scoring'])}" for c in cells) + "</p>",
             '<div class="charts">',
             group_chart(summary, name, "by_category", "hit@5", f"{name}: hit@5 per category"),
             group_chart(summary, name, "by_category", "citation_precision",
                         f"{name}: citation precision per category"),
             group_chart(summary, name, "by_lang", "hit@5", f"{name}: hit@5 per language"),
             latency_chart(summary, name, results),
             "</div>",
             "<details><summary>Per language and per category (table)</summary>",
             table(*group_table(summary, name, "by_lang")), table(*group_table(summary, name, "by_category")),
             "</details>",
             "<details><summary>Latency per stage</summary>",
             table(*stage_table(summary, name), numeric_from=2),
             "</details>"]
    for c in cells:
        invented = c["metrics"].get("invented_references_list") or []
        if invented:
            parts.append(f"<p><b>Invented references ({escape(c['config'])}):</b> "
                         + escape("; ".join(invented)) + "</p>")
        rows = failure_rows(results.get(c["dir"], []))
        warn = " — reading them one by one makes this set tuned on" if s.get("tuned") is False else ""
        parts.append(f"<details class=\"failures\"><summary>Failures of {escape(c['config'])} "
                     f"on {escape(name)}{warn} "
                     f"({len(rows)})</summary>")
        parts.append(table(["question", "gold", "retrieved (top 3, ✓ = gold)", "cited", "why"], rows,
                           numeric_from=99) if rows else "<p>none</p>")
        parts.append("</details>")
    return "\n".join(parts)


def render_html(summary: Data, results: dict[str, list[Data]]) -> str:
    sets_rows = [[s["name"], s["n"], s["tuned_label"], s["why"]] for s in summary["sets"]]
    config_rows = [[c["name"], c["system"], c["description"],
                    "; ".join(f"{k}: {v}" for k, v in (c.get("facts") or {}).items())]
                   for c in summary["configs"]]
    peer_note = ""
    if any(c["peer"] for c in summary["cells"]):
        peer_note = ('<p class="note">The peer has no provision paths and no answer generator: its retrieval '
                     "is matched through quotes, and its answer is its top chunk quoted whole (one citation; "
                     "it never abstains). Grounding, unsupported sentences and invented references do not "
                     "apply to it (–). The last column is regqa ÷ peer: above 1 is better for quality "
                     "metrics, below 1 is faster for latency.</p>")
    nav = " · ".join(f'<a href="#set-{escape(s["name"])}">{escape(s["name"])}</a>' for s in summary["sets"])
    body = [f"<h1>Evaluation report</h1><p class=\"note\">Started {escape(summary['started_at'])}; "
            f"{summary['k']} passages retrieved per question. Sets: {nav}</p>",
            "<h2>Question sets</h2>",
            table(["set", "questions", "tuned on?", "why"], sets_rows, numeric_from=99),
            "<h2>Configurations</h2>", table(["configuration", "system", "what it is", "built"], config_rows,
                                             numeric_from=99),
            peer_note]
    body += [set_section(summary, s, results) for s in summary["sets"]]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>regqa evaluation report</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
