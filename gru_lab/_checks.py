"""Input checks shared by every public function.

Students hand the package the wrong thing all the time; that is the normal case, not an
exception. Every check raises ``ValueError`` or ``TypeError`` with a message that names the
argument, the expected shape in the book's symbols (T, B, D, H, K) and what was given. Checks
never modify the caller's array: conversions return new arrays.

All wording a reader sees lives in ``MESSAGES`` so that a translation touches one place.
"""

from __future__ import annotations

import numpy as np

MESSAGES = {
    "ragged": (
        "{name} is a ragged list (its rows have different lengths), so it is not an array of "
        "shape {expected}. Pad the sequences to one length or pass them one at a time."
    ),
    "not_numeric": (
        "{name} must hold real numbers (float or int), expected an array of shape {expected}; "
        "got dtype {dtype}."
    ),
    "complex": "{name} must be real, expected shape {expected}; got complex dtype {dtype}.",
    "rank": "{name} must have shape {expected}; got an array of shape {shape} ({ndim}-D).",
    "dim": (
        "{name} must have shape {expected} with {symbol} = {want}; got shape {shape}, "
        "so {symbol} = {got}."
    ),
    "shape": "{name} must have shape {expected} = {want}; got shape {shape}.",
    "nonfinite": (
        "{name} contains {count} NaN or infinite value(s) (first at index {index}); "
        "{who} needs finite numbers. Check how {name} was computed."
    ),
    "no_steps": "{name} must have at least one time step (T >= 1); got shape {shape}.",
    "positive_int": "{name} must be a positive integer; got {value!r}.",
    "params_type": "{name} must be {expected}; got {got}.",
    "trace_type": "trace must be the {expected} returned by {func}; got {got}.",
    "needs_grad": (
        "{func} needs dh (shape like trace.h) or dh_last (shape like trace.h_last); "
        "both were None."
    ),
    "reset_mismatch": (
        "trace was computed with reset_after={trace} but params has reset_after={params}."
    ),
    "c_h_unused": (
        "c_h (the candidate's recurrent bias) is only used when reset_after=True; "
        "pass reset_after=True or leave c_h out."
    ),
    "one_sequence": (
        "{func} takes one sequence x of shape (T, D); got shape {shape}. "
        "For a batch, pass one sequence x[i] at a time."
    ),
    "norm_ord": "ord must be 2 (spectral norm) or 'fro' (Frobenius); got {value!r}.",
    "clamp_range": (
        "{name} must be a number in [0, 1] (the constant value the {gate} gate is clamped "
        "to); got {value!r}."
    ),
    "keras_layer": (
        "layer must be a keras.layers.GRU (something with get_weights()); got {got}."
    ),
    "keras_activations": (
        "from_keras needs a GRU with activation='tanh' and recurrent_activation='sigmoid' "
        "(the book's equations); got activation={act!r}, recurrent_activation={rec!r}."
    ),
    "keras_backwards": "from_keras: the layer has go_backwards=True; reverse x instead.",
    "keras_rnn_layer": (
        "layer must be a keras.layers.SimpleRNN (something with get_weights()); got {got}."
    ),
    "keras_rnn_activation": (
        "rnn_from_keras needs a SimpleRNN with activation='tanh' (the book's equation "
        "rnn-step); got activation={act!r}."
    ),
    "keras_weights": (
        "layer.get_weights() should give [kernel, recurrent_kernel, bias]; got {count} "
        "arrays. Has the layer been built (called on input)?"
    ),
    "pytorch_reset_after": (
        "PyTorch's nn.GRU resets after the product: params.reset_after must be True; got False."
    ),
    "cell": "cell must be one of {cells}; got {cell!r}.",
    "budget": "budget must be a positive number of parameters; got {budget}.",
    "no_gate": "set_remember_bias needs a GRU or LSTM layer; got {name} (no gate).",
    "pytorch_missing": (
        "state has no {key!r}: pass nn.GRU's state_dict() (layer 0), whose keys are "
        "weight_ih_l0, weight_hh_l0, bias_ih_l0 and bias_hh_l0; got keys {keys}."
    ),
    "positive": "{name} must be a number > 0; got {value}.",
    "int_array": "{name} must hold integer class indices, shape {expected}; got dtype {dtype}.",
    "index_range": (
        "{name} holds class indices that must lie in [0, {K}) (K = {K} classes); "
        "got values from {lo} to {hi}."
    ),
}


def _msg(key: str, **kwargs) -> str:
    return MESSAGES[key].format(**kwargs)


def as_real_array(name: str, value, expected: str) -> np.ndarray:
    """Return ``value`` as a float array (a new one when a conversion is needed).

    Integer and boolean input becomes float64; float16 becomes float32; float32 and float64
    are kept. Ragged lists, strings, objects and complex numbers raise with a clear message.
    """
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except ValueError as err:  # numpy >= 1.24 refuses ragged nested lists
            raise ValueError(_msg("ragged", name=name, expected=expected)) from err
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise TypeError(
                _msg("not_numeric", name=name, expected=expected, dtype="object")
            ) from err
    kind = arr.dtype.kind
    if kind == "c":
        raise TypeError(_msg("complex", name=name, expected=expected, dtype=arr.dtype))
    if kind in "biu":
        return arr.astype(np.float64)
    if kind != "f":
        raise TypeError(_msg("not_numeric", name=name, expected=expected, dtype=arr.dtype))
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    if arr.dtype not in (np.float32, np.float64):
        return arr.astype(np.float64)
    return arr


def check_finite(name: str, arr: np.ndarray, who: str = "this function") -> None:
    """Raise ``ValueError`` if ``arr`` has NaN or inf, saying where the first one is.

    ``name`` is what the caller passed (``"W_z"``, ``"state['weight_ih_l0']"``) and the index
    is a position in that array; ``who`` is what needs finite numbers (``"a GRU"``).
    """
    if not np.all(np.isfinite(arr)):
        bad = ~np.isfinite(arr)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(_msg("nonfinite", name=name, count=int(bad.sum()),
                              index=first if first else "()", who=who))


def positive_int(name: str, value) -> int:
    """Return ``value`` as an int, raising if it is not an integer >= 1 (a size: D, H, K)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(_msg("positive_int", name=name, value=value))
    return int(value)


def check_type(name: str, value, cls, expected: str) -> None:
    """Raise ``TypeError`` unless ``value`` is a ``cls``; ``expected`` is e.g. ``"a GRUParams"``."""
    if not isinstance(value, cls):
        raise TypeError(_msg("params_type", name=name, expected=expected,
                             got=type(value).__name__))


def check_shape(name: str, arr: np.ndarray, want: tuple, symbols: str) -> None:
    """Check that ``arr.shape == want``; ``symbols`` is e.g. ``"(D, H)"``."""
    if arr.ndim != len(want):
        raise ValueError(
            _msg("rank", name=name, expected=f"{symbols} = {want}", shape=arr.shape, ndim=arr.ndim)
        )
    if arr.shape != tuple(want):
        raise ValueError(_msg("shape", name=name, expected=symbols, want=tuple(want),
                              shape=arr.shape))


def check_dim(name: str, arr: np.ndarray, axis: int, want: int, symbol: str,
              expected: str) -> None:
    """Check one axis of ``arr`` against a size named by ``symbol`` (D, H, ...)."""
    got = arr.shape[axis]
    if got != want:
        raise ValueError(_msg("dim", name=name, expected=expected, symbol=symbol, want=want,
                              shape=arr.shape, got=got))


def check_positive(name: str, value) -> float:
    """Return ``value`` as a float, raising if it is not a finite number > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError) as err:
        raise TypeError(_msg("positive", name=name, value=repr(value))) from err
    if not np.isfinite(v) or v <= 0:
        raise ValueError(_msg("positive", name=name, value=value))
    return v


def sequence_input(x, input_size: int, name: str = "x",
                   who: str = "this function") -> tuple[np.ndarray, bool]:
    """Validate a sequence input: (T, D) for one sequence or (B, T, D) for a batch.

    Returns the array in batch form (B, T, D) and whether the caller passed a batch.
    ``who`` names the model in the message about NaN or inf (``"a GRU"``).
    """
    expected = "(T, D) for one sequence or (B, T, D) for a batch"
    arr = as_real_array(name, x, expected)
    if arr.ndim not in (2, 3):
        raise ValueError(_msg("rank", name=name, expected=expected, shape=arr.shape,
                              ndim=arr.ndim))
    batched = arr.ndim == 3
    if arr.shape[-2] == 0:
        raise ValueError(_msg("no_steps", name=name, shape=arr.shape))
    sym = "(B, T, D)" if batched else "(T, D)"
    check_dim(name, arr, -1, input_size, "D", sym)
    check_finite(name, arr, who)
    return (arr if batched else arr[None]), batched


def initial_state(h0, batch: int, hidden_size: int, batched: bool, dtype,
                  who: str = "this function") -> np.ndarray:
    """Validate ``h0``: (H,) for one sequence or (B, H) for a batch; None means zeros."""
    if h0 is None:
        return np.zeros((batch, hidden_size), dtype=dtype)
    sym = "(B, H)" if batched else "(H,)"
    arr = as_real_array("h0", h0, sym)
    want = (batch, hidden_size) if batched else (hidden_size,)
    check_shape("h0", arr, want, sym)
    check_finite("h0", arr, who)
    return arr.reshape(batch, hidden_size).astype(dtype, copy=False)


def sequence_grad(name: str, g, shape: tuple, batched: bool, dtype,
                  who: str = "this function") -> np.ndarray:
    """Validate an upstream gradient with the shape of the trace's ``h`` (or ``h_last``)."""
    sym = {3: "(B, T, H)", 2: "(T, H)" if not batched else "(B, H)", 1: "(H,)"}[len(shape)]
    arr = as_real_array(name, g, sym)
    check_shape(name, arr, shape, sym)
    check_finite(name, arr, who)
    return arr.astype(dtype, copy=False)
