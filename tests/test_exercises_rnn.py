"""check_rnn_step (chapter 1): the reference passes, typical mistakes get their own hint."""

import numpy as np
import pytest

from gru_lab.exercises import check_rnn_step
from gru_lab.exercises.rnn import MESSAGES
from gru_lab.rnn import RNNParams, rnn_forward


def reference(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W + h_prev @ U + b)


def test_reference_passes(capsys):
    """The equation h_t = tanh(x_t W + h_{t-1} U + b) passes, and the student reads so."""
    fb = check_rnn_step(reference)
    assert fb and fb.passed
    assert "passed" in capsys.readouterr().out


def test_agrees_with_rnn_forward():
    """One step of the package's rnn_forward is a right answer too: the check and the
    package agree on the RNN step."""
    def via_package(x_t, h_prev, W, U, b):
        p = RNNParams(W=W, U=U, b=b)
        x = np.asarray(x_t)
        if x.ndim == 1:
            return rnn_forward(x[None], p, h0=h_prev).h_last
        return rnn_forward(x[:, None], p, h0=h_prev).h_last

    assert check_rnn_step(via_package, verbose=False)


MISTAKES = [
    (lambda x, h, W, U, b: np.tanh(x @ W + h @ U), "hint_bias"),
    (lambda x, h, W, U, b: np.tanh(x @ U + h @ W + b), "hint_swapped"),
    (lambda x, h, W, U, b: np.tanh(W @ x + U @ h + b), "hint_transposed"),
    (lambda x, h, W, U, b: 1 / (1 + np.exp(-(x @ W + h @ U + b))), "hint_sigmoid"),
    (lambda x, h, W, U, b: x @ W + h @ U + b, "hint_no_activation"),
    # Column-vector habit that happens to work for one sequence, but not for a batch.
    (lambda x, h, W, U, b: np.tanh(W.T @ x + U.T @ h + b), "hint_batch"),
]
MISTAKE_IDS = ["no-bias", "W-U-swapped", "column-vectors", "sigmoid", "no-tanh",
               "one-sequence-only"]


@pytest.mark.parametrize("wrong, key", MISTAKES, ids=MISTAKE_IDS)
def test_typical_mistakes_get_their_hint(wrong, key):
    """Each typical mistake gets its own hint, with the input that was tried."""
    fb = check_rnn_step(wrong, verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message
    assert "tried:" in fb.message


@pytest.mark.parametrize("wrong", [w for w, _ in MISTAKES], ids=MISTAKE_IDS)
def test_feedback_never_shows_the_solution(wrong):
    """No hint gives away the code: no numpy call and no matrix product in any message."""
    fb = check_rnn_step(wrong, verbose=False)
    assert not fb
    assert "np." not in fb.message and "@" not in fb.message


def test_not_a_function():
    """Passing an array instead of the function is explained."""
    fb = check_rnn_step(np.zeros(3), verbose=False)
    assert not fb and "expected a function" in fb.message
