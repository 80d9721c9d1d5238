"""check_gru_step (chapter 2): the reference passes, typical mistakes get their own hint."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.exercises import check_gru_step
from gru_lab.exercises.gru import MESSAGES


def sig(a):
    return 1 / (1 + np.exp(-a))


def reference(x_t, h_prev, p):
    z = sig(x_t @ p.W_z + h_prev @ p.U_z + p.b_z)
    r = sig(x_t @ p.W_r + h_prev @ p.U_r + p.b_r)
    h_tilde = np.tanh(x_t @ p.W_h + (r * h_prev) @ p.U_h + p.b_h)
    return (1 - z) * h_prev + z * h_tilde


def _step(**wrong):
    """The reference with one mistake switched on."""
    def step(x_t, h_prev, p):
        b = {k: (0 * getattr(p, k) if wrong.get("no_" + k) else getattr(p, k))
             for k in ("b_z", "b_r", "b_h")}
        z = sig(x_t @ p.W_z + h_prev @ p.U_z + b["b_z"])
        r = sig(x_t @ p.W_r + h_prev @ p.U_r + b["b_r"])
        if wrong.get("after"):
            h_tilde = np.tanh(x_t @ p.W_h + r * (h_prev @ p.U_h) + b["b_h"])
        elif wrong.get("no_reset"):
            h_tilde = np.tanh(x_t @ p.W_h + h_prev @ p.U_h + b["b_h"])
        else:
            h_tilde = np.tanh(x_t @ p.W_h + (r * h_prev) @ p.U_h + b["b_h"])
        if wrong.get("flip"):
            return z * h_prev + (1 - z) * h_tilde
        h = (1 - z) * h_prev + z * h_tilde
        if wrong.get("tuple"):
            return h, z, r, h_tilde
        if wrong.get("row"):
            return h[None, :]
        return h
    return step


def test_reference_passes(capsys):
    fb = check_gru_step(reference)
    assert fb and fb.passed
    assert "passed" in capsys.readouterr().out


def test_the_package_step_passes():
    assert check_gru_step(lambda x_t, h_prev, p: gl.gru_step(x_t, h_prev, p)[0], verbose=False)


@pytest.mark.parametrize("wrong, key", [
    ({"flip": True}, "keras_z"),
    ({"after": True}, "reset_after"),
    ({"no_reset": True}, "no_reset"),
    ({"tuple": True}, "returns_tuple"),
])
def test_typical_mistakes_get_their_hint(wrong, key):
    fb = check_gru_step(_step(**wrong), verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message
    assert "tried:" in fb.message and "expected:" in fb.message


@pytest.mark.parametrize("bias, words", [("b_z", "b_z"), ("b_r", "b_r"), ("b_h", "b_h")])
def test_missing_bias_is_named(bias, words):
    fb = check_gru_step(_step(**{"no_" + bias: True}), verbose=False)
    assert not fb
    assert "left out" in fb.message and words in fb.message


def test_wrong_shape():
    fb = check_gru_step(_step(row=True), verbose=False)
    assert not fb and "shape" in fb.message and "(2,)" in fb.message


def test_column_vector_habit_raises_with_a_shape_hint():
    def colvec(x_t, h_prev, p):   # W_z @ x_t: fails as soon as D != H
        z = sig(p.W_z @ x_t + p.U_z @ h_prev + p.b_z)
        return z
    fb = check_gru_step(colvec, verbose=False)
    assert not fb and fb.kind == "raised" and "vectors are rows" in fb.message


def test_feedback_never_shows_the_solution():
    for wrong in ({"flip": True}, {"after": True}, {"no_b_z": True}):
        fb = check_gru_step(_step(**wrong), verbose=False)
        assert "np.tanh" not in fb.message and "@" not in fb.message


def test_not_a_function():
    fb = check_gru_step(np.zeros(3), verbose=False)
    assert not fb and "expected a function" in fb.message
