"""Threads: one BLAS thread inside the time loops, the other cores on the big products beside them.

A recurrent step multiplies small matrices ((B, H) @ (H, H)). OpenBLAS splits even those
across its threads, and on a 2-core machine with anything else running the threads wait for
each other: one (32, 128) @ (128, 256) product was measured at 42 µs with one thread and
358 µs with two. The time loops therefore run with one BLAS thread (:func:`one_blas_thread`).

The big products do not depend on the recurrence: the input projection x_t W of every step
(forward) and the weight gradients summed over steps and sequences (backward). They are cut
into blocks of steps (:func:`time_blocks`), and :class:`Helpers` runs the blocks on helper
threads, one per other core, while the loop goes on; numpy lets other threads run while it is
inside a matrix product. The loop's thread takes a block itself when it would otherwise wait,
and after the loop every thread works on what is left. The blocks are the same with or without
helpers, and every sum over blocks is added in block order, so the numbers do not depend on the
number of threads.

This uses ``threadpoolctl`` when it is installed (the book's requirements install it). Without
it there are no helpers and no limit, so numpy stays the only hard dependency. The helpers
follow BLAS's own thread count: ``OPENBLAS_NUM_THREADS=1`` (the Makefile sets it for builds)
means no helper threads.
"""

from __future__ import annotations

import os
import queue
import threading
from contextlib import nullcontext

_controller = None
_pool: tuple[int, queue.SimpleQueue, list] | None = None   # (pid, tasks, threads)

#: Below this many multiply-adds in the input projection (B·T·D·3H) a problem is cut into
#: no blocks: a helper's start-up would cost more than its work saves.
MIN_WORK_FOR_BLOCKS = 2 ** 25
#: The number of blocks a long problem is cut into.
BLOCKS = 10


def _get_controller():
    global _controller
    if _controller is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _controller = False
        else:
            _controller = ThreadpoolController()
    return _controller


def one_blas_thread():
    """A context manager that limits BLAS to one thread (a no-op without threadpoolctl)."""
    controller = _get_controller()
    if controller is False:
        return nullcontext()
    return controller.limit(limits=1, user_api="blas")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def helper_threads() -> int:
    """How many helper threads run beside a time loop: one per further core BLAS may use.

    The smaller of BLAS's thread count (``OPENBLAS_NUM_THREADS``, all cores by default) and
    the cores this process may run on, less one for the loop; 0 without threadpoolctl.
    """
    controller = _get_controller()
    if controller is False:
        return 0
    blas = [lib.num_threads for lib in controller.lib_controllers if lib.user_api == "blas"]
    if not blas:
        return 0
    return max(0, min(max(blas), _cores()) - 1)


def time_blocks(T: int, work: int) -> list[tuple[int, int]]:
    """Steps 0 … T − 1 cut into consecutive blocks ``(t0, t1)`` for the big products.

    ``work``: the multiply-adds of the input projection. A small problem is one block; a large
    one :data:`BLOCKS` blocks of about equal length (fewer when T is shorter).
    """
    if work < MIN_WORK_FOR_BLOCKS or T < 2:
        return [(0, T)]
    size = -(-T // min(BLOCKS, T))
    return [(t0, min(T, t0 + size)) for t0 in range(0, T, size)]


def _serve(tasks: queue.SimpleQueue) -> None:
    while True:
        tasks.get()()


def _submit(threads: int, task) -> None:
    """Run ``task`` on one of the process's helper threads, starting more up to ``threads``.

    Daemon threads that wait for tasks, so that they never keep Python from exiting; a new
    pool after a fork (a child process has none of its parent's threads).
    """
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), queue.SimpleQueue(), [])
    _, tasks, running = _pool
    while len(running) < threads:
        thread = threading.Thread(target=_serve, args=(tasks,), daemon=True,
                                  name=f"gru_lab-helper-{len(running)}")
        thread.start()
        running.append(thread)
    tasks.put(task)


class Helpers:
    """Jobs (functions without arguments) run by helper threads while the caller works.

    ``jobs`` are queued at once; :meth:`add` queues more. Jobs run in queue order, each
    exactly once, on a helper thread or on the caller's when the caller asks for one with
    :meth:`wait`. Leaving the ``with`` block runs or waits for every job and re-raises the
    first error of any job. ``threads``: how many helpers (default :func:`helper_threads`);
    with 0 every job runs on the caller's thread, when :meth:`wait` or the block's end needs
    it. Jobs must not depend on each other except through that order. Count the helpers
    before entering :func:`one_blas_thread`, which makes BLAS report one thread.
    """

    def __init__(self, jobs=(), threads: int | None = None):
        self._jobs: list = []
        self._done: list[threading.Event] = []
        self._next = 0                        # the first job nobody has started
        self._closed = False
        self._error: BaseException | None = None
        self._cv = threading.Condition()
        for job in jobs:
            self.add(job)
        threads = helper_threads() if threads is None else threads
        for _ in range(threads):
            _submit(threads, self._work)

    def add(self, job) -> int:
        """Queue ``job``; returns its number for :meth:`wait`."""
        with self._cv:
            self._jobs.append(job)
            self._done.append(threading.Event())
            self._cv.notify()
            return len(self._jobs) - 1

    def _take(self, block: bool):
        with self._cv:
            while self._next >= len(self._jobs):
                if self._closed or not block:
                    return None
                self._cv.wait()
            self._next += 1
            return self._next - 1

    def _run(self, k: int) -> None:
        try:
            if self._error is None:
                self._jobs[k]()
        except BaseException as err:  # re-raised on the caller's thread
            self._error = self._error or err
        finally:
            self._jobs[k] = None              # let its arrays go
            self._done[k].set()

    def _work(self) -> None:                  # a helper thread
        while (k := self._take(block=True)) is not None:
            self._run(k)

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def wait(self, k: int) -> None:
        """Return when job ``k`` is done, running queued jobs on this thread meanwhile."""
        while not self._done[k].is_set():
            j = self._take(block=False)
            if j is None:
                self._done[k].wait()
            else:
                self._run(j)
        self._raise()

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        with self._cv:
            self._closed = True
            if exc_type is not None:          # the caller failed: start nothing more
                for k in range(self._next, len(self._jobs)):
                    self._jobs[k] = None
                    self._done[k].set()
                self._next = len(self._jobs)
            self._cv.notify_all()
        while (j := self._take(block=False)) is not None:
            self._run(j)
        for done in self._done:
            done.wait()
        if exc_type is None:
            self._raise()
