"""Stacked and bidirectional GRUs in gru_lab equal Keras's (chapter 5): the stack of
``GRU(return_sequences=True)`` layers and ``Bidirectional(GRU(...), merge_mode=...)``, read
with ``gl.deep_from_keras``, forward and gradients, with the page's function."""

import os

import numpy as np
import pytest

import gru_lab as gl

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")
cmp = pytest.importorskip("gru_lab.compare")

pytestmark = pytest.mark.keras


@pytest.mark.parametrize("bidirectional, merge_mode, reset_after", [
    (False, "concat", True), (False, "concat", False), (True, "concat", True),
    (True, "sum", True), (True, "concat", False)])
def test_stack_forward_matches_keras(bidirectional, merge_mode, reset_after):
    """Protects deep_from_keras + deep_gru_forward: a 3-layer Keras stack (random weights and
    biases, float64) gives the same output sequence to 1e-10, in both reset variants."""
    model = cmp.keras_gru_stack(3, 5, 3, bidirectional=bidirectional, merge_mode=merge_mode,
                                reset_after=reset_after, seed=11)
    params = gl.deep_from_keras(model)
    assert params.num_layers == 3 and params.bidirectional == bidirectional
    x = np.random.default_rng(0).normal(size=(2, 8, 3))
    y_keras = np.asarray(model(x))
    y_ours = gl.deep_gru_forward(x, params).output
    assert y_ours.shape == y_keras.shape == (2, 8, 10 if bidirectional and merge_mode ==
                                             "concat" else 5)
    assert np.max(np.abs(y_ours - y_keras)) <= 1e-10


@pytest.mark.parametrize("L, bidirectional, merge_mode", [
    (1, False, "concat"), (3, False, "concat"), (2, True, "concat"), (3, True, "sum")])
def test_stack_param_count_is_keras_count(L, bidirectional, merge_mode):
    """Protects cmp.keras_stack_param_count (the reference of the exercise check
    check_stack_params): it equals Keras's count_params() of the same stack."""
    model = cmp.keras_gru_stack(5, 4, L, bidirectional=bidirectional, merge_mode=merge_mode)
    assert model.count_params() == cmp.keras_stack_param_count(
        5, 4, L, bidirectional=bidirectional, merge_mode=merge_mode)


def test_page_report_passes_its_tolerances():
    """Protects the page's parity table (chapter 5): outputs to 1e-10, gradients of the input
    and of every Keras weight to a relative 1e-8 in float64, for all three stacks."""
    report = cmp.deep_parity_report()
    assert len(report.rows) == 3
    for row in report.rows:
        assert row["max |y_ours − y_keras|"] <= 1e-10, row
        assert row["grad x (rel. error)"] <= 1e-8, row
        assert row["grad weights (max rel. error)"] <= 1e-8, row


def test_bad_keras_stacks_are_refused_with_names():
    """Protects deep_from_keras's messages: a mix of GRU and Bidirectional layers, a merge
    mode gru_lab does not have, and another kind of layer are each named."""
    gru = keras.layers.GRU(2, return_sequences=True)
    bi = keras.layers.Bidirectional(keras.layers.GRU(2, return_sequences=True))
    gru.build((None, None, 3))
    bi.build((None, None, 2))
    with pytest.raises(ValueError, match=r"^layers must be all GRU or all Bidirectional"):
        gl.deep_from_keras([gru, bi])
    mul = keras.layers.Bidirectional(keras.layers.GRU(2, return_sequences=True),
                                     merge_mode="mul")
    mul.build((None, None, 3))
    with pytest.raises(ValueError, match=r"^merge_mode must be one of \('concat', 'sum'\); "
                                         r"got 'mul'"):
        gl.deep_from_keras([mul])
    dense = keras.layers.Dense(2)
    with pytest.raises(ValueError, match=r"^layers\[0\] must be a keras.layers.GRU .*got Dense"):
        gl.deep_from_keras([dense])
