"""Issue 17, the interactive figures: frames a snippet computes at build time, one figure with sliders
per part (2, 5, 7, 11), the browser only picking a frame.

- the frames equal what an independent computation gives (SciPy's correlation for Conv2D, a seeded
  generator for Dropout, NumPy's exponential for the softmax, Keras's optimizers for the paths), in
  the frame tables' numbers and in the decoded images;
- ``sitebuild.frames`` turns a table into HTML with label, output, alt and text line, and stops the
  build on an unknown name or an incomplete table;
- on the built pages: the figure is there in both languages, in the page's language, every frame
  file exists, and the page with all its frames stays within the weight budget;
- in the browser: each slider moves by keyboard and by pointer and the frame, the value shown, the
  alt text and the text line change; Dropout's button draws a new mask; nothing leaves localhost;
  without JavaScript the controls are hidden; at 375 px nothing overflows.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import LANGS, built_page
from PIL import Image
from snippets_util import run_snippet

from sitebuild.page_weight import page_weight, resolve

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PAGE_LIMIT = 1_000_000  # tests/test_links_and_weight.py's budget, here with every frame counted

# page slug -> (the line the page holds, the snippet that computes the frames)
FIGURES = {
    "02-conv2d": ("02_conv2d/02-conv2d-conv-frames", "snippets/02_conv2d/conv2d_frames.py"),
    "05-dropout": ("05_dropout/05-dropout-rate-frames", "snippets/05_dropout/dropout_frames.py"),
    "07-softmax": ("07_softmax/07-softmax-temperature-frames", "snippets/07_softmax/softmax_frames.py"),
    "11-adam": ("11_adam/11-adam-lr-frames", "snippets/11_adam/adam_frames.py"),
}

_runs: dict[str, tuple] = {}


def snippet_run(slug, tmp_path_factory):
    """Run a figure's snippet once per test session: (stdout, files, values, {lang: frame table})."""
    if slug not in _runs:
        stdout, files, values = run_snippet(FIGURES[slug][1])
        name = FIGURES[slug][0].rsplit("/", 1)[1]
        tables = {lang: json.loads(files[f"{name}.{lang}.frames.json"].read_text(encoding="utf-8")) for lang in LANGS}
        _runs[slug] = (stdout, files, values, tables)
    return _runs[slug]


def decoded(files, src, lang) -> np.ndarray:
    """A frame's image as RGB floats in [0, 1], (h, w, 3)."""
    stem, ext = src.rsplit(".", 1)
    path = files.get(f"{stem}.{lang}.{ext}") or files[src]
    return np.asarray(Image.open(io.BytesIO(path.read_bytes())).convert("RGB"), dtype=np.float64) / 255


# ------------------------------------------------------------------------------ part 2: Conv2D

def keras_like_conv(image, kernel, stride, padding):
    """Conv2D as cross-correlation with SciPy, Keras's 'same' padding (the extra row at the bottom)."""
    from scipy.signal import correlate2d

    k = kernel.shape[0]
    if padding == "same":
        pads = []
        for side in image.shape:
            out = -(-side // stride)
            total = max((out - 1) * stride + k - side, 0)
            pads.append((total // 2, total - total // 2))
        image = np.pad(image, pads)
    full = correlate2d(image, kernel, mode="valid")  # stride 1
    return full[::stride, ::stride]


def test_conv_frames_equal_scipys_correlation_and_the_images_show_their_shape(tmp_path_factory):
    from cnn_blog.data import chelsea_gray

    stdout, files, values, tables = snippet_run("02-conv2d", tmp_path_factory)
    image = chelsea_gray()
    vertical3 = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
    vertical5 = np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]).astype(float)  # Sobel 5 x 5, typed in here
    table = tables["en"]
    assert [c["values"] for c in table["controls"]] == [[1, 2, 3], ["valid", "same"], [3, 5]]
    assert len(table["frames"]) == values["frames"] == 12
    for stride, padding, k in [(1, "valid", 3), (2, "same", 5), (3, "valid", 5), (3, "same", 3)]:
        kernel = vertical3 if k == 3 else vertical5
        expected = keras_like_conv(image, kernel, stride, padding)
        h_out, w_out = expected.shape
        frame = table["frames"][f"{stride}|{padding}|{k}"]
        assert f"gives a {h_out}×{w_out} feature map" in frame["text"], frame["text"]
        assert f"{h_out}×{w_out}" in tables["ja"]["frames"][f"{stride}|{padding}|{k}"]["text"]
        assert f"= {h_out}," in frame["text"] and f"= {w_out})" in frame["text"]  # the size rule's two sides
        rgb = decoded(files, frame["src"], "en")
        assert rgb.shape[:2] == image.shape  # a canvas the size of the photo
        gray = np.all(np.abs(rgb - 224 / 255) < 0.02, axis=-1)
        assert not gray[:h_out, :w_out].any() and gray[h_out:, :].all() and gray[:, w_out:].all()
        # Red where Conv2D answers strongly positive, blue where strongly negative.
        limit = np.percentile(np.abs(expected), 90)
        shown = rgb[:h_out, :w_out]
        assert np.all(shown[expected > limit][:, 0] > shown[expected > limit][:, 2])
        assert np.all(shown[expected < -limit][:, 2] > shown[expected < -limit][:, 0])
    assert "output 50 x 75" in stdout


# ------------------------------------------------------------------------------ part 5: Dropout

def test_dropout_frames_drop_what_a_seeded_generator_says(tmp_path_factory):
    from cnn_blog.demos.dropout import dropout_steps
    from cnn_blog.figures.dropout import CROP

    _, files, values, tables = snippet_run("05-dropout", tmp_path_factory)
    _, fmap, _, _ = dropout_steps(steps=1)
    table = tables["en"]
    assert table["button"]["control"] == "mask" and values["masks"] == 4
    assert table["controls"][0]["values"] == [round(0.1 * i, 1) for i in range(10)]
    for rate, mask in [(0.1, 0), (0.3, 2), (0.5, 1), (0.9, 3)]:
        keep = np.random.default_rng(mask).random(fmap.shape) >= rate  # Keras's rule: drop below the rate
        frame = table["frames"][f"{rate:g}|{mask}"]
        assert f"{1 - keep.mean():.1%} of the feature map's {fmap.size:,} values dropped" in frame["text"], frame["text"]
        assert f"{1 - keep.mean():.1%}" in tables["ja"]["frames"][f"{rate:g}|{mask}"]["text"]
        out = np.where(keep, fmap / (1 - rate), 0)
        assert f"Mean {fmap.mean():.4f} → {out.mean():.4f}" in frame["text"]
        rgb = decoded(files, frame["src"], "en")
        blue = np.all(np.abs(rgb - np.array([31, 119, 180]) / 255) < 0.03, axis=-1)  # tab:blue
        assert rgb.shape[:2] == fmap[CROP].shape
        assert np.array_equal(blue, ~keep[CROP]), f"rate {rate}, mask {mask}: the blue squares are not the dropped values"
    # A new mask changes the image; rate 0 drops nothing and every mask shows the same map.
    assert table["frames"]["0.3|0"]["src"] != table["frames"]["0.3|1"]["src"]
    assert len({table["frames"][f"0|{m}"]["src"] for m in range(4)}) == 1


# ------------------------------------------------------------------------------ part 7: softmax

def test_temperature_frames_are_the_softmax_of_the_pages_scores(site, tmp_path_factory):
    stdout, files, values, tables = snippet_run("07-softmax", tmp_path_factory)
    scores = np.array(values["scores"])
    # The same prediction as the page's: the scores its snippet prints for the unsure image (the site
    # build wrote that output; a build given by CNN_BLOG_SITE may come from another checkout).
    page_out = Path(__file__).resolve().parent.parent / "docs" / "generated" / "07_softmax" / "softmax_prediction.unsure.out.txt"
    assert page_out.is_file() or os.environ.get("CNN_BLOG_SITE"), f"{page_out} missing after the site build"
    if page_out.is_file():
        page_scores = re.search(r"scores\s*: (\[.*?\])", page_out.read_text(encoding="utf-8"), re.S).group(1)
        assert re.search(r"scores (\[.*?\])", stdout, re.S).group(1).split() == page_scores.split()
    heights = {}
    for T in (0.25, 1, 2, 10):
        e = np.exp((scores - scores.max()) / T)
        p = e / e.sum()
        frame = tables["en"]["frames"][f"{T:g}"]
        assert f"the largest probability is {p.max():.3f} (digit {p.argmax()})" in frame["text"], frame["text"]
        assert f"数字 {p.argmax()} の {p.max():.3f}" in tables["ja"]["frames"][f"{T:g}"]["text"]
        if p.min() >= 0.0001:
            assert f"the smallest {p.min():.4f} (digit {p.argmin()})" in frame["text"]
        # The blue bar of the image is the largest probability: its height in pixels follows p.max().
        rgb = decoded(files, frame["src"], "en")
        blue = np.all(np.abs(rgb - np.array([31, 119, 180]) / 255) < 0.05, axis=-1)  # tab:blue
        heights[T] = (np.count_nonzero(blue.any(axis=1)), p.max())
    (h_sharp, p_sharp), (h_flat, p_flat) = heights[0.25], heights[10]
    assert h_sharp / h_flat == pytest.approx(p_sharp / p_flat, rel=0.05)
    flat, sharp = (tables["en"]["frames"][k]["text"] for k in ("10", "0.25"))
    assert flat != sharp


# ------------------------------------------------------------------------------ part 11: Adam

def keras_losses(learning_rate, steps=40):
    """Each optimizer's loss after ``steps`` steps on the page's surface, with Keras's own optimizers."""
    import keras

    from cnn_blog.demos.adam import CURVATURES, START

    losses = {}
    for name, make in (("SGD", keras.optimizers.SGD), ("RMSprop", keras.optimizers.RMSprop), ("Adam", keras.optimizers.Adam)):
        var = keras.Variable(START.copy())
        optimizer = make(learning_rate=learning_rate)
        for _ in range(steps):
            w = keras.ops.convert_to_numpy(var)
            optimizer.apply([keras.ops.convert_to_tensor(CURVATURES * w)], [var])  # the gradient by hand
        w = keras.ops.convert_to_numpy(var).astype(np.float64)
        losses[name] = float(0.5 * np.sum(CURVATURES * w ** 2))
    return losses


def test_learning_rate_frames_match_kerass_optimizers(tmp_path_factory):
    stdout, files, values, tables = snippet_run("11-adam", tmp_path_factory)
    table = tables["en"]
    assert table["controls"][0]["values"] == [0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.39, 0.41]
    assert "gradient descent is stable below 2 / 5 = 0.4" in stdout
    for lr in (0.03, 0.1, 0.41):
        text = table["frames"][f"{lr:g}"]["text"]
        shown = {name: float(v.replace(",", "")) for name, v in
                 re.findall(r"(gradient descent|RMSProp|Adam) (\d[\d,]*(?:\.\d+)?(?:e-?\d+)?)", text)}
        expected = keras_losses(lr)
        for ours, name in (("gradient descent", "SGD"), ("RMSProp", "RMSprop"), ("Adam", "Adam")):
            assert shown[ours] == pytest.approx(expected[name], rel=0.01, abs=1e-4), (lr, name, text)
    assert "leaves the chart" in table["frames"]["0.41"]["alt"] and "leaves the chart" not in table["frames"]["0.39"]["alt"]
    assert len({table["frames"][k]["src"] for k in table["frames"]}) == 8


# ------------------------------------------------------------------------------ frame tables and HTML

def test_frame_table_refuses_a_table_that_is_not_whole():
    from cnn_blog.demos.frames import frame_table

    controls = [{"name": "a", "label": "a", "values": [1, 2], "texts": ["1", "2"]}]
    whole = {"1": {"src": "x.png", "alt": "x", "text": "x"}, "2": {"src": "y.png", "alt": "y", "text": "y"}}
    assert frame_table(controls, whole)["controls"][0]["keys"] == ["1", "2"]
    with pytest.raises(ValueError, match="frames missing"):
        frame_table(controls, {"1": whole["1"]})
    with pytest.raises(ValueError, match="non-empty"):
        frame_table(controls, {**whole, "2": {"src": "y.png", "alt": "", "text": "y"}})
    with pytest.raises(ValueError, match="not a control"):
        frame_table(controls, whole, button={"control": "b", "label": "new"})


def _tiny_png(path: Path, size=(4, 3)):
    Image.new("RGB", size, "white").save(path)


def test_substitute_writes_the_figure_and_names_page_and_figure_on_an_error(tmp_path):
    from mkdocs.exceptions import PluginError

    from cnn_blog.demos.frames import frame_table
    from sitebuild.frames import substitute

    folder = tmp_path / "generated" / "09_part"
    folder.mkdir(parents=True)
    controls = [{"name": "rate", "label": "割合", "values": [0.1, 0.2], "texts": ["0.1", "0.2"], "initial": 1}]
    frames = {k: {"src": f"f{k}.png", "alt": f"代替 {k}", "text": f"行 {k}"} for k in ("0.1", "0.2")}
    for k in frames:
        _tiny_png(folder / f"f{k}.ja.png")
        _tiny_png(folder / f"f{k}.en.png")
    (folder / "x.ja.frames.json").write_text(json.dumps(frame_table(controls, frames)), encoding="utf-8")
    md = "Before.\n\n{{ frames 09_part/x }}\n\nAfter {{ 09_part/values:kept }}.\n"
    out = substitute(md, "ja", "ja", "09-part/index.html", tmp_path / "generated", "09-part.ja.md")
    doc = BeautifulSoup(out, "html.parser")
    fig = doc.select_one("figure.cnn-frames")
    assert fig.img["src"] == "../generated/09_part/f0.2.png" and fig.img["alt"] == "代替 0.2"  # the initial frame
    assert fig.img["width"] == "4" and fig.img["height"] == "3"
    assert doc.select_one("label").get_text() == "割合" and doc.select_one("output").get_text() == "0.2"
    assert doc.select_one("input[type=range]")["value"] == "1" and doc.select_one("figcaption").get_text() == "行 0.2"
    assert doc.select_one(".cnn-frames__controls").has_attr("hidden")
    assert "{{ 09_part/values:kept }}" in out  # a value is left to sitebuild.values
    with pytest.raises(PluginError, match=r"09-part\.ja\.md: \{\{ frames 09_part/nothing \}\} names no frame table"):
        substitute("{{ frames 09_part/nothing }}\n", "ja", "ja", "09-part/index.html", tmp_path / "generated", "09-part.ja.md")
    (folder / "f0.1.ja.png").unlink()
    with pytest.raises(PluginError, match="did not write"):
        substitute(md, "ja", "ja", "09-part/index.html", tmp_path / "generated", "09-part.ja.md")


# ------------------------------------------------------------------------------ the built pages

def figure_on(site, slug, lang):
    doc = BeautifulSoup(built_page(site, slug, lang).read_text(encoding="utf-8"), "html.parser")
    figures = doc.select("figure.cnn-frames")
    assert len(figures) == 1, f"{slug} ({lang}): {len(figures)} interactive figures"
    return figures[0]


def frame_files(site, slug, lang, figure) -> set[Path]:
    page = built_page(site, slug, lang)
    folder = resolve(site, page, figure.img["src"]).parent
    table = json.loads(figure.select_one("script.cnn-frames__table").string)
    return {folder / frame["src"] for frame in table["frames"].values()}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", FIGURES)
def test_built_figure_speaks_the_pages_language(site, slug, lang):
    figure = figure_on(site, slug, lang)
    table = json.loads(figure.select_one("script.cnn-frames__table").string)
    labels = [label.get_text() for label in figure.select(".cnn-frames__label")]
    assert len(labels) == len(table["controls"]) and all(labels)
    texts = [figure.img["alt"], figure.figcaption.get_text(), *(f["alt"] + f["text"] for f in table["frames"].values())]
    if lang == "ja":
        assert all(JAPANESE.search(t) for t in texts) and any(JAPANESE.search(label) for label in labels)
    else:
        assert not any(JAPANESE.search(t) for t in texts + labels)
    assert all(o.get_text() for o in figure.select("output"))
    assert figure.select_one(".cnn-frames__controls").has_attr("hidden")  # shown by frames.js only
    assert figure.has_attr("data-search-exclude")  # the search index keeps the prose, not every frame's text
    missing = [p for p in frame_files(site, slug, lang, figure) if not p.is_file()]
    assert not missing, missing[:3]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", FIGURES)
def test_page_with_every_frame_stays_within_the_budget(site, slug, lang):
    """A reader who moves every slider through every value downloads every frame: still under 1 MB."""
    page = built_page(site, slug, lang)
    figure = figure_on(site, slug, lang)
    extra = sum(p.stat().st_size for p in frame_files(site, slug, lang, figure) if p != resolve(site, page, figure.img["src"]))
    assert page_weight(site, page) + extra <= PAGE_LIMIT, (slug, lang, page_weight(site, page), extra)


# ------------------------------------------------------------------------------ in the browser

def _open(context, server, slug, lang):
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + ("" if lang == "ja" else "en/") + f"{slug}/")
    page.wait_for_load_state("networkidle")
    figure = page.locator("figure.cnn-frames")
    figure.scroll_into_view_if_needed()
    return page, figure, requests


def _state(figure):
    return figure.evaluate("""f => ({src: f.querySelector('img').src, alt: f.querySelector('img').alt,
        text: f.querySelector('figcaption').textContent, loaded: f.querySelector('img').naturalWidth,
        outputs: Array.from(f.querySelectorAll('output')).map(o => o.textContent)})""")


def _settled(page, figure):
    page.wait_for_function("f => f.querySelector('img').complete", arg=figure.element_handle())
    return _state(figure)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", FIGURES)
def test_sliders_move_by_keyboard_and_pointer(context, server, slug, lang):
    page, figure, requests = _open(context, server, slug, lang)
    assert figure.locator(".cnn-frames__controls").is_visible()
    ranges = figure.locator("input[type=range]")
    for i in range(ranges.count()):
        slider = ranges.nth(i)
        before = _settled(page, figure)
        low, high, value = (int(slider.get_attribute(a)) for a in ("min", "max", "value"))
        key = "ArrowLeft" if value == high else "ArrowRight"
        slider.focus()
        slider.press(key)
        after = _settled(page, figure)
        assert int(slider.input_value()) == value + (1 if key == "ArrowRight" else -1)
        for field in ("src", "alt", "text", "outputs"):
            assert after[field] != before[field], f"{slug} ({lang}) slider {i}, {key}: {field} did not change"
        assert after["loaded"] > 0, "the new frame did not load"
        # The pointer: a click at the slider's far end (or its start) takes it there.
        box = slider.bounding_box()
        target = low if int(slider.input_value()) == high else high
        x = box["x"] + (3 if target == low else box["width"] - 3)
        page.mouse.click(x, box["y"] + box["height"] / 2)
        moved = _settled(page, figure)
        assert int(slider.input_value()) == target, f"{slug} ({lang}) slider {i}: a click did not move it"
        assert moved["src"] != after["src"] and moved["text"] != after["text"] and moved["alt"] != after["alt"]
        assert moved["outputs"] != after["outputs"]
    foreign = {urlsplit(u).netloc for u in requests if urlsplit(u).scheme in ("http", "https")} - {urlsplit(server).netloc}
    assert not foreign, f"requests to {foreign}"
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_dropout_button_draws_a_new_mask(context, server, lang):
    page, figure, _ = _open(context, server, "05-dropout", lang)
    button = figure.locator("button.cnn-frames__button")
    seen = [_settled(page, figure)]
    for _ in range(4):
        button.click()
        seen.append(_settled(page, figure))
    assert len({s["src"] for s in seen[:4]}) == 4 and seen[4]["src"] == seen[0]["src"]  # 4 masks, then round again
    assert seen[1]["text"] != seen[0]["text"] and seen[1]["outputs"] != seen[0]["outputs"]
    button.focus()
    page.keyboard.press("Enter")  # a button answers the keyboard too
    assert _settled(page, figure)["src"] == seen[1]["src"]
    page.close()


def test_without_javascript_the_controls_stay_hidden_and_the_first_frame_shows(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "en/07-softmax/")
    figure = page.locator("figure.cnn-frames")
    assert figure.locator("img").is_visible() and figure.locator("figcaption").is_visible()
    assert not figure.locator(".cnn-frames__controls").is_visible()
    ctx.close()


@pytest.mark.parametrize("slug", FIGURES)
def test_figure_fits_a_phone_in_dark_mode(browser, server, slug):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, color_scheme="dark")
    page = ctx.new_page()
    page.goto(server + f"{slug}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    figure = page.locator("figure.cnn-frames")
    figure.scroll_into_view_if_needed()
    # The figure itself fits (the page's own width is test_browser.py's phone test).
    assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    for element in figure.locator("label, output, figcaption").all():
        r = element.bounding_box()
        assert r["x"] >= 0 and r["x"] + r["width"] <= 375
    # The text is light on the dark page: Material's foreground colour, not a fixed dark one.
    color = figure.locator("figcaption").evaluate("e => getComputedStyle(e).color")
    assert sum(int(v) for v in re.findall(r"\d+", color)[:3]) > 3 * 150, color
    # A tap on the slider moves it (touch).
    slider = figure.locator("input[type=range]").first
    before = _settled(page, figure)
    b = slider.bounding_box()
    page.touchscreen.tap(b["x"] + b["width"] - 2, b["y"] + b["height"] / 2)
    assert _settled(page, figure)["src"] != before["src"]
    ctx.close()


def test_side_by_side_view_moves_both_languages_figures(context, server):
    """The side-by-side view rebases the pages' images; frames.js resolves frames against the image's own
    URL, so each language's figure there still finds its frames."""
    page = context.new_page()
    page.goto(server + "side-by-side/05-dropout/")
    page.wait_for_load_state("networkidle")
    figures = page.locator("figure.cnn-frames")
    assert figures.count() == 2
    ids = page.evaluate("Array.from(document.querySelectorAll('figure.cnn-frames, figure.cnn-frames [id]')).map(e => e.id)")
    assert len(ids) == len(set(ids)) == 2 * 5, f"the two figures' ids clash: {ids}"  # figure, range, its output, mask label, mask output
    for i in range(2):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        before = _settled(page, figure)
        figure.locator("input[type=range]").first.press("ArrowRight")
        after = _settled(page, figure)
        assert after["src"] != before["src"] and after["loaded"] > 0, f"figure {i}: the next frame did not load"
    page.close()
