"""The explorer's one view (gru_lab/explorer.js, an ES module) against gru_forward, run with node.

The static site and the live widget compute every gate in JavaScript; these tests hold it to
the numpy reference (1e-6, in practice ~1e-15) for both reset_after variants and the vanilla
RNN, on random configurations, for one-hot characters and for a word embedding, with the
arrays sent as base64 (static page) or as binary buffers (widget), and check the HTML/JSON
that carries it.
"""

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import gru_lab as gl
from gru_lab import explorer as ge

NODE = shutil.which("node") or "/usr/bin/node"
JS = str(resources.files("gru_lab").joinpath("explorer.js"))

RUNNER = """
const E = await import(process.argv[1]);
const fs = await import('fs');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
// A widget's binary buffers arrive as DataViews: {"hex": ...} stands for one here.
const revive = (k, v) => (v && typeof v === 'object' && typeof v.hex === 'string')
  ? new DataView(Uint8Array.from(Buffer.from(v.hex, 'hex')).buffer) : v;
const out = job.texts.map(text => {
  const m = E.prepareModel(JSON.parse(JSON.stringify(job.model), revive));
  const tr = E.forwardText(m, text);
  const arr = a => a ? a.map(v => Array.from(v)) : null;
  return {tokens: tr.tokens, z: arr(tr.z), r: arr(tr.r), h_tilde: arr(tr.h_tilde), h: arr(tr.h)};
});
console.log(JSON.stringify(out));
"""


def _as_json(obj):
    """A model entry made with binary=True: each bytes buffer as {"hex": ...} for node."""
    if isinstance(obj, bytes):
        return {"hex": obj.hex()}
    if isinstance(obj, dict):
        return {k: _as_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_as_json(v) for v in obj]
    return obj


@pytest.fixture(scope="session")
def js_module(tmp_path_factory):
    """explorer.js copied as an .mjs file, which node imports as an ES module."""
    path = tmp_path_factory.mktemp("js") / "explorer.mjs"
    shutil.copy(JS, path)
    return str(path)


_MODULE: list[str] = []


@pytest.fixture(autouse=True)
def _module_path(js_module):
    _MODULE[:] = [js_module]


def run_js(model_entry, texts):
    if not shutil.which(NODE):
        pytest.skip("node is not installed")
    job = json.dumps({"model": _as_json(model_entry), "texts": texts})
    res = subprocess.run(
        [NODE, "--input-type=module", "-e", RUNNER, _MODULE[0]], input=job, capture_output=True,
        text=True, timeout=60, check=False
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _random_gru(D, H, reset_after, seed, dtype=np.float64):
    p = gl.GRUParams.init(D, H, reset_after=reset_after, seed=seed)
    rng = np.random.default_rng(seed)
    for a in p.arrays().values():
        a += rng.normal(scale=0.8, size=a.shape)
    return p.astype(dtype)


TEXTS = ["hello, world", "a", "zz?? unknown ☃ chars", "the gate opens on spaces"]


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_js_gru_matches_gru_forward_on_chars(reset_after, dtype):
    enc = ge.Encoder.chars(" abcdefghijklmnopqrstuvwxyz,.")
    p = _random_gru(enc.input_size, 7, reset_after, seed=3, dtype=dtype)
    out = run_js(ge.model_json("m", p, enc, []), TEXTS)
    for text, js in zip(TEXTS, out, strict=True):
        x, tokens = enc(text)
        tr = gl.gru_forward(x, p)
        assert js["tokens"] == tokens
        for k in ("z", "r", "h_tilde", "h"):
            np.testing.assert_allclose(np.array(js[k]), getattr(tr, k), rtol=0, atol=1e-6)
            assert np.max(np.abs(np.array(js[k]) - getattr(tr, k))) < 1e-12


@pytest.mark.parametrize("seed", range(6))
def test_js_forward_equals_gru_forward_on_random_configurations(seed):
    """The parity the issue asks for: on random D, H, T and weights, both reset variants and
    the vanilla RNN agree with gru_forward / rnn_forward within 1e-6, with the arrays sent as
    base64 (static page) and as binary buffers (widget)."""
    rng = np.random.default_rng(100 + seed)
    D, H = int(rng.integers(1, 9)), int(rng.integers(1, 17))
    vocab = [chr(ord("a") + i) for i in range(D)]
    enc = ge.Encoder.chars(vocab)
    texts = ["".join(rng.choice(vocab + ["?"], size=int(rng.integers(1, 60)))) for _ in range(3)]
    models = [_random_gru(D, H, False, seed), _random_gru(D, H, True, seed + 1),
              gl.RNNParams.init(D, H, seed=seed)]
    for p in models:
        for binary in (False, True):
            out = run_js(ge.model_json("m", p, enc, [], binary=binary), texts)
            for text, js in zip(texts, out, strict=True):
                x, tokens = enc(text)
                assert js["tokens"] == tokens
                tr = ge.run_model(p, x)
                keys = ("z", "r", "h_tilde", "h") if isinstance(p, gl.GRUParams) else ("h",)
                for k in keys:
                    np.testing.assert_allclose(np.array(js[k]), getattr(tr, k), rtol=0,
                                               atol=1e-6)


@pytest.mark.parametrize("reset_after", [False, True])
def test_js_gru_matches_on_word_embeddings(reset_after):
    vocab = ["<unk>", "the", "movie", "was", "not", "good", "great", "!", ",", "."]
    E = np.random.default_rng(0).normal(size=(len(vocab), 6)).astype(np.float32)
    enc = ge.Encoder.words(vocab, embedding=E, unk="<unk>")
    p = _random_gru(6, 5, reset_after, seed=4)
    texts = ["The movie was NOT good!", "great, great movie.", "unknown words here"]
    for binary in (False, True):  # the embedding as base64 and as a binary buffer
        out = run_js(ge.model_json("m", p, enc, [], binary=binary), texts)
        for text, js in zip(texts, out, strict=True):
            x, tokens = enc(text)
            assert js["tokens"] == tokens
            np.testing.assert_allclose(np.array(js["h"]), gl.gru_forward(x, p).h, atol=1e-6)


def test_js_rnn_matches_rnn_forward():
    enc = ge.demo_encoder()
    p = gl.RNNParams.init(5, 4, seed=0)
    out = run_js(ge.model_json("rnn", p, enc, []), ["ab ba cab."])
    x, _ = enc("ab ba cab.")
    np.testing.assert_allclose(np.array(out[0]["h"]), gl.rnn_forward(x, p).h, atol=1e-6)
    assert out[0]["z"] is None


def test_js_demo_model_and_sliders():
    p = ge.demo_params(4, reset_after=True)
    entry = ge.model_json("demo", p, ge.demo_encoder(), [], sliders=["b_z", ("W_z", " ", 0)])
    assert [s["label"] for s in entry["sliders"]] == [
        "b_z[0]",
        "b_z[1]",
        "b_z[2]",
        "b_z[3]",
        "W_z[' ', 0]",
    ]
    out = run_js(entry, ge.DEMO_INPUTS)
    for text, js in zip(ge.DEMO_INPUTS, out, strict=True):
        x, _ = ge.demo_encoder()(text)
        np.testing.assert_allclose(np.array(js["z"]), gl.gru_forward(x, p).z, atol=1e-6)


def test_tokenizers_agree():
    for kind, vocab in (("chars", list("ab ")), ("words", ["a"])):
        enc = ge.Encoder(vocab, kind=kind, lower=True)
        texts = ["Héllo, wörld! It's 3.14 — ok?", "  two  spaces\tand\nlines", "日本語 テキスト"]
        out = run_js(ge.model_json("m", _random_gru(enc.input_size, 2, False, 0), enc, []), texts)
        assert [o["tokens"] for o in out] == [enc.tokenize(t) for t in texts]


def test_demo_model_roles():
    """The hand-set model does what chapter 2 says: unit 0's update gate opens on spaces."""
    p = ge.demo_params(4)
    x, tokens = ge.demo_encoder()("ab ba cab.")
    tr = gl.gru_forward(x, p)
    space = np.array([t == " " for t in tokens])
    assert (tr.z[space, 0] > 0.95).all()
    shut = np.array([t in "bc." for t in tokens])
    assert (tr.z[shut, 0] < 0.05).all()  # copied forward
    assert (tr.r[np.array(tokens) == ".", :] < 0.05).all()  # "." shuts the reset gates
    assert (tr.z[:, 3] > 0.99).all() and (tr.z[:, 2] < 0.2).all()


def test_html_is_safe_and_unique():
    ex = ge.show(
        ge.demo_params(),
        ["a </script><script>alert(1)</script> b"],
        vocab=ge.DEMO_VOCAB,
        fallback_png=False,
    )
    a, b = ex.to_html(), ex.to_html()
    script = a.split('<script type="module">', 1)[1].rsplit("</script>", 1)[0]
    assert "</" not in script
    assert a.split('"', 2)[1] != b.split('"', 2)[1]  # a fresh id per output
    assert "data-lm-suppress-shortcuts" in Path(JS).read_text(encoding="utf-8")


def test_python_encoder_traces_are_packed_arrays():
    """A Python-only encoder: the prepared inputs' traces travel as packed arrays (base64 on
    the static page, bytes for the widget's binary buffers), never as JSON lists; an RNN
    sends h only."""
    enc = ge.demo_encoder()
    entry = ge.model_json("rnn", gl.RNNParams.init(5, 2, seed=0), lambda s: enc(s), ["ab"])
    assert entry["encoder"] is None
    trace = entry["traces"][0]
    assert trace["tokens"] == ["a", "b"] and set(trace) == {"tokens", "h"}
    assert trace["h"]["shape"] == [2, 2] and "b64" in trace["h"]
    json.loads(ge._json_for_script(entry))  # valid JSON, no NaN
    live = ge.model_json("gru", ge.demo_params(), lambda s: enc(s), ["ab"], binary=True)
    assert isinstance(live["traces"][0]["z"]["buffer"], bytes)
    assert isinstance(live["weights"]["W_z"]["buffer"], bytes)


def test_fallback_image_has_alt_text(monkeypatch):
    """Protects what a reader without JavaScript gets: a sentence and a picture with alt text,
    in the notebook's language, and in both languages on the site (the book's build,
    GRU_LAB_LANGS=all), where the stylesheet shows the page's."""
    monkeypatch.delenv("GRU_LAB_LANGS", raising=False)
    ex = ge.show(ge.demo_params(), ge.DEMO_INPUTS, vocab=ge.DEMO_VOCAB)
    html = ex.to_html().split("<script")[0]  # the fallback, before the view's script
    assert 'class="grulab-fallback"' in html and "data:image/png;base64," in html
    assert 'alt="Heatmaps of the update gate z' in html and 'lang="zh-CN"' not in html
    monkeypatch.setenv("GRU_LAB_LANGS", "all")
    both = ex.to_html().split("<script")[0]
    assert 'lang="en"' in both and 'lang="zh-CN"' in both
    assert 'alt="Heatmaps of the update gate z' in both and "更新门" in both


def test_encoder_errors_are_clear():
    with pytest.raises(ValueError, match="needs vocab"):
        ge.show(ge.demo_params(), ["ab"])
    with pytest.raises(ValueError, match="D = 5"):
        ge.show(ge.demo_params(), ["ab"], vocab="abc")
