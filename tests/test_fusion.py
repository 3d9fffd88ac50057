import pytest

from search.fusion import first_kept, ranking_firsts, reciprocal_rank_fusion


def reference_rrf(rankings, k):
    """Straight from the definition (Cormack et al. 2009)."""
    docs = {d for r in rankings for d in r}
    return {d: sum(1 / (k + r.index(d) + 1) for r in rankings if d in r) for d in docs}


def test_matches_reference_definition():
    rankings = [[3, 1, 2], [1, 4], [2, 3, 1, 5]]
    fused = dict(reciprocal_rank_fusion(rankings, k=60))
    ref = reference_rrf(rankings, 60)
    assert fused.keys() == ref.keys()
    for d in ref:
        assert fused[d] == pytest.approx(ref[d])


def test_order_best_first_and_agreement_wins():
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 1, 3]], k=1)
    assert [d for d, _ in fused][:2] in ([1, 2], [2, 1])
    assert fused[-1][0] == 3


def test_weights_and_validation():
    fused = reciprocal_rank_fusion([[1], [2]], k=60, weights=[1.0, 2.0])
    assert fused[0][0] == 2
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1]], weights=[1.0, 2.0])


def test_ranking_firsts_names_every_ranking_that_puts_an_id_first():
    firsts = ranking_firsts({"dense": [7, 1], "bm25": [7, 2], "empty": [], "other": [3, 9]})
    assert firsts == {7: ("dense", "bm25"), 3: ("other",)}
    assert ranking_firsts({"dense": [1], "bm25": [2]}) == {1: ("dense",), 2: ("bm25",)}
    assert ranking_firsts({}) == {}


def test_a_ranking_added_below_the_first_reorders_the_rest_but_keeps_the_first():
    own = [["a", "b", "c"], ["a", "c", "b"]]
    extra = ["c", "b", "a"]
    base = dict(reciprocal_rank_fusion(own))
    full = dict(reciprocal_rank_fusion([*own, extra, extra, extra], weights=[1, 1, 1, 1, 1]))
    assert max(full, key=full.get) == "c", "the added ranking alone would choose the first"
    kept = first_kept(full, base)
    assert sorted(kept, key=lambda k: -kept[k]) == ["a", "c", "b"]
    assert kept["c"] == full["c"] and kept["b"] == full["b"], "the rest keep the added ranking's order"
    assert first_kept(full, {}) == full
