"""One BLAS thread inside the time loops.

A recurrent step multiplies small matrices ((B, H) @ (H, 3H)). OpenBLAS splits even those
across its threads, and on a 2-core machine with anything else running the threads wait for
each other: one (32, 128) @ (128, 256) product was measured at 42 µs with one thread and
358 µs with two. The time loops therefore run with one BLAS thread; the big input projection
before the loop keeps them all. This uses ``threadpoolctl`` when it is installed (the book's
requirements install it) and does nothing otherwise, so numpy stays the only hard dependency.
"""

from __future__ import annotations

from contextlib import nullcontext

_controller = None


def one_blas_thread():
    """A context manager that limits BLAS to one thread (a no-op without threadpoolctl)."""
    global _controller
    if _controller is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _controller = False
        else:
            _controller = ThreadpoolController()
    if _controller is False:
        return nullcontext()
    return _controller.limit(limits=1, user_api="blas")
