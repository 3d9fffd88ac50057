"""eval/bootstrap.py: the paired bootstrap over questions."""

from __future__ import annotations

import pytest

from eval.bootstrap import paired_bootstrap


def test_identical_runs_have_a_zero_interval():
    d = paired_bootstrap([1.0, 0.0, 1.0, 1.0], [1.0, 0.0, 1.0, 1.0], resamples=200)
    assert (d.delta, d.low, d.high, d.significant) == (0.0, 0.0, 0.0, False)


def test_a_clear_gain_is_significant_and_one_question_is_not():
    a = [0.0] * 30
    assert paired_bootstrap(a, [1.0] * 30, resamples=300).significant
    one = paired_bootstrap(a, [1.0] + [0.0] * 29, resamples=300)
    assert one.delta == pytest.approx(1 / 30)
    assert one.low == 0.0 and not one.significant


def test_questions_where_the_metric_does_not_apply_are_left_out():
    d = paired_bootstrap([None, 1.0, 0.0], [0.5, None, 1.0], resamples=100)
    assert d.a == pytest.approx(0.5) and d.b == pytest.approx(0.75) and d.n == 1


def test_seeded_and_checked():
    a, b = [0.0, 1.0, 0.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0, 1.0]
    assert paired_bootstrap(a, b, seed=3) == paired_bootstrap(a, b, seed=3)
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 0.0])
