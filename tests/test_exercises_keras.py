"""check_keras_gru_params (chapter 5): the reference passes, typical mistakes get their hint."""

import pytest

from gru_lab.compare import keras_param_count
from gru_lab.exercises import check_keras_gru_params
from gru_lab.exercises.keras import MESSAGES


def reference(D, H, reset_after):
    return 3 * H * (D + H) + (6 * H if reset_after else 3 * H)


def two_blocks(D, H, reset_after):
    return 2 * H * (D + H) + (4 * H if reset_after else 2 * H)


def no_bias(D, H, reset_after):
    return 3 * H * (D + H)


def one_row(D, H, reset_after):
    return 3 * H * (D + H) + 3 * H


def two_rows(D, H, reset_after):
    return 3 * H * (D + H) + 6 * H


def book_count(D, H, reset_after):
    return 3 * H * (D + H) + (4 * H if reset_after else 3 * H)


@pytest.mark.parametrize("answer", [
    reference,
    lambda D, H, ra: keras_param_count(D, H, "gru", reset_after=ra),
], ids=["3H(D+H)+6H-or-3H", "gru_lab.compare.keras_param_count"])
def test_right_answers_pass(answer):
    """The chapter's formula passes, and so does the package's count (which
    tests/test_keras_chapter.py compares with Keras's count_params)."""
    assert check_keras_gru_params(answer, verbose=False)


@pytest.mark.parametrize("wrong, key", [
    (two_blocks, "hint_two_blocks"),
    (no_bias, "hint_no_bias"),
    (one_row, "hint_one_row"),
    (two_rows, "hint_two_rows"),
    (book_count, "hint_book"),
], ids=lambda v: v.__name__ if callable(v) else v)
def test_typical_mistakes_get_their_hint(wrong, key):
    """Each typical miscount gets its own hint."""
    fb = check_keras_gru_params(wrong, verbose=False)
    assert not fb and fb.hint == MESSAGES[key]


def test_float_result_gets_a_hint_not_a_crash():
    """A result that is not a whole number gets a hint, and the check does not crash."""
    fb = check_keras_gru_params(lambda D, H, ra: "many", verbose=False)
    assert not fb and "whole number" in fb.hint
