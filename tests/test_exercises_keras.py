"""check_keras_gru_params (chapter 5): the reference passes, typical mistakes get their hint."""

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


def book_count(D, H, reset_after):
    return 3 * H * (D + H) + (4 * H if reset_after else 3 * H)


def test_reference_passes():
    assert check_keras_gru_params(reference, verbose=False)


def test_package_formula_passes():
    from gru_lab.compare import keras_param_count

    assert check_keras_gru_params(lambda D, H, ra: keras_param_count(D, H, "gru", reset_after=ra),
                                  verbose=False)


def test_two_blocks_caught():
    fb = check_keras_gru_params(two_blocks, verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_two_blocks"]


def test_no_bias_caught():
    fb = check_keras_gru_params(no_bias, verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_no_bias"]


def test_one_bias_row_caught():
    fb = check_keras_gru_params(one_row, verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_one_row"]


def test_book_count_caught():
    fb = check_keras_gru_params(book_count, verbose=False)
    assert not fb and fb.hint == MESSAGES["hint_book"]


def test_float_result_gets_a_hint_not_a_crash():
    fb = check_keras_gru_params(lambda D, H, ra: "many", verbose=False)
    assert not fb and "whole number" in fb.hint
