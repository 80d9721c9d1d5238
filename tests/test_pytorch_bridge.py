"""gru_lab against torch.nn.GRU itself (chapter 5, "PyTorch's nn.GRU"), where torch is
installed. torch is not a requirement of the book: the page computes PyTorch's layout with
gl.to_pytorch / gl.from_pytorch and the numpy transcription of nn.GRU's equations
(tests/test_deep.py checks those without torch); these tests close the loop with the real
layer, and are skipped, with the reason, where torch is missing."""

import numpy as np
import pytest

import gru_lab as gl

torch = pytest.importorskip(
    "torch", reason="torch is not installed (it is not in requirements.txt): the comparison "
                    "with nn.GRU itself is skipped; tests/test_deep.py still checks PyTorch's "
                    "documented equations in numpy")


def _noisy(L, bidirectional, seed=0, D=3, H=4):
    p = gl.DeepGRUParams.init(D, H, L, bidirectional=bidirectional, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for a in p.arrays().values():
        a += rng.normal(scale=0.3, size=a.shape)
    return p


def _torch_gru(state, D, H, L, bidirectional):
    gru = torch.nn.GRU(D, H, num_layers=L, bidirectional=bidirectional, batch_first=True,
                       dtype=torch.float64)
    gru.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()})
    return gru


@pytest.mark.parametrize("L, bidirectional", [(1, False), (2, False), (1, True), (2, True)])
def test_to_pytorch_runs_in_nn_gru(L, bidirectional):
    """Protects to_pytorch: nn.GRU loaded with our arrays (strict load_state_dict: same keys
    and shapes) gives our output (B, T, directions·H) and h_n (L·directions, B, H) to 1e-12,
    from a non-zero h_0."""
    p = _noisy(L, bidirectional)
    gru = _torch_gru(gl.to_pytorch(p), 3, 4, L, bidirectional)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(5, 7, 3))
    h0 = rng.normal(size=(L * (2 if bidirectional else 1), 5, 4))
    with torch.no_grad():
        out, h_n = gru(torch.from_numpy(x), torch.from_numpy(h0))
    ours = gl.deep_gru_forward(x, p, h0)
    assert tuple(out.shape) == ours.output.shape and tuple(h_n.shape) == ours.h_n.shape
    assert np.max(np.abs(out.numpy() - ours.output)) <= 1e-12
    assert np.max(np.abs(h_n.numpy() - ours.h_n)) <= 1e-12


def test_from_pytorch_reads_a_torch_state_dict():
    """Protects from_pytorch on what torch really hands over (its own initialisation, float32
    tensors converted with .numpy()): the same outputs to float32 rounding."""
    torch.manual_seed(0)
    gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    state = {k: v.detach().numpy() for k, v in gru.state_dict().items()}
    p = gl.from_pytorch(state, num_layers=2, bidirectional=True)
    x = np.random.default_rng(3).normal(size=(2, 6, 3)).astype(np.float32)
    with torch.no_grad():
        out, h_n = gru(torch.from_numpy(x))
    ours = gl.deep_gru_forward(x, p)
    assert np.max(np.abs(out.numpy() - ours.output)) <= 1e-5
    assert np.max(np.abs(h_n.numpy() - ours.h_n)) <= 1e-5


def test_gradients_match_autograd():
    """Protects deep_gru_backward against torch's autograd through a 2-layer bidirectional
    nn.GRU: the input's gradient and every weight's (laid out by to_pytorch, whose z block is
    negated) agree to 1e-10 in float64."""
    p = _noisy(2, True, seed=4)
    gru = _torch_gru(gl.to_pytorch(p), 3, 4, 2, True)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(2, 5, 3))
    G = rng.normal(size=(2, 5, 8))
    G_n = rng.normal(size=(4, 2, 4))
    xt = torch.from_numpy(x).requires_grad_(True)
    out, h_n = gru(xt)
    (out * torch.from_numpy(G)).sum().add((h_n * torch.from_numpy(G_n)).sum()).backward()
    trace = gl.deep_gru_forward(x, p)
    grads, dx, _ = gl.deep_gru_backward(trace, p, dy=G, dh_n=G_n)
    assert gl.relative_error(dx, xt.grad.numpy()) <= 1e-10
    ours = gl.to_pytorch(grads)       # the same layout (biases: see below)
    for name, w in gru.named_parameters():
        g = w.grad.numpy()
        if name.startswith("bias_hh"):
            # our one bias per z and r gate is PyTorch's b_ih + b_hh: both get its gradient
            H = 4
            ours_hh = ours[name].copy()
            ours_hh[:2 * H] = ours[name.replace("bias_hh", "bias_ih")][:2 * H]
            assert gl.relative_error(ours_hh, g) <= 1e-10, name
        else:
            assert gl.relative_error(ours[name], g) <= 1e-10, name
