"""check_gru_state_update_backward, check_clip_grad_norm and check_first_step_reached
(chapter 4): the references pass, and typical wrong answers get their specific hint."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.exercises import (
    check_clip_grad_norm,
    check_first_step_reached,
    check_gru_state_update_backward,
    expect_fail,
    expect_pass,
)
from gru_lab.exercises.bptt import MESSAGES

# ---- the state update ------------------------------------------------------------------


def update_ref(dh, h_prev, z, h_tilde):
    return dh * (1 - z), dh * (h_tilde - h_prev), dh * z


def test_update_reference_passes():
    """The three partial derivatives of h_t = (1 − z) ⊙ h_prev + z ⊙ ĥ pass."""
    expect_pass(check_gru_state_update_backward, update_ref, verbose=False)


def test_update_agrees_with_gru_backward():
    """The exercise's answer is what gru_backward computes (one step, D = 1, H = 3): the
    chapter's exercise and the package's backward pass use the same rule."""
    p = gl.GRUParams.init(1, 3, seed=0)
    for U in (p.U_z, p.U_r, p.U_h):
        U[:] = 0.0  # then h_prev reaches h_t only through the update: dh0 = dh_prev
    x = np.random.default_rng(0).normal(size=(1, 1))
    h0 = np.array([0.3, -0.2, 0.5])
    tr = gl.gru_forward(x, p, h0=h0)
    dh = np.array([[1.0, -2.0, 0.5]])
    grads, _, dh0 = gl.gru_backward(tr, p, dh=dh)
    dh_prev, dz, dh_tilde = update_ref(dh[0], h0, tr.z[0], tr.h_tilde[0])
    np.testing.assert_allclose(dh0, dh_prev)
    # b_z's gradient is dz · σ'(a_z); b_h's is dh_tilde · tanh'(a_h)
    np.testing.assert_allclose(grads.b_z, dz * tr.z[0] * (1 - tr.z[0]))
    np.testing.assert_allclose(grads.b_h, dh_tilde * (1 - tr.h_tilde[0] ** 2))


UPDATE_MISTAKES = {
    "update_keras": lambda dh, hp, z, ht: (dh * z, dh * (hp - ht), dh * (1 - z)),
    "update_dz_sign": lambda dh, hp, z, ht: (dh * (1 - z), dh * (hp - ht), dh * z),
    "update_dz_missing": lambda dh, hp, z, ht: (dh * (1 - z), dh * ht, dh * z),
    "update_dh_prev_full": lambda dh, hp, z, ht: (dh, dh * (ht - hp), dh * z),
    "update_order": lambda dh, hp, z, ht: (dh * (1 - z), dh * z, dh * (ht - hp)),
    "update_not_tuple": lambda dh, hp, z, ht: dh * (1 - z),
}


@pytest.mark.parametrize("key", UPDATE_MISTAKES)
def test_update_mistakes_get_their_hint(key):
    """Each typical mistake in the state update's backward gets its own hint."""
    fb = expect_fail(check_gru_state_update_backward, UPDATE_MISTAKES[key], verbose=False)
    assert fb.hint == MESSAGES[key], fb.message
    assert "tried:" in fb.message


@pytest.mark.parametrize("wrong", [*UPDATE_MISTAKES.values(), lambda dh, hp, z, ht: (dh,) * 3],
                         ids=[*UPDATE_MISTAKES, "all-dh"])
def test_update_feedback_does_not_reveal_the_formula(wrong):
    """No feedback of the update check writes out the answer's code."""
    fb = expect_fail(check_gru_state_update_backward, wrong, verbose=False)
    for formula in ("dh * (1", "1 - z", "h_tilde - h_prev"):
        assert formula not in fb.message


# ---- clipping --------------------------------------------------------------------------


def clip_ref(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}


def clip_with_package(grads, max_norm):
    out = {k: np.array(g, dtype=float) for k, g in grads.items()}
    gl.clip_grad_norm(out, max_norm)
    return out


def per_array(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * (max_norm / n) if n > max_norm else g.copy()
    return out


def elementwise(grads, max_norm):
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}


def always_divide(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * (max_norm / norm) for k, g in grads.items()}


def sum_of_norms(grads, max_norm):
    norm = sum(np.linalg.norm(g) for g in grads.values())
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}


def in_place(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return grads


def returns_norm(grads, max_norm):
    return float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))


def squared_norm(grads, max_norm):
    norm = sum(np.sum(g ** 2) for g in grads.values())
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}


@pytest.mark.parametrize("answer", [clip_ref, clip_with_package],
                         ids=["global-norm", "gl.clip_grad_norm-on-a-copy"])
def test_clip_references_pass(answer):
    """Rescaling by max_norm / ‖g‖ when ‖g‖ > max_norm passes, and so does the package's
    clip_grad_norm applied to a copy."""
    expect_pass(check_clip_grad_norm, answer, verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (per_array, "clip_per_array"),
    (elementwise, "clip_elementwise"),
    (always_divide, "clip_always"),
    (sum_of_norms, "clip_sum_norms"),
    (squared_norm, "clip_squared"),
    (returns_norm, "clip_returns_norm"),
], ids=lambda v: v.__name__ if callable(v) else v)
def test_clip_mistakes_get_their_hint(wrong, key):
    """Each typical clipping mistake gets its own hint."""
    fb = expect_fail(check_clip_grad_norm, wrong, verbose=False)
    assert fb.hint == MESSAGES[key], fb.message


def test_clip_divide_by_zero_is_explained():
    """Dividing by a zero norm is explained as such, not as a generic wrong value."""
    def divide_unless_small(grads, max_norm):  # right for non-zero grads, NaN for zeros
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        scale = min(1.0, max_norm / norm)
        return {k: g * scale for k, g in grads.items()}

    fb = expect_fail(check_clip_grad_norm, divide_unless_small, "zero", verbose=False)
    assert fb.hint == MESSAGES["clip_always_zero"]


def test_clip_in_place_is_caught():
    """Clipping the caller's arrays in place is caught (the exercise wants new arrays)."""
    expect_fail(check_clip_grad_norm, in_place, "in place", kind="inplace", verbose=False)


def test_clip_wrong_keys():
    """A dict with other keys gets the hint that names the keys grads has."""
    fb = expect_fail(check_clip_grad_norm, lambda g, m: {"x": np.zeros(1)}, verbose=False)
    assert fb.hint.lower() == MESSAGES["clip_keys"].format(keys="'W', 'b'").lower(), fb.hint


# ---- truncated BPTT: the first step a loss reaches -------------------------------------


def reach_ref(t, k):
    return (t - 1) // k * k + 1


def test_reach_reference_passes_and_agrees_with_truncated_bptt():
    """The formula (t − 1) // k · k + 1 passes, and the check's expected answers are read off
    gl.truncated_bptt (the first input with a nonzero gradient), so the exercise and the
    package say the same."""
    from gru_lab.exercises.bptt import _REACH_CASES, _reach_from_library

    expect_pass(check_first_step_reached, reach_ref, verbose=False)
    for t, k in _REACH_CASES:
        assert _reach_from_library(t, k) == reach_ref(t, k)


REACH_MISTAKES = {
    "reach_sliding": lambda t, k: max(1, t - k + 1),
    "reach_k_back": lambda t, k: t - k,
    "reach_zero_based": lambda t, k: (t - 1) // k * k,
    "reach_at_boundary": lambda t, k: t // k * k + 1,
    "reach_full": lambda t, k: 1,
    "reach_own_step": lambda t, k: t,
}


@pytest.mark.parametrize("key", REACH_MISTAKES)
def test_reach_mistakes_get_their_hint(key):
    """Each typical mistake about truncated BPTT's windows gets its own hint, and the
    feedback says which call failed."""
    fb = expect_fail(check_first_step_reached, REACH_MISTAKES[key], "tried:", "windows of k",
                     kind="values", verbose=False)
    assert fb.hint == MESSAGES[key], fb.message


def test_reach_other_failures_get_a_useful_message():
    """A string, an exception, a forgotten return: the student is told what came back."""
    fb = expect_fail(check_first_step_reached, lambda t, k: str(reach_ref(t, k)), "whole number",
                     kind="type", verbose=False)
    assert fb.hint == MESSAGES["reach_not_int"].format(type="str")
    expect_fail(check_first_step_reached, lambda t, k: t // 0, "ZeroDivisionError",
                kind="raised", verbose=False)
    expect_fail(check_first_step_reached, lambda t, k: None, "return", kind="none",
                verbose=False)
    fb = expect_fail(check_first_step_reached, lambda t, k: reach_ref(t, k) + 2, kind="values",
                     verbose=False)
    assert fb.hint == MESSAGES["reach_hint"]     # an unrecognised answer gets the general hint


def test_reach_feedback_does_not_reveal_the_formula():
    """No hint writes out the answer's code."""
    for wrong in REACH_MISTAKES.values():
        fb = expect_fail(check_first_step_reached, wrong, verbose=False)
        assert "// k" not in fb.message and "(t - 1)" not in fb.message
