"""Exercise checks that give a student specific feedback (see the classroom chapter).

Each chapter's checks live in their own module and are re-exported here, so a notebook cell
reads ``from gru_lab.exercises import check_sigmoid``.
"""

from ._core import Case, Feedback, run_check

__all__ = ["Case", "Feedback", "run_check"]
