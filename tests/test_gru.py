"""The GRU forward pass and BPTT against finite differences and against the equations.

These protect every number the book prints about the GRU: if gru_backward drifts from the
true derivative of gru_forward, or gru_forward from the book's equations, a test here fails.
They also protect the fast path's machinery (gru_lab._threads): blocks of steps computed by
helper threads must give the same numbers as one thread, and float32 must stay float32.
Every random test draws from its own seeded generator.
"""

import sys
import threading
import time

import numpy as np
import pytest
from _helpers import random_gru_params

import gru_lab as gl
import gru_lab._threads as threads

_random_params = random_gru_params


@pytest.fixture(params=["one block", "blocks"])
def blocks(request, monkeypatch):
    """Run a test on small arrays twice: as one block, and cut into blocks of steps (the
    path long sequences take, with helper threads where there are cores for them)."""
    if request.param == "blocks":
        monkeypatch.setattr(threads, "MIN_WORK_FOR_BLOCKS", 0)
    return request.param


@pytest.mark.parametrize("reset_after", [False, True])
def test_forward_matches_step_by_step_equations(reset_after, blocks):
    """gru_forward gives gru_step's z, r, ĥ and h at every step, and eq. (gru-h) holds."""
    rng = np.random.default_rng(10)
    p = _random_params(3, 4, reset_after, seed=0)
    x = rng.normal(size=(6, 3))
    h0 = rng.normal(size=4)
    trace = gl.gru_forward(x, p, h0)
    h = h0
    for t in range(6):
        h, z, r, h_tilde = gl.gru_step(x[t], h, p)
        np.testing.assert_allclose(trace.z[t], z, atol=1e-14)
        np.testing.assert_allclose(trace.r[t], r, atol=1e-14)
        np.testing.assert_allclose(trace.h_tilde[t], h_tilde, atol=1e-14)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-14)
        # the book's update rule, eq. (gru-h): h_t = (1 − z) h_{t−1} + z ĥ_t
        h_prev = h0 if t == 0 else trace.h[t - 1]
        np.testing.assert_allclose(h, (1 - z) * h_prev + z * h_tilde, atol=1e-14)
    np.testing.assert_array_equal(trace.h_last, trace.h[-1])


def test_reset_variants_differ_but_agree_when_reset_gate_is_open():
    """reset_after changes the function, except when r ≡ 1 (then both are the same GRU)."""
    rng = np.random.default_rng(11)
    p = _random_params(2, 3, False, seed=3)
    arrays = p.arrays()
    p_after = gl.GRUParams(**arrays, c_h=np.zeros(3), reset_after=True)
    x = rng.normal(size=(5, 2))
    a, b = gl.gru_forward(x, p).h, gl.gru_forward(x, p_after).h
    assert np.max(np.abs(a - b)) > 1e-3  # different functions in general
    # with r ≡ 1 (reset gate wide open) r ⊙ (h U) = (r ⊙ h) U: the variants coincide
    arrays["b_r"] = np.full(3, 50.0)
    same_before = gl.gru_forward(x, gl.GRUParams(**arrays))
    same_after = gl.gru_forward(x, gl.GRUParams(**arrays, c_h=np.zeros(3), reset_after=True))
    np.testing.assert_allclose(same_before.h, same_after.h, atol=1e-12)


def test_batch_equals_sequences_one_at_a_time(blocks):
    """A batch is B independent sequences: no mixing between rows of the batch."""
    rng = np.random.default_rng(12)
    p = _random_params(3, 5, True, seed=4)
    x = rng.normal(size=(4, 7, 3))
    h0 = rng.normal(size=(4, 5))
    batch = gl.gru_forward(x, p, h0)
    for i in range(4):
        one = gl.gru_forward(x[i], p, h0[i])
        for name in ("z", "r", "h_tilde", "h"):
            np.testing.assert_allclose(getattr(batch, name)[i], getattr(one, name), atol=1e-14)


def test_shapes_follow_the_input():
    """(T, D) in gives (T, H) gates and states; (B, T, D) gives (B, T, H)."""
    p = gl.GRUParams.init(3, 4, seed=0)
    one = gl.gru_forward(np.zeros((5, 3)), p)
    assert one.z.shape == one.r.shape == one.h_tilde.shape == one.h.shape == (5, 4)
    assert one.h_last.shape == (4,) and one.h0.shape == (4,)
    batch = gl.gru_forward(np.zeros((2, 5, 3)), p)
    assert batch.h.shape == (2, 5, 4) and batch.h_last.shape == (2, 4)


def _loss_and_grads(p, x, h0, w, w_last):
    def loss():
        t = gl.gru_forward(x, p, h0)
        return float((t.h * w).sum() + (t.h_last * w_last).sum())

    trace = gl.gru_forward(x, p, h0)
    grads, dx, dh0 = gl.gru_backward(trace, p, dh=w, dh_last=w_last)
    arrays = dict(p.arrays(), x=x, h0=h0)
    analytic = dict(grads.arrays(), x=dx, h0=dh0)
    return loss, arrays, analytic


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences(reset_after, batched, blocks):
    """Every gradient of gru_backward (weights, x, h0) is the derivative of gru_forward, on
    one block and on blocks of steps summed by helper threads."""
    rng = np.random.default_rng(13)
    p = _random_params(3, 4, reset_after, seed=5)
    shape = (2, 6) if batched else (6,)
    x = rng.normal(size=shape + (3,))
    h0 = rng.normal(size=shape[:-1] + (4,))
    w = rng.normal(size=shape + (4,))
    w_last = rng.normal(size=shape[:-1] + (4,))
    loss, arrays, analytic = _loss_and_grads(p, x, h0, w, w_last)
    result = gl.gradcheck(loss, arrays, analytic, eps=1e-5)
    assert result.max_error <= 1e-7, str(result)


def test_backward_with_only_final_state_gradient():
    """dh_last alone is the same as dh that is zero except at the last step."""
    rng = np.random.default_rng(14)
    p = _random_params(2, 3, True, seed=6)
    x = rng.normal(size=(4, 2))
    w_last = rng.normal(size=3)
    trace = gl.gru_forward(x, p)
    g1, dx1, _ = gl.gru_backward(trace, p, dh_last=w_last)
    dh = np.zeros_like(trace.h)
    dh[-1] = w_last
    g2, dx2, _ = gl.gru_backward(trace, p, dh=dh)
    np.testing.assert_allclose(dx1, dx2)
    for n in p.names():
        np.testing.assert_allclose(getattr(g1, n), getattr(g2, n))


def test_float32_is_kept_and_float64_is_default():
    """float32 in gives float32 out (trace and gradients); float64 is the default."""
    p64 = gl.GRUParams.init(3, 4, seed=0)
    assert p64.dtype == np.float64
    p32 = gl.GRUParams.init(3, 4, seed=0, dtype=np.float32)
    x32 = np.ones((2, 3), dtype=np.float32)
    t = gl.gru_forward(x32, p32)
    assert t.h.dtype == np.float32
    grads, dx, dh0 = gl.gru_backward(t, p32, dh_last=np.ones(4, np.float32))
    assert grads.W_z.dtype == dx.dtype == dh0.dtype == np.float32
    assert gl.gru_forward([[1, 2, 3]], p64).h.dtype == np.float64  # ints become float


@pytest.mark.parametrize("reset_after,extra", [(False, 0), (True, 1)])
def test_num_parameters(reset_after, extra):
    """num_parameters() is chapter 2's count: 3H(D + H) + 3H, plus H for c_h."""
    D, H = 5, 3
    p = gl.GRUParams.init(D, H, reset_after=reset_after)
    assert p.num_parameters() == 3 * H * (D + H) + 3 * H + extra * H


def test_init_like_keras():
    """init draws like Keras: orthogonal (H, 3H) block, Glorot limit, zero biases, seeded."""
    p = gl.GRUParams.init(10, 4, seed=0)
    U = np.concatenate([p.U_z, p.U_r, p.U_h], axis=1)  # (H, 3H) block, orthogonal rows
    np.testing.assert_allclose(U @ U.T, np.eye(4), atol=1e-12)
    limit = np.sqrt(6 / (10 + 12))
    assert np.abs(p.W_z).max() <= limit
    assert not np.any(p.b_z) and not np.any(p.b_r) and not np.any(p.b_h)
    same = gl.GRUParams.init(10, 4, seed=0)
    np.testing.assert_array_equal(p.W_h, same.W_h)


def test_params_are_copied_so_training_never_changes_the_callers_arrays():
    W = np.ones((2, 3))
    U = np.eye(3)
    p = gl.GRUParams(W_z=W, W_r=W, W_h=W, U_z=U, U_r=U, U_h=U)
    p.W_z += 1.0
    assert np.all(W == 1.0)


def test_forward_does_not_modify_inputs():
    """Neither pass writes into the caller's x or h0."""
    rng = np.random.default_rng(15)
    p = gl.GRUParams.init(3, 4, seed=0)
    x = rng.normal(size=(5, 3))
    h0 = rng.normal(size=4)
    x0, h00 = x.copy(), h0.copy()
    t = gl.gru_forward(x, p, h0)
    gl.gru_backward(t, p, dh=np.ones_like(t.h))
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(h0, h00)


def test_update_gate_closed_copies_the_state_forward():
    """z ≈ 0 ⇒ h_t ≈ h_{t−1}: the GRU's memory (chapter 2)."""
    p = gl.GRUParams.init(2, 3, seed=0)
    p.b_z[:] = -30.0
    h0 = np.array([0.5, -0.2, 0.9])
    t = gl.gru_forward(np.random.default_rng(16).normal(size=(50, 2)), p, h0)
    np.testing.assert_allclose(t.h_last, h0, atol=1e-9)


def _run_both(p, x, h0, dh_last):
    trace = gl.gru_forward(x, p, h0)
    grads, dx, dh0 = gl.gru_backward(trace, p, dh=np.ones_like(trace.h), dh_last=dh_last)
    return [trace.z, trace.r, trace.h_tilde, trace.h, *grads.arrays().values(), dx, dh0]


@pytest.mark.parametrize("reset_after", [False, True])
def test_numbers_do_not_depend_on_the_number_of_threads(reset_after, monkeypatch):
    """Blocks summed by helper threads give bit for bit the numbers of one thread (the book's
    printed numbers must not change with the machine's cores or OPENBLAS_NUM_THREADS)."""
    rng = np.random.default_rng(17)
    p = _random_params(20, 16, reset_after, seed=7).astype(np.float32)
    x = rng.normal(size=(8, 30, 20)).astype(np.float32)
    h0 = rng.normal(size=(8, 16)).astype(np.float32)
    dh_last = rng.normal(size=(8, 16)).astype(np.float32)
    monkeypatch.setattr(threads, "MIN_WORK_FOR_BLOCKS", 0)
    ran_on = set()
    run = threads.Helpers._run

    def spy(self, k):  # the caller's thread runs its jobs slowly, so helpers surely get some
        helper = threading.current_thread().name.startswith("gru_lab-helper")
        ran_on.add(helper)
        if not helper and threads.helper_threads():
            time.sleep(0.002)
        run(self, k)

    monkeypatch.setattr(threads.Helpers, "_run", spy)
    results = {}
    for n in (0, 1, 3):
        monkeypatch.setattr(threads, "helper_threads", lambda n=n: n)
        ran_on.clear()
        results[n] = _run_both(p, x, h0, dh_last)
        assert ran_on == {False} if n == 0 else True in ran_on   # helpers really ran jobs
    for n in (1, 3):
        for a, b in zip(results[0], results[n], strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("reset_after", [False, True])
def test_float32_run_has_no_float64_intermediate(reset_after, monkeypatch):
    """In a float32 forward and backward every array the code names is float32: nothing is
    promoted to float64 and back (slower, and a sign of a silent dtype bug)."""
    rng = np.random.default_rng(18)
    p = _random_params(5, 4, reset_after, seed=8).astype(np.float32)
    x = rng.normal(size=(3, 12, 5)).astype(np.float32)
    dh = rng.normal(size=(3, 12, 4)).astype(np.float32)
    monkeypatch.setattr(threads, "MIN_WORK_FOR_BLOCKS", 0)      # the blocked path too,
    monkeypatch.setattr(threads, "helper_threads", lambda: 0)   # on this thread (traced)
    seen = {}
    watched = {"gru_forward", "project", "gru_backward", "block", "total"}

    def tracer(frame, event, arg):
        if frame.f_code.co_name not in watched or not frame.f_code.co_filename.endswith(
                "gru.py"):
            return None

        def local(frame, event, arg):
            for name, value in frame.f_locals.items():
                values = list(value) if isinstance(value, (tuple, list)) else [value]
                values += list(value.values()) if isinstance(value, dict) else []
                for v in values:       # (a copy: the traced code's lists stay untouched)
                    if isinstance(v, tuple):
                        values += list(v)
                    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
                        seen.setdefault((frame.f_code.co_name, name), set()).add(v.dtype)
            return local
        return local

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        trace = gl.gru_forward(x, p)
        grads, dx, dh0 = gl.gru_backward(trace, p, dh=dh)
    finally:
        sys.settrace(old)
    assert {"gru_forward", "project", "gru_backward", "block", "total"} <= {
        f for f, _ in seen}
    wrong = {k: v for k, v in seen.items() if v != {np.dtype(np.float32)}}
    assert not wrong, f"float64 arrays in a float32 run: {wrong}"
    assert all(a.dtype == np.float32 for a in [*grads.arrays().values(), dx, dh0])


@pytest.mark.parametrize("n", [0, 1, 2])
def test_helpers_run_each_job_once_and_report_errors(n):
    """gru_lab._threads.Helpers: every job runs exactly once, in any mix of helper threads and
    the caller's thread; a job's error reaches the caller; after the caller fails, queued
    jobs that have not started never run."""
    ran = []
    with threads.Helpers((lambda i=i: ran.append(i) for i in range(20)), n) as jobs:
        jobs.wait(5)
        assert set(range(6)) <= set(ran)
        jobs.add(lambda: ran.append(20))
    assert sorted(ran) == list(range(21))

    def boom():
        raise ZeroDivisionError("job failed")

    with pytest.raises(ZeroDivisionError, match="job failed"), threads.Helpers(
            [boom, lambda: None], n) as jobs:
        jobs.wait(1)
    gate, later = threading.Event(), []
    threading.Timer(0.2, gate.set).start()     # holds every helper until the caller failed
    with pytest.raises(KeyError), threads.Helpers([gate.wait] * n, n) as jobs:
        jobs.add(lambda: later.append(1))
        raise KeyError("caller failed")
    assert later == []


def test_long_sequences_get_one_helper_per_further_core(monkeypatch):
    """gru_forward and gru_backward start helper_threads() helpers for a long sequence, the
    count taken before the loop limits BLAS to one thread (inside that limit BLAS reports one
    thread, which would mean no helper at all: the bug this test guards against)."""
    started = []

    class Spy(threads.Helpers):
        def __init__(self, jobs=(), threads=None):
            started.append(threads)
            super().__init__(jobs, threads)

    import gru_lab.gru

    monkeypatch.setattr(gru_lab.gru, "Helpers", Spy)
    expected = threads.helper_threads()
    p = gl.GRUParams.init(300, 128, reset_after=True, seed=0, dtype=np.float32)
    x = np.random.default_rng(19).normal(size=(32, 40, 300)).astype(np.float32)
    trace = gl.gru_forward(x, p)
    gl.gru_backward(trace, p, dh_last=np.ones((32, 128), np.float32))
    assert len(threads.time_blocks(40, 32 * 40 * 300 * 3 * 128)) > 1
    assert started == [expected, expected]


def test_time_blocks_cover_every_step_once():
    """time_blocks: consecutive blocks covering 0 … T − 1; one block for small problems."""
    assert threads.time_blocks(100, 0) == [(0, 100)]
    big = threads.MIN_WORK_FOR_BLOCKS
    for T in (2, 7, 10, 99, 100, 101):
        blocks = threads.time_blocks(T, big)
        assert blocks[0][0] == 0 and blocks[-1][1] == T and len(blocks) <= threads.BLOCKS
        assert all(a[1] == b[0] and a[0] < a[1]
                   for a, b in zip(blocks, blocks[1:], strict=False))
