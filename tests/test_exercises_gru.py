"""check_gru_step (chapter 2): the reference passes, typical mistakes get their own hint."""

import numpy as np
import pytest

import gru_lab as gl
from gru_lab.exercises import check_gru_step
from gru_lab.exercises.gru import MESSAGES


def sig(a):
    return 1 / (1 + np.exp(-a))


def reference(x_t, h_prev, p):
    z = sig(x_t @ p.W_z + h_prev @ p.U_z + p.b_z)
    r = sig(x_t @ p.W_r + h_prev @ p.U_r + p.b_r)
    h_tilde = np.tanh(x_t @ p.W_h + (r * h_prev) @ p.U_h + p.b_h)
    return (1 - z) * h_prev + z * h_tilde


def _step(**wrong):
    """The reference with one mistake switched on."""
    def step(x_t, h_prev, p):
        b = {k: (0 * getattr(p, k) if wrong.get("no_" + k) else getattr(p, k))
             for k in ("b_z", "b_r", "b_h")}
        U = {k: (getattr(p, k).T if wrong.get("transposed") else getattr(p, k))
             for k in ("U_z", "U_r", "U_h")}
        gate, cand = (np.tanh, sig) if wrong.get("swapped_act") else (sig, np.tanh)
        z = gate(x_t @ p.W_z + h_prev @ U["U_z"] + b["b_z"])
        r = gate(x_t @ p.W_r + h_prev @ U["U_r"] + b["b_r"])
        if wrong.get("after"):
            h_tilde = np.tanh(x_t @ p.W_h + r * (h_prev @ p.U_h) + b["b_h"])
        elif wrong.get("no_reset"):
            h_tilde = np.tanh(x_t @ p.W_h + h_prev @ p.U_h + b["b_h"])
        else:
            h_tilde = cand(x_t @ p.W_h + (r * h_prev) @ U["U_h"] + b["b_h"])
        if wrong.get("no_update"):
            return h_tilde
        if wrong.get("flip"):
            return z * h_prev + (1 - z) * h_tilde
        h = (1 - z) * h_prev + z * h_tilde
        if wrong.get("tuple"):
            return h, z, r, h_tilde
        if wrong.get("row"):
            return h[None, :]
        return h
    return step


@pytest.mark.parametrize("answer", [
    reference,
    _step(),
    lambda x_t, h_prev, p: gl.gru_step(x_t, h_prev, p)[0],
], ids=["book-equations", "mistake-free-variant", "gru_lab.gru_step"])
def test_right_answers_pass(answer, capsys):
    """The book's four equations pass (and the student reads so); so does gru_lab.gru_step,
    and so does _step() with no mistake switched on (so each mistake below is one change)."""
    fb = check_gru_step(answer)
    assert fb and fb.passed
    assert "passed" in capsys.readouterr().out


MISTAKES = {
    "keras_z": {"flip": True},
    "reset_after": {"after": True},
    "no_reset": {"no_reset": True},
    "returns_tuple": {"tuple": True},
    "swapped_act": {"swapped_act": True},
    "no_update": {"no_update": True},
    "transposed": {"transposed": True},
}


@pytest.mark.parametrize("key", MISTAKES)
def test_typical_mistakes_get_their_hint(key):
    """Each typical mistake gets its own hint, with the input tried and the expected h_t."""
    fb = check_gru_step(_step(**MISTAKES[key]), verbose=False)
    assert not fb
    assert MESSAGES[key] in fb.message
    assert "tried:" in fb.message and "expected:" in fb.message


@pytest.mark.parametrize("bias", ["b_z", "b_r", "b_h"])
def test_missing_bias_is_named(bias):
    """A forgotten bias is named: the hint says which of b_z, b_r, b_h was left out."""
    fb = check_gru_step(_step(**{"no_" + bias: True}), verbose=False)
    assert not fb
    assert "left out" in fb.message and bias in fb.hint
    assert all(other not in fb.hint for other in {"b_z", "b_r", "b_h"} - {bias})


def test_a_row_instead_of_a_vector_is_explained():
    """h_t of shape (1, H): the hint says the numbers are right and asks for shape (H,)."""
    fb = check_gru_step(_step(row=True), verbose=False)
    assert not fb and fb.kind == "shape"
    assert "(H,) = (2,)" in fb.message  # the first case has H = 2
    assert fb.hint == MESSAGES["shape"].format(size=2, got=(1, 2), H=2)


def test_column_vector_habit_raises_with_a_shape_hint():
    """W_z @ x_t raises for D != H; the hint explains that vectors are rows in the code."""
    def colvec(x_t, h_prev, p):   # W_z @ x_t: fails as soon as D != H
        z = sig(p.W_z @ x_t + p.U_z @ h_prev + p.b_z)
        return z
    fb = check_gru_step(colvec, verbose=False)
    assert not fb and fb.kind == "raised" and "vectors are rows" in fb.message


@pytest.mark.parametrize("wrong", [*MISTAKES.values(), {"no_b_z": True}, {"row": True}],
                         ids=[*MISTAKES, "no_b_z", "row"])
def test_feedback_never_shows_the_solution(wrong):
    """No hint gives away the code: no numpy call and no matrix product in any message."""
    fb = check_gru_step(_step(**wrong), verbose=False)
    assert not fb
    assert "np." not in fb.message and "@" not in fb.message


def test_not_a_function():
    """Passing an array instead of the function is explained."""
    fb = check_gru_step(np.zeros(3), verbose=False)
    assert not fb and "expected a function" in fb.message


# ---------------------------------------------------------------- check_frame_update

def _frame_step():
    """Chapter 2's toy GRU at the comma of its sentence, unit 1 (the counter): the exercise."""
    toy = gl.GRUParams(W_z=[[4.0, 4.0]], U_z=np.zeros((2, 2)), b_z=[-1.0, -5.0],
                       W_r=[[-6.0, 0.0]], U_r=np.zeros((2, 2)), b_r=[3.0, 3.0],
                       W_h=[[-1.0, 1.0]], U_h=[[2.0, 0.0], [0.0, 1.0]], b_h=[1.0, 0.0])
    x_t, h_prev = np.array([1.0]), np.array([0.87, 0.61])
    d = gl.gru.gru_step_details(x_t, h_prev, toy)
    return x_t, h_prev, toy, {k: float(v[1]) for k, v in d.items()}


def _frame(answer):
    from gru_lab.exercises import check_frame_update

    x_t, h_prev, toy, _ = _frame_step()
    return check_frame_update(answer, x_t, h_prev, toy, 1, verbose=False)


def test_frame_update_accepts_the_update_read_to_three_decimals():
    """h_t = (1 − z) h_{t−1} + z ĥ passes, exactly and from values rounded to 3 decimals, as a
    float, a numpy scalar, a one-element array or a function returning it (the chapter's cell,
    which an nbgrader assignment needs); the right value is never printed."""
    _, h_prev, _, d = _frame_step()
    z, ht, hp = round(d["z"], 3), round(d["h_tilde"], 3), round(float(h_prev[1]), 3)
    for answer in (d["h"], (1 - z) * hp + z * ht, np.float32(d["h"]), np.array([d["h"]]),
                   lambda: (1 - z) * hp + z * ht):
        assert _frame(answer).passed, answer
    fb = _frame(d["h"] + 0.05)
    assert not fb.passed and f"{d['h']:.3f}" not in fb.message and "not shown" in fb.message


@pytest.mark.parametrize("mistake, words", [
    (lambda d, hp: d["z"] * hp + (1 - d["z"]) * d["h_tilde"], ["keras", "1 − z_t"]),
    (lambda d, hp: (1 - d["r"]) * hp + d["r"] * d["h_tilde"], ["reset gate r_t", "z_t"]),
    (lambda d, hp: d["h_tilde"], ["candidate", "z_t = 1"]),
    (lambda d, hp: hp, ["unchanged", "z_t = 0"]),
    (lambda d, hp: d["z"] * d["h_tilde"], ["left out", "(1 − z_t) ⊙ h_(t−1)"]),
    (lambda d, hp: (1 - d["z"]) * hp, ["left out", "z_t ⊙ ĥ_t"]),
    (lambda d, hp: hp + d["h_tilde"], ["without the gate"]),
    (lambda d, hp: 0.0, ["(gru-h)", "add the two"]),
], ids=["keras-z", "r-for-z", "candidate", "copy", "no-keep", "no-write", "sum", "other"])
def test_frame_update_names_each_wrong_prediction(mistake, words):
    """Each typical wrong prediction gets its own hint (and any other number the general
    hint with equation (gru-h))."""
    _, h_prev, _, d = _frame_step()
    fb = _frame(mistake(d, float(h_prev[1])))
    assert not fb.passed and fb.kind == "values"
    for w in words:
        assert w.lower() in fb.hint.lower(), (w, fb.hint)


@pytest.mark.parametrize("answer, words", [
    ("0.69", ["one number", "str"]),
    (None, ["one number", "none"]),
    (True, ["one number", "bool"]),
    ([0.1, 0.7], ["one number", "single unit"]),
    (float("nan"), ["finite"]),
    (object(), ["one number", "object"]),
    (lambda: "0.69", ["one number", "str"]),
], ids=["str", "none", "bool", "two-units", "nan", "object", "function-returning-str"])
def test_frame_update_explains_bad_typed_answers(answer, words):
    """A string, None, a bool, both units' values, NaN or any object: not one number, said so
    (never a crash)."""
    fb = _frame(answer)
    assert not fb.passed
    for w in words:
        assert w.lower() in fb.hint.lower(), (w, fb.hint)


def test_frame_update_rejects_a_unit_outside_the_layer():
    """unit must be in [0, H): the error names unit, the range and what was given."""
    from gru_lab.exercises import check_frame_update

    x_t, h_prev, toy, _ = _frame_step()
    with pytest.raises(ValueError, match=r"unit must be an integer in \[0, H\) = \[0, 2\); got 5"):
        check_frame_update(0.5, x_t, h_prev, toy, 5)


def test_frame_update_defaults_to_the_chapters_exercise():
    """With the answer alone (as an nbgrader test cell calls it) the check uses chapter 2's
    exercise frame: the toy GRU at the comma of its sentence, unit 2; giving only some of the
    step's arguments is an error naming the missing ones."""
    from gru_lab.exercises import check_frame_update
    from gru_lab.exercises.gru import FRAME_SENTENCE, chapter2_toy, exercise_frame

    x_t, h_prev, toy, unit = exercise_frame()
    assert unit == 1 and x_t.tolist() == [1.0] and FRAME_SENTENCE[29] == ","
    assert np.array_equal(toy.b_z, chapter2_toy().b_z)
    h = gl.gru.gru_step_details(x_t, h_prev, toy)["h"][1]
    assert check_frame_update(h, verbose=False).passed
    assert not check_frame_update(h + 0.01, verbose=False).passed
    with pytest.raises(ValueError, match=r"missing: \['params', 'unit'\]"):
        check_frame_update(h, x_t, h_prev)


def test_chapter_solution_of_the_frame_exercise_passes():
    """The folded solution of ex-gru-frame in book/02_gru_gates.md (its numbers are read off
    the frame, so they are literals) still passes the check: a change of the toy GRU or of the
    exercise's step that leaves them stale fails here."""
    import re
    from pathlib import Path

    from gru_lab.exercises import check_frame_update

    text = (Path(__file__).resolve().parents[1] / "book" / "02_gru_gates.md").read_text(
        encoding="utf-8")
    solution = text[text.index("{solution-start} ex-gru-frame"):]
    code = re.search(r"```\{code-cell\} ipython3\n(.*?)```", solution, flags=re.S).group(1)
    namespace = {"check_frame_update": lambda f: check_frame_update(f, verbose=False)}
    exec(code.replace("check_frame_update(my_h_t)", ""), namespace)  # noqa: S102
    assert check_frame_update(namespace["my_h_t"], verbose=False).passed
