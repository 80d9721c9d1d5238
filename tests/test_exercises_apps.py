"""The applications part's exercise checks: the reference passes, typical mistakes get their
specific hint."""

from __future__ import annotations

import numpy as np

from gru_lab import sigmoid
from gru_lab.exercises import check_running_positive, check_step_nll
from gru_lab.exercises.apps import MESSAGES


def test_running_positive_reference_passes():
    assert check_running_positive(lambda h, v, c: sigmoid(h @ v + c), verbose=False)


def test_running_positive_typical_mistakes():
    fb = check_running_positive(lambda h, v, c: sigmoid(h[-1] @ v + c), verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_rp_last"]
    fb = check_running_positive(lambda h, v, c: h @ v + c, verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_rp_logit"]
    fb = check_running_positive(lambda h, v, c: sigmoid(h @ v), verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_rp_no_c"]


def _nll(y_hat, y):
    return -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)).sum()


def test_step_nll_reference_passes():
    assert check_step_nll(_nll, verbose=False)


def test_step_nll_typical_mistakes():
    fb = check_step_nll(lambda y_hat, y: _nll(y_hat, y) / len(y), verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_nll_mean"]
    fb = check_step_nll(lambda y_hat, y: -(y * np.log(y_hat)).sum(), verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_nll_only_on"]
    fb = check_step_nll(lambda y_hat, y: -_nll(y_hat, y), verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_nll_sign"]
