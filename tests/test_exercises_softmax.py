"""check_softmax and check_sigmoid (chapter 3): references pass, mistakes get their hint."""

import warnings

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.exercises import check_sigmoid, check_softmax
from gru_lab.exercises.softmax import MESSAGES


def softmax_ref(a, temperature=1.0):
    a = np.asarray(a, dtype=float) / temperature
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid_ref(a):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(a, dtype=float)))


@pytest.mark.parametrize("check, answer", [
    (check_softmax, softmax_ref),
    (check_softmax, lambda a, t=1.0: gl.softmax(a, temperature=t)),
    (check_sigmoid, sigmoid_ref),
    (check_sigmoid, gl.sigmoid),
    # 1 / (1 + e^(−a)) gives the right values (inf in the denominator gives 0): it passes.
    (check_sigmoid, lambda a: 1 / (1 + np.exp(-np.asarray(a, dtype=float)))),
], ids=["softmax-stable", "gl.softmax", "sigmoid-via-tanh", "gl.sigmoid", "sigmoid-textbook"])
def test_right_answers_pass(check, answer):
    """Every right answer passes: the stable references, the package's own functions and the
    textbook sigmoid formula (right values, though exp overflows to inf)."""
    assert check(answer, verbose=False)


def naive(a, t=1.0):
    e = np.exp(np.asarray(a, dtype=float) / t)
    return e / e.sum(axis=-1, keepdims=True)


def whole_array(a, t=1.0):
    a = np.asarray(a, dtype=float) / t
    e = np.exp(a - a.max())
    return e / e.sum()


def columns(a, t=1.0):
    a = np.asarray(a, dtype=float) / t
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def no_keepdims(a, t=1.0):
    a = np.asarray(a, dtype=float) / t
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1)


def no_temperature(a, t=1.0):
    return softmax_ref(a)


def times_temperature(a, t=1.0):
    return softmax_ref(np.asarray(a, dtype=float) * t)


def unnormalised(a, t=1.0):
    a = np.asarray(a, dtype=float) / t
    return np.exp(a - a.max(axis=-1, keepdims=True))


@pytest.mark.parametrize("wrong, key", [
    (naive, "hint_sm_overflow"),
    (whole_array, "hint_sm_axis"),
    (columns, "hint_sm_axis"),
    (no_keepdims, "hint_sm_axis"),
    (no_temperature, "hint_sm_no_temperature"),
    (times_temperature, "hint_sm_times_temperature"),
    (unnormalised, "hint_sm_not_normalised"),
], ids=lambda v: v.__name__ if callable(v) else v)
def test_softmax_mistakes_get_their_hint(wrong, key):
    """Each typical softmax mistake gets its own hint."""
    fb = check_softmax(wrong, verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message


def test_softmax_overflow_does_not_warn():
    """The naive softmax overflows inside the check: the student sees feedback, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not check_softmax(naive, verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (lambda a: np.exp(a) / (1 + np.exp(a)), "hint_sg_overflow"),
    (lambda a: 1 / (1 + np.exp(a)), "hint_sg_sign"),
    (np.tanh, "hint_sg_tanh"),
], ids=["ratio-overflows", "wrong-sign", "tanh"])
def test_sigmoid_mistakes_get_their_hint(wrong, key):
    """Each typical sigmoid mistake gets its own hint."""
    fb = check_sigmoid(wrong, verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message
