"""The golden recordings, one per kind of machine (eval/golden.py): a run agrees when it reproduces
one of them exactly; the closest is named when none is."""

from __future__ import annotations

import pytest

from eval.golden import (
    check,
    closest_recording,
    diff_golden,
    machine_label,
    recordings,
    this_machine,
    verdict,
    write_golden,
)


def _record(retrieved: list[str], answer: str = "a") -> dict:
    return {"answer_sha256": answer, "abstained": False, "citations": [["law", retrieved[0], "en"]],
            "retrieved": [["law", r, "en"] for r in retrieved]}


def test_a_run_agrees_with_whichever_recording_it_reproduces(tmp_path):
    first = {"set/q1": _record(["art-1", "art-2"]), "set/q2": _record(["art-3", "art-4"])}
    other = {"set/q1": _record(["art-1", "art-2"]), "set/q2": _record(["art-3", "art-5"])}
    write_golden(first, tmp_path / "answers.intel-xeon.json")
    write_golden(other, tmp_path / "answers.amd-epyc.json")
    (tmp_path / "notes.json").write_text("{}")
    paths = recordings(tmp_path)
    assert [p.name for p in paths] == ["answers.amd-epyc.json", "answers.intel-xeon.json"]
    assert closest_recording(first, paths) == (tmp_path / "answers.intel-xeon.json", [])
    assert closest_recording(other, paths) == (tmp_path / "answers.amd-epyc.json", [])
    # on an AMD machine, reproducing the Intel machine's recording is agreement too
    assert verdict(first, paths, tmp_path / "answers.amd-epyc.json") == (
        True, tmp_path / "answers.intel-xeon.json", [])


def test_a_run_reproducing_none_names_the_closest_and_how_it_differs(tmp_path):
    write_golden({"set/q1": _record(["art-1"]), "set/q2": _record(["art-3"])}, tmp_path / "answers.a.json")
    write_golden({"set/q1": _record(["art-9"]), "set/q2": _record(["art-9"])}, tmp_path / "answers.x.json")
    changed = {"set/q1": _record(["art-1"]), "set/q2": _record(["art-3"], answer="b")}
    path, differences = closest_recording(changed, recordings(tmp_path))
    assert path.name == "answers.a.json"
    assert differences == ["set/q2: answer_sha256 differ"]
    assert diff_golden({"set/q1": _record(["art-1"])}, {}) == ["set/q1: missing"]


def test_reproducing_none_fails_on_a_recorded_kind_of_machine_and_has_no_verdict_on_another(tmp_path):
    write_golden({"set/q1": _record(["art-1"])}, tmp_path / "answers.a.json")
    changed = {"set/q1": _record(["art-2"])}
    paths = recordings(tmp_path)
    assert verdict(changed, paths, tmp_path / "answers.a.json") == (
        False, tmp_path / "answers.a.json", ["set/q1: citations, retrieved differ"])
    agrees, path, differences = verdict(changed, paths, tmp_path / "answers.b.json")
    assert agrees is None and path.name == "answers.a.json" and len(differences) == 1


def test_no_recording_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="regqa eval golden write"):
        closest_recording({}, recordings(tmp_path))


def test_the_machine_label_is_a_file_name_from_the_cpu_model():
    cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9B14 96-Core Processor\n"
    assert machine_label(cpuinfo) == "amd-epyc-9b14-96-core"
    assert machine_label("model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz\n") == \
        "intel-xeon-platinum-8481c-2-70ghz"
    assert machine_label("") == "cpu"


def test_the_command_names_a_missing_benchmarks_folder(tmp_path):
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["eval", "golden", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no dev.jsonl in" in result.output and "regqa eval golden [write|add]" in result.output


def test_check_reads_this_machine_s_recording_by_its_label(tmp_path):
    write_golden({"set/q1": _record(["art-1"])}, tmp_path / f"answers.{this_machine()}.json")
    assert check({"set/q1": _record(["art-1"])}, tmp_path)[0] is True
    assert check({"set/q1": _record(["art-2"])}, tmp_path)[0] is False
