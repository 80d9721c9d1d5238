"""The numbers chapter 5 ("The GRU in Keras") prints, recomputed by the same package functions.

The chapter calls ``gru_lab.compare.parity_report()`` with its defaults and prints the table;
this test runs the very same call and fails when gru_lab and Keras drift apart by more than
the book promises: forward ≤ 1e-5 (float32) and ≤ 1e-10 (float64), gradients ≤ 1e-4 relative
(float32). It also checks the parameter-count formulas against Keras itself, the budget
sizing, the timing helpers and the chapter's figures.
"""

import json
import os

import numpy as np
import pytest

import gru_lab as gl
import gru_lab.compare as cmp

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

pytestmark = pytest.mark.keras


@pytest.fixture(scope="module")
def report():
    return cmp.parity_report()          # exactly the chapter's call


def test_parity_report_within_the_books_tolerances(report):
    """The chapter's parity table: both variants × both precisions, all within tolerance."""
    assert len(report.rows) == 4        # both reset variants × float32, float64
    assert cmp.parity_failures(report) == []


@pytest.mark.parametrize("dtype,forward,gradient", [("float32", 1e-5, 1e-4),
                                                    ("float64", 1e-10, 1e-8)])
def test_parity_numbers_explicitly(report, dtype, forward, gradient):
    """Each number of the parity table against the tolerance the chapter states."""
    rows = [r for r in report.rows if r["dtype"] == dtype]
    assert {r["reset_after"] for r in rows} == {True, False}
    for r in rows:
        for key in ("outputs h_t", "final state", "z vs 1 − z_keras"):
            assert r[key] <= forward, (dtype, r["reset_after"], key, r[key])
        grads = {k: v for k, v in r.items() if k.startswith("grad")}
        assert set(grads) == {"grad kernel", "grad recurrent_kernel", "grad bias",
                              "grad input x"}
        for key, v in grads.items():
            assert v <= gradient, (dtype, r["reset_after"], key, v)


def test_parity_failures_reports_a_drift():
    """parity_failures can fail: a row above tolerance is reported."""
    bad = cmp.Table([{"reset_after": True, "dtype": "float32", "outputs h_t": 1e-3,
                      "grad kernel": 1e-6}])
    assert len(cmp.parity_failures(bad)) == 1


def test_keras_update_gate_is_one_minus_ours():
    """compare.keras_update_gate (Keras's own z, the chapter's figure) is 1 − the book's z."""
    case = cmp.parity_case(True, "float64", gradients=False)
    np.testing.assert_allclose(case["_trace"].z, 1.0 - case["_z_keras"], atol=1e-12)


@pytest.mark.parametrize("cell", cmp.CELLS)
@pytest.mark.parametrize("D,H", [(300, 128), (32, 66), (8, 5)])
def test_param_count_matches_keras(cell, D, H):
    """keras_param_count's formulas equal Keras's count_params() for all three cells."""
    layer = {"gru": keras.layers.GRU, "lstm": keras.layers.LSTM,
             "simple_rnn": keras.layers.SimpleRNN}[cell](H)
    layer.build((None, None, D))
    assert cmp.keras_param_count(D, H, cell) == layer.count_params()


def test_gru_count_without_reset_after_matches_keras():
    """The reset-before GRU count, and gru_lab's 2H fewer with reset_after."""
    layer = keras.layers.GRU(7, reset_after=False)
    layer.build((None, None, 4))
    assert cmp.keras_param_count(4, 7, "gru", reset_after=False) == layer.count_params()
    # and gru_lab holds 2H fewer than Keras with reset_after=True
    layer = keras.layers.GRU(7)
    layer.build((None, None, 4))
    assert layer.count_params() - gl.from_keras(layer).num_parameters() == 2 * 7


@pytest.mark.parametrize("cell", cmp.CELLS)
@pytest.mark.parametrize("budget,D", [(20_000, 32), (3000, 8), (165_000, 300)])
def test_units_for_budget_is_the_closest(budget, D, cell):
    """The chapter's equal-budget sizes: no other unit count is closer to the budget."""
    H = cmp.units_for_budget(budget, D, cell, num_classes=2)

    def total(h):
        return cmp.keras_param_count(D, h, cell) + 2 * h + 2

    assert abs(total(H) - budget) <= abs(total(H - 1) - budget)
    assert abs(total(H) - budget) <= abs(total(H + 1) - budget)
    assert abs(total(H) / budget - 1) < 0.05          # "within a few %"


def test_bad_arguments_are_explained():
    """An unknown cell or a budget below 1 is refused with a message."""
    with pytest.raises(ValueError, match="cell must be one of"):
        cmp.keras_param_count(3, 4, "transformer")
    with pytest.raises(ValueError, match="budget"):
        cmp.units_for_budget(0, 3)


def test_projection_once_equals_per_step():
    """The chapter's two projections give the same numbers; the timing helper runs."""
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(3, 5, 4)), rng.normal(size=(4, 6)), rng.normal(size=6)
    np.testing.assert_allclose(cmp.project_once(x, W, b), cmp.project_per_step(x, W, b),
                               atol=1e-12)
    t = cmp.projection_timing(batch=2, steps=3, input_size=4, hidden_size=2, repeat=1)
    assert t["max_abs_diff"] < 1e-5 and t["speedup"] > 0


def test_speed_report_runs_small():
    """speed_report (the chapter's speed table) runs and renders, on a tiny problem."""
    table = cmp.speed_report(batch=2, steps=3, input_size=4, hidden_size=3, repeat=1)
    assert [r["implementation"] for r in table.rows] == [
        "gru_lab (numpy)", "Keras, eager", "Keras, tf.function"]
    assert all(r["forward (ms)"] > 0 and r["forward + backward (ms)"] > 0 for r in table.rows)
    assert "<table>" in table._repr_html_() and "gru_lab (numpy)" in str(table)


def test_load_benchmark_and_gpu_table(tmp_path):
    """A missing GPU result is None (the book needs no GPU); a saved one becomes a table."""
    assert cmp.load_benchmark(tmp_path / "missing.json") is None
    data = {"date": "2026-01-01", "gpu": "Some GPU",
            "shape": {"B": 32, "T": 100, "D": 300, "H": 128, "dtype": "float32"},
            "rows": [{"device": "cuda", "reset_after": True, "path": "cuDNN",
                      "forward_ms": 1.0, "forward_backward_ms": 2.0}]}
    path = tmp_path / "gpu.json"
    path.write_text(json.dumps(data))
    table = cmp.gpu_table(cmp.load_benchmark(path))
    assert "Some GPU" in table.caption and table.rows[0]["path"] == "cuDNN"


def test_set_remember_bias():
    """The remember bias sets Keras's z bias (GRU, the book's b_z = −value) or the LSTM's
    forget bias, and refuses a SimpleRNN, which has no gate."""
    gru = keras.layers.GRU(3)
    gru.build((None, None, 2))
    cmp.set_remember_bias(gru, 3.0)
    b = gru.get_weights()[2]
    np.testing.assert_array_equal(b[0, :3], 3.0)
    np.testing.assert_array_equal(b[1, :3], 0.0)
    np.testing.assert_allclose(gl.from_keras(gru).b_z, -3.0)   # the book's b_z = −value
    lstm = keras.layers.LSTM(3)
    lstm.build((None, None, 2))
    cmp.set_remember_bias(lstm, 2.0)
    np.testing.assert_array_equal(lstm.get_weights()[2][3:6], 2.0)
    rnn = keras.layers.SimpleRNN(3)
    rnn.build((None, None, 2))
    with pytest.raises(ValueError, match="no gate"):
        cmp.set_remember_bias(rnn, 1.0)


def test_compare_cells_tiny():
    """compare_cells trains one model per cell near the budget and records its history."""
    from gru_lab.tasks import delayed_recall

    x, y = delayed_recall(32, 4, num_symbols=2, seed=0)
    results = cmp.compare_cells((x, y, x, y, x, y), budget=200, num_classes=2, epochs=1,
                                batch_size=16, input_size=x.shape[-1])
    assert [r.cell for r in results] == list(cmp.CELLS)
    for r in results:
        assert abs(r.params / 200 - 1) < 0.25
        assert len(r.batch_loss) == 2 and len(r.history["val_accuracy"]) == 1
    table = cmp.results_table(results)
    assert len(table.rows) == 3


def test_explorer_encoder_keeps_the_page_small():
    """explorer_encoder keeps the frequent words and the page's own, maps the rest to unk."""
    tokens = ["<pad>", "<unk>"] + [f"w{i}" for i in range(50)] + ["rare"]
    E = np.arange(len(tokens) * 2, dtype=float).reshape(-1, 2)
    enc = cmp.explorer_encoder(tokens, E, keep=10, texts=["w1 rare zzz"])
    assert "rare" in enc.vocab and "w40" not in enc.vocab and "<unk>" in enc.vocab
    x, toks = enc("w1 rare zzz")
    np.testing.assert_array_equal(x[1], E[tokens.index("rare")])
    np.testing.assert_array_equal(x[2], E[1])         # unknown → <unk>'s vector


def test_figures(tmp_path):
    """The chapter's three figures draw from the package's results; bad sizes are refused."""
    import matplotlib

    matplotlib.use("agg")
    from gru_lab.plots import keras as kplots

    case = cmp.parity_case(True, "float32", gradients=False)
    fig = kplots.z_parity(case["_trace"].z, case["_z_keras"])
    fig.savefig(tmp_path / "z.png")
    table = cmp.Table([{"implementation": n, "forward (ms)": f, "forward + backward (ms)": b}
                       for n, f, b in (("a", 1.0, 3.0), ("b", 10.0, 30.0))])
    kplots.speed_bars(table).savefig(tmp_path / "speed.png")
    res = [cmp.CellResult("gru", "GRU", 4, 100, {"val_accuracy": [0.5, 0.7]}, [1.0, 0.8, 0.6],
                          1.0, 0.7)]
    kplots.learning_curves(res, chance=0.5).savefig(tmp_path / "curves.png")
    with pytest.raises(ValueError, match="same size"):
        kplots.z_parity(np.zeros(3), np.zeros(4))
