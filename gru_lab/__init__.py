"""gru_lab: the numpy package behind GRU Lab, an interactive textbook on RNNs and the GRU.

Every number, figure and widget in the book comes from here. The core (numpy only):

* :mod:`gru_lab.activations`: sigmoid, tanh, softmax, log-softmax, cross-entropy (chapter 3)
* :mod:`gru_lab.rnn`: the vanilla tanh RNN and its BPTT (chapter 1)
* :mod:`gru_lab.gru`: the GRU, both reset variants, a forward pass that records every gate,
  and BPTT (chapters 2 and 4)
* :mod:`gru_lab.tbptt`: truncated BPTT over windows of k steps, the state carried and
  detached (chapter 4)
* :mod:`gru_lab.keras_bridge`: exact weight conversion to and from Keras and PyTorch's
  ``nn.GRU`` layout (chapter 5)
* :mod:`gru_lab.deep`: stacked and bidirectional GRUs, forward and BPTT (chapter 5)
* :mod:`gru_lab.gradcheck`, :mod:`gru_lab.train`: finite differences, optimisers, clipping

Plotting (``gru_lab.plots``), widgets (``gru_lab.widgets``), data (``gru_lab.datasets``) and
exercise checks (``gru_lab.exercises``) are imported on demand so that ``import gru_lab`` stays
light.
"""

from . import published as published
from .activations import cross_entropy, log_softmax, sigmoid, softmax, tanh
from .deep import DeepGRUParams, DeepGRUTrace, deep_gru_backward, deep_gru_forward
from .gradcheck import GradcheckResult, gradcheck, relative_error
from .gru import GRUParams, GRUTrace, gru_backward, gru_forward, gru_step
from .i18n import get_language, set_language
from .keras_bridge import (
    deep_from_keras,
    from_keras,
    from_pytorch,
    keras_gradients,
    keras_gru_layer,
    rnn_from_keras,
    to_keras,
    to_pytorch,
)
from .rnn import RNNParams, RNNTrace, rnn_backward, rnn_forward, spectral_radius
from .tbptt import truncated_bptt, window_bounds
from .train import (
    SGD,
    Adam,
    CharLanguageModel,
    DenseParams,
    SequenceClassifier,
    clip_grad_norm,
    dense_backward,
    dense_forward,
    fit,
    one_hot,
)

__version__ = "0.1.0"

__all__ = [
    "GRUParams", "GRUTrace", "gru_forward", "gru_backward", "gru_step",
    "RNNParams", "RNNTrace", "rnn_forward", "rnn_backward", "spectral_radius",
    "sigmoid", "tanh", "softmax", "log_softmax", "cross_entropy",
    "from_keras", "to_keras", "keras_gradients", "keras_gru_layer", "to_pytorch", "from_pytorch",
    "rnn_from_keras",
    "DeepGRUParams", "DeepGRUTrace", "deep_gru_forward", "deep_gru_backward", "deep_from_keras",
    "gradcheck", "GradcheckResult", "relative_error",
    "DenseParams", "dense_forward", "dense_backward", "SGD", "Adam", "clip_grad_norm",
    "one_hot", "CharLanguageModel", "SequenceClassifier", "fit",
    "set_language", "get_language",
]
__all__ += ["truncated_bptt", "window_bounds"]  # chapter 4, truncated BPTT
