"""Exercise checks that give a student specific feedback (see the classroom chapter).

Each chapter's checks live in their own module and are re-exported here, so a notebook cell
reads ``from gru_lab.exercises import check_sigmoid``.
"""

from ._core import Case, Feedback, check_answer, expect_fail, expect_pass, run_check
from .gru import check_gru_step  # chapter 2
from .rnn import check_rnn_step  # chapter 1
from .softmax import check_sigmoid, check_softmax  # chapter 3

__all__ = ["Case", "Feedback", "run_check"]
__all__ += ["check_answer", "expect_pass", "expect_fail"]  # classroom kit (_core)
__all__ += ["check_rnn_step", "check_sigmoid", "check_softmax"]  # chapters 1 and 3
__all__ += ["check_gru_step"]  # chapter 2
