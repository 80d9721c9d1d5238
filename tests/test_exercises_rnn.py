"""check_rnn_step (chapter 1): the reference passes, typical mistakes get their own hint."""

import numpy as np
import pytest

from gru_lab.exercises import check_rnn_step
from gru_lab.exercises.rnn import MESSAGES
from gru_lab.rnn import RNNParams, rnn_forward


def reference(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W + h_prev @ U + b)


def test_reference_passes(capsys):
    fb = check_rnn_step(reference)
    assert fb and fb.passed
    assert "passed" in capsys.readouterr().out


def test_agrees_with_rnn_forward():
    # One step of the package's forward pass is a correct answer too.
    def via_package(x_t, h_prev, W, U, b):
        p = RNNParams(W=W, U=U, b=b)
        x = np.asarray(x_t)
        if x.ndim == 1:
            return rnn_forward(x[None], p, h0=h_prev).h_last
        return rnn_forward(x[:, None], p, h0=h_prev).h_last

    assert check_rnn_step(via_package, verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (lambda x, h, W, U, b: np.tanh(x @ W + h @ U), "hint_bias"),
    (lambda x, h, W, U, b: np.tanh(x @ U + h @ W + b), "hint_swapped"),
    (lambda x, h, W, U, b: np.tanh(W @ x + U @ h + b), "hint_transposed"),
    (lambda x, h, W, U, b: 1 / (1 + np.exp(-(x @ W + h @ U + b))), "hint_sigmoid"),
    (lambda x, h, W, U, b: x @ W + h @ U + b, "hint_no_activation"),
    # Column-vector habit that happens to work for one sequence, but not for a batch.
    (lambda x, h, W, U, b: np.tanh(W.T @ x + U.T @ h + b), "hint_batch"),
])
def test_typical_mistakes_get_their_hint(wrong, key):
    fb = check_rnn_step(wrong, verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message
    assert "tried:" in fb.message


def test_feedback_never_shows_the_solution():
    fb = check_rnn_step(lambda x, h, W, U, b: np.tanh(x @ W + h @ U), verbose=False)
    assert "np.tanh" not in fb.message and "@" not in fb.message


def test_not_a_function():
    fb = check_rnn_step(np.zeros(3), verbose=False)
    assert not fb and "expected a function" in fb.message
