"""The applications part's exercise checks: the reference passes, typical mistakes get their
specific hint."""

from __future__ import annotations

import numpy as np
import pytest

from gru_lab import sigmoid
from gru_lab.exercises import check_running_positive, check_step_nll
from gru_lab.exercises.apps import MESSAGES


def test_running_positive_reference_passes():
    """σ(h_t · v + c) for every row of h passes."""
    assert check_running_positive(lambda h, v, c: sigmoid(h @ v + c), verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (lambda h, v, c: sigmoid(h[-1] @ v + c), "hint_rp_last"),
    (lambda h, v, c: h @ v + c, "hint_rp_logit"),
    (lambda h, v, c: sigmoid(h @ v), "hint_rp_no_c"),
], ids=["last-word-only", "no-sigmoid", "no-bias"])
def test_running_positive_typical_mistakes(wrong, key):
    """Each typical mistake in P(positive) after every word gets its own hint."""
    fb = check_running_positive(wrong, verbose=False)
    assert not fb and fb.hint == MESSAGES[key]


def _nll(y_hat, y):
    return -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)).sum()


def test_step_nll_reference_passes():
    """The binary cross-entropy summed over the keys passes."""
    assert check_step_nll(_nll, verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (lambda y_hat, y: _nll(y_hat, y) / len(y), "hint_nll_mean"),
    (lambda y_hat, y: -(y * np.log(y_hat)).sum(), "hint_nll_only_on"),
    (lambda y_hat, y: -_nll(y_hat, y), "hint_nll_sign"),
], ids=["mean-over-keys", "sounding-keys-only", "no-minus-sign"])
def test_step_nll_typical_mistakes(wrong, key):
    """Each typical mistake in one step's NLL gets its own hint."""
    fb = check_step_nll(wrong, verbose=False)
    assert not fb and fb.hint == MESSAGES[key]
