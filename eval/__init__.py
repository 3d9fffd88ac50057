"""Benchmark evaluation: load question sets, run a pipeline over them, score and report.

`eval.benchmark` reads the JSON Lines format of ../shared/benchmarks/FORMAT.md,
`eval.scoring` holds the pure scoring functions, and `eval.runner` drives a pipeline
(anything with ``ask_with_hits(question, k) -> (Answer, list[Hit])``) and writes
metrics.json, results.jsonl and report.md.
"""
