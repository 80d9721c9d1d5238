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


# ---- check_nn_gru_shapes (chapter 5, PyTorch's nn.GRU) ---------------------------------------

from gru_lab.exercises import check_nn_gru_shapes, check_stack_params  # noqa: E402


def nn_gru_shapes(num_layers, bidirectional, B, T, H):
    d = 2 if bidirectional else 1
    return (B, T, d * H), (num_layers * d, B, H)


def test_nn_gru_shapes_reference_passes():
    """The chapter's answer passes (lists instead of tuples too: torch.Size is a tuple)."""
    assert check_nn_gru_shapes(nn_gru_shapes, verbose=False)
    assert check_nn_gru_shapes(lambda *a: [list(s) for s in nn_gru_shapes(*a)], verbose=False)


def test_nn_gru_shapes_agree_with_deep_gru_forward():
    """The check's expected shapes are what gru_lab's deep_gru_forward gives for a stack laid
    out like nn.GRU (output (B, T, directions·H), h_n (L·directions, B, H))."""
    import numpy as np

    import gru_lab as gl

    for L, bi, B, T, H in [(2, True, 4, 10, 8), (1, False, 3, 5, 6)]:
        p = gl.DeepGRUParams.init(3, H, L, bidirectional=bi, seed=0)
        tr = gl.deep_gru_forward(np.zeros((B, T, 3)), p)
        assert (tr.output.shape, tr.h_n.shape) == nn_gru_shapes(L, bi, B, T, H)


@pytest.mark.parametrize("wrong, key", [
    (lambda L, bi, B, T, H: ((B, T, (2 if bi else 1) * H), (L, B, H)), "shapes_hn_dirs"),
    (lambda L, bi, B, T, H: ((B, T, H), (L * (2 if bi else 1), B, H)), "shapes_out_concat"),
    (lambda L, bi, B, T, H: ((B, T, (2 if bi else 1) * H), (B, L * (2 if bi else 1), H)),
     "shapes_hn_batch_first"),
    (lambda L, bi, B, T, H: ((T, B, (2 if bi else 1) * H), (L * (2 if bi else 1), B, H)),
     "shapes_out_time_first"),
    (lambda L, bi, B, T, H: ((B, T, L * (2 if bi else 1) * H), (L * (2 if bi else 1), B, H)),
     "shapes_out_layers"),
    (lambda L, bi, B, T, H: (B, T, H), "shapes_not_tuple"),
], ids=["hn-no-directions", "output-no-concat", "hn-batch-first", "output-time-first",
        "output-all-layers", "not-two-shapes"])
def test_nn_gru_shapes_mistakes_get_their_hint(wrong, key):
    """Each typical slip about nn.GRU's shapes gets its own hint."""
    fb = check_nn_gru_shapes(wrong, verbose=False)
    assert not fb and fb.hint == MESSAGES[key], fb.message


# ---- check_stack_params (chapter 5, stacked and bidirectional Keras GRUs) --------------------

def stack_params(D, H, num_layers, bidirectional, merge_mode):
    dirs = 2 if bidirectional else 1
    out = 2 * H if bidirectional and merge_mode == "concat" else H
    total, d = 0, D
    for _ in range(num_layers):
        total += dirs * (3 * H * (d + H) + 6 * H)
        d = out
    return total


def test_stack_params_reference_passes():
    """The chapter's answer passes (tests/test_deep_keras.py checks the count against
    Keras's count_params)."""
    assert check_stack_params(stack_params, verbose=False)


def _all_read_D(D, H, L, bi, mode):
    return (2 if bi else 1) * L * (3 * H * (D + H) + 6 * H)


def _one_direction(D, H, L, bi, mode):
    return stack_params(D, H, L, False, mode) if mode == "sum" or not bi else (
        (3 * H * (D + H) + 6 * H) + (L - 1) * (3 * H * (2 * H + H) + 6 * H))


def _concat_reads_H(D, H, L, bi, mode):
    return stack_params(D, H, L, bi, "sum" if mode == "concat" else "concat")


def _book_count(D, H, L, bi, mode):
    return stack_params(D, H, L, bi, mode) - (2 if bi else 1) * L * 2 * H


@pytest.mark.parametrize("wrong, key", [
    (_all_read_D, "stack_reads_D"), (_one_direction, "stack_one_direction"),
    (_concat_reads_H, "stack_concat"), (_book_count, "stack_book"),
], ids=lambda v: v.__name__ if callable(v) else v)
def test_stack_params_mistakes_get_their_hint(wrong, key):
    """Each typical miscount of a stack gets its own hint."""
    fb = check_stack_params(wrong, verbose=False)
    assert not fb and fb.hint == MESSAGES[key], fb.message
