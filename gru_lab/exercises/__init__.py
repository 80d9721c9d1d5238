"""Exercise checks that give a student specific feedback (see the classroom chapter).

Each chapter's checks live in their own module and are re-exported here, so a notebook cell
reads ``from gru_lab.exercises import check_sigmoid``.
"""

from ._core import Case, Feedback, check_answer, expect_fail, expect_pass, run_check
from .apps import (  # applications
    check_running_positive,
    check_sentiment_ablation,
    check_step_nll,
    check_textgen_ablation,
)
from .bptt import (  # chapter 4
    check_clip_grad_norm,
    check_first_step_reached,
    check_gru_state_update_backward,
)
from .gru import check_frame_update, check_gru_step  # chapter 2
from .keras import check_keras_gru_params, check_nn_gru_shapes, check_stack_params  # ch. 5
from .rnn import check_rnn_step  # chapter 1
from .softmax import check_sigmoid, check_softmax  # chapter 3

__all__ = ["Case", "Feedback", "run_check"]
__all__ += ["check_answer", "expect_pass", "expect_fail"]  # classroom kit (_core)
__all__ += ["check_rnn_step", "check_sigmoid", "check_softmax"]  # chapters 1 and 3
__all__ += ["check_frame_update", "check_gru_step"]  # chapter 2
__all__ += ["check_keras_gru_params", "check_nn_gru_shapes", "check_stack_params"]  # ch. 5
__all__ += ["check_clip_grad_norm", "check_gru_state_update_backward"]  # chapter 4
__all__ += ["check_first_step_reached"]  # chapter 4, truncated BPTT
__all__ += ["check_running_positive", "check_step_nll"]  # applications part
__all__ += ["check_textgen_ablation", "check_sentiment_ablation"]  # applications part
