"""Softmax, log-softmax, cross-entropy and sigmoid (chapter 3): stable and exact."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.activations import naive_softmax


def test_softmax_is_stable_where_the_naive_formula_overflows():
    logits = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(naive_softmax(logits)).any()
    p = gl.softmax(logits)
    np.testing.assert_allclose(p, gl.softmax(logits - 1000.0))
    assert p.sum() == pytest.approx(1.0)


def test_softmax_axis_and_temperature():
    a = np.random.default_rng(0).normal(size=(3, 4))
    np.testing.assert_allclose(gl.softmax(a, axis=0).sum(axis=0), 1.0)
    np.testing.assert_allclose(gl.softmax(a, temperature=2.0), gl.softmax(a / 2.0))
    cold = gl.softmax(a, temperature=1e-3)
    np.testing.assert_allclose(cold, np.eye(4)[a.argmax(axis=1)], atol=1e-12)
    np.testing.assert_allclose(np.exp(gl.log_softmax(a)), gl.softmax(a), atol=1e-15)


@pytest.mark.parametrize("temperature", [0, -1.0, float("nan")])
def test_bad_temperature(temperature):
    with pytest.raises(ValueError, match="temperature must be a number > 0"):
        gl.softmax([1.0, 2.0], temperature=temperature)


def test_cross_entropy_gradient_is_softmax_minus_onehot():
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(5, 4))
    targets = rng.integers(0, 4, size=5)
    loss, grad = gl.cross_entropy(logits, targets)
    expected = (gl.softmax(logits) - np.eye(4)[targets]) / 5
    np.testing.assert_allclose(grad, expected, atol=1e-15)
    assert loss == pytest.approx(-np.mean(gl.log_softmax(logits)[np.arange(5), targets]))
    res = gl.gradcheck(lambda: gl.cross_entropy(logits, targets)[0], {"logits": logits},
                       {"logits": grad})
    assert res.max_error < 1e-7
    # probabilities (one-hot) give the same result as indices
    loss2, grad2 = gl.cross_entropy(logits, np.eye(4)[targets])
    assert loss2 == pytest.approx(loss)
    np.testing.assert_allclose(grad2, grad)


def test_cross_entropy_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"targets must have shape logits.shape\[:-1\] = \(5,\)"):
        gl.cross_entropy(np.zeros((5, 4)), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"\[0, K\) with K = 4"):
        gl.cross_entropy(np.zeros((2, 4)), np.array([0, 4]))
    with pytest.raises(TypeError, match="targets must be integer class indices"):
        gl.cross_entropy(np.zeros((2, 4)), np.array([0.5, 1.5]))


def test_sigmoid_never_overflows():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = gl.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 0.5, 1.0])
    x = np.linspace(-20, 20, 101)
    np.testing.assert_allclose(gl.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-12, atol=1e-300)
