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


# ---------------------------------------------------------------- gate ablation predictions

from gru_lab.exercises import check_sentiment_ablation, check_textgen_ablation  # noqa: E402

#: Results shaped as gru_lab.apps.char_gate_ablation / sentiment_gate_ablation return them.
TEXTGEN = {"—": {"perplexity": 6.1, "look_back": 7}, "z = 0": {"perplexity": 59.1, "look_back": 0},
           "z = 0.5": {"perplexity": 12.9, "look_back": 5},
           "z = 1": {"perplexity": 13.5, "look_back": 4},
           "r = 1": {"perplexity": 14.1, "look_back": 11}}
SENTIMENT = {"—": {"accuracy": 0.770}, "z = 0": {"accuracy": 0.491},
             "z = 0.5": {"accuracy": 0.763}, "z = 1": {"accuracy": 0.727},
             "r = 1": {"accuracy": 0.676}}


def test_textgen_ablation_right_prediction_passes():
    """A prediction that names the most harmful clamp and the one that looks further passes,
    and the feedback quotes the measured numbers."""
    fb = check_textgen_ablation({"hurts_most": "r = 1", "looks_further": "r = 1"}, TEXTGEN,
                                verbose=False)
    assert fb and "14.10" in fb.message and "11 steps" in fb.message


def test_textgen_ablation_wrong_prediction_says_what_happened_and_why():
    """Predicting z = 1 when r = 1 hurts most fails with the measured perplexities and the
    hint about the reset gate; 'none' when r = 1 looks further gets the connectivity hint."""
    fb = check_textgen_ablation({"hurts_most": "z = 1", "looks_further": "none"}, TEXTGEN,
                                verbose=False)
    assert not fb and fb.kind == "values" and fb.case == 1
    assert "most harmful" in fb.message and "is r = 1" in fb.message
    assert MESSAGES["why_r_one"] in fb.hint and MESSAGES["why_further"] in fb.hint


def test_textgen_ablation_none_is_right_when_no_clamp_looks_further():
    """When no clamp lengthens the look-back, 'none' is the right answer."""
    results = {**TEXTGEN, "r = 1": {"perplexity": 14.1, "look_back": 3}}
    fb = check_textgen_ablation({"hurts_most": "r = 1", "looks_further": "none"}, results,
                                verbose=False)
    assert fb, fb.message


@pytest.mark.parametrize("prediction, kind, fragment", [
    (None, "none", "write your prediction first"),
    ("r = 1", "type", "write your prediction first"),
    ({"looks_further": "none"}, "type", "has no 'hurts_most'"),
    ({"hurts_most": None, "looks_further": "none"}, "none", "still None"),
    ({"hurts_most": "z=1", "looks_further": "none"}, "values", "must be one of 'z = 0.5'"),
    ({"hurts_most": "z = 0", "looks_further": "none"}, "values", "must be one of"),
], ids=["nothing", "a-string", "missing-key", "not-filled", "misspelt", "not-a-choice"])
def test_textgen_ablation_unusable_prediction_says_how_to_write_it(prediction, kind, fragment):
    """A missing, unfilled or misspelt prediction is refused with what to write."""
    fb = check_textgen_ablation(prediction, TEXTGEN, verbose=False)
    assert not fb and fb.kind == kind and fragment in fb.message


def test_sentiment_ablation_close_guess_passes_and_far_guess_fails():
    """Points lost at z = 0.5 within 3 of the measured loss count as right; 10 points when
    0.7 were lost fails with both numbers and the hint about what z = 0.5 keeps."""
    assert check_sentiment_ablation({"hurts_most": "r = 1", "points_lost_z_half": 2},
                                    SENTIMENT, verbose=False)
    fb = check_sentiment_ablation({"hurts_most": "r = 1", "points_lost_z_half": 10},
                                  SENTIMENT, verbose=False)
    assert not fb and fb.case == 2 and "10.0" in fb.message and "0.7" in fb.message
    assert fb.hint == MESSAGES["why_points"]


def test_sentiment_ablation_wrong_clamp_and_bad_number():
    """Naming z = 1 when r = 1 costs most fails with the accuracies; a number given as text
    is refused, naming the key."""
    fb = check_sentiment_ablation({"hurts_most": "z = 1", "points_lost_z_half": 1}, SENTIMENT,
                                  verbose=False)
    assert not fb and "67.6%" in fb.message and fb.hint == MESSAGES["why_r_one"]
    fb = check_sentiment_ablation({"hurts_most": "z = 1", "points_lost_z_half": "5"},
                                  SENTIMENT, verbose=False)
    assert not fb and fb.kind == "type" and "points_lost_z_half" in fb.message


def test_ablation_check_with_broken_results_blames_the_book():
    """Results without the clamps (a bug in the page, not the reader's) say so."""
    fb = check_sentiment_ablation({"hurts_most": "z = 1", "points_lost_z_half": 1}, {},
                                  verbose=False)
    assert not fb and fb.kind == "check_raised" and "bug in the book" in fb.message
