"""The synthetic long-range tasks of chapter 4."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.tasks import adding_problem, batches, delayed_recall


def test_delayed_recall_shapes_and_one_hot():
    """x is (n, T, S + N) one-hot: the symbol at step 0 is the label, noise only after it."""
    x, y = delayed_recall(50, 12, 3, num_noise=5, seed=0)
    assert x.shape == (50, 12, 8) and x.dtype == np.float64
    assert y.shape == (50,) and y.dtype == np.int64
    assert np.all(x.sum(axis=-1) == 1.0)                    # exactly one channel on per step
    assert np.array_equal(x[:, 0, :3].argmax(axis=-1), y)   # the symbol is shown at step 0
    assert np.all(x[:, 0, 3:] == 0)                         # ... and no noise at step 0
    assert np.all(x[:, 1:, :3] == 0)                        # never shown again
    assert set(np.unique(y)) <= {0, 1, 2}


def test_delayed_recall_is_deterministic_and_balanced():
    """The same seed gives the same data, another seed other labels; symbols are equally
    frequent, so chance accuracy is 1 / num_symbols."""
    a = delayed_recall(2000, 5, 4, seed=1)
    b = delayed_recall(2000, 5, 4, seed=1)
    c = delayed_recall(2000, 5, 4, seed=2)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])
    counts = np.bincount(a[1], minlength=4) / 2000
    assert np.allclose(counts, 0.25, atol=0.04)


def test_delayed_recall_length_one():
    """T = 1 is allowed: the one step shows the symbol and there is no noise."""
    x, y = delayed_recall(3, 1, 2, seed=0)
    assert x.shape == (3, 1, 6)
    assert np.array_equal(x[:, 0, :2].argmax(-1), y) and not x[:, 0, 2:].any()


@pytest.mark.parametrize("call, name", [
    (lambda bad: delayed_recall(bad, 10), "n"),
    (lambda bad: delayed_recall(4, bad), "T"),
    (lambda bad: delayed_recall(4, 10, bad), "num_symbols"),
    (lambda bad: adding_problem(bad, 10), "n"),
    (lambda bad: adding_problem(4, bad), "T"),
    (lambda bad: batches(delayed_recall, bad), "batch_size"),
], ids=["recall-n", "recall-T", "recall-num_symbols", "adding-n", "adding-T", "batch_size"])
@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_sizes_are_refused(call, name, bad):
    """A size that is not a positive whole number is refused; the message names it."""
    with pytest.raises(ValueError, match=rf"^{name} must be an integer >= \d+; got {bad!r}\."):
        call(bad)


def test_adding_problem():
    """Two marks per sequence, one in each half; the target is the sum of the marked numbers,
    in [0, 2)."""
    x, y = adding_problem(100, 30, seed=0)
    assert x.shape == (100, 30, 2) and y.shape == (100,)
    marks = x[..., 1]
    assert np.all(marks.sum(axis=1) == 2)
    assert np.all(marks[:, :15].sum(axis=1) == 1) and np.all(marks[:, 15:].sum(axis=1) == 1)
    assert np.allclose(y, (x[..., 0] * marks).sum(axis=1))
    assert np.all((y >= 0) & (y < 2))


def test_batches_are_fresh_and_reproducible():
    """Every step gets a new batch; the same seed replays the same batches (so a GRU and an
    RNN see the same data)."""
    make = batches(delayed_recall, 8, seed=5, T=6, num_symbols=3)
    x0, y0 = make(0)
    x1, _ = make(1)
    assert x0.shape == (8, 6, 7)
    assert not np.array_equal(x0, x1)
    again = batches(delayed_recall, 8, seed=5, T=6, num_symbols=3)
    assert np.array_equal(again(0)[0], x0) and np.array_equal(again(0)[1], y0)


def test_a_gru_learns_a_short_delayed_recall():
    """A tiny GRU solves the task for a short delay in a few dozen steps (fit + Adam)."""
    T, S = 5, 3
    x_test, y_test = delayed_recall(200, T, S, seed=99)
    model = gl.SequenceClassifier(x_test.shape[-1], 8, S, seed=0)
    gl.fit(model, batches(delayed_recall, 32, seed=0, T=T, num_symbols=S),
           optimizer=gl.Adam(3e-2), steps=60, clip=1.0)
    assert (model.predict(x_test) == y_test).mean() > 0.9
