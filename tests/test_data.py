"""cnn_blog.data: MNIST-5k split, photo folders, augmentation and the .npz dataset file. No TensorFlow here."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnn_blog import data
from cnn_blog.data import DataError

ROOT = Path(__file__).resolve().parents[1]


def write_photos(root, counts, size=(20, 16)):
    """A photo folder: ``counts`` {label: n}; each label its own pattern, files in PNG, JPEG and gray PNG.

    Label i's photos are stripes of one colour (the first label red, the second green, …), with a
    little noise, so that a model can tell the labels apart. Returns ``root``.
    """
    rng = np.random.default_rng(0)
    width, height = size
    for i, (label, n) in enumerate(counts.items()):
        folder = Path(root) / label
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(n):
            pixels = rng.integers(0, 40, size=(height, width, 3), dtype=np.uint8)  # (h, w, 3) noise
            pixels[:: 2, :, i % 3] = 220  # stripes in the label's colour
            image = Image.fromarray(pixels)
            if k % 3 == 0:
                image.save(folder / f"{k}.png")
            elif k % 3 == 1:
                image.save(folder / f"{k}.jpg", quality=95)
            else:
                image.convert("L").save(folder / f"{k}.png")  # a gray photo among colour ones
    return Path(root)


# ---------------------------------------------------------------- import cost


def test_importing_data_does_not_import_tensorflow(tmp_path):
    write_photos(tmp_path / "photos", {"a": 2, "b": 2})
    code = (
        "import sys; import cnn_blog.data as d\n"
        "loaded = [m for m in ('tensorflow', 'keras') if m in sys.modules]\n"
        "assert not loaded, f'imported at import time: {loaded}'\n"
        f"x, y, labels = d.load_image_folder({str(tmp_path / 'photos')!r}, image_size=12)\n"
        "x2, y2 = d.augment(x, y, angles=[0, 10])\n"
        f"d.save_dataset({str(tmp_path / 'd.npz')!r}, x2, x, y2, y, labels)\n"
        f"d.load_dataset({str(tmp_path / 'd.npz')!r})\n"
        "loaded = [m for m in ('tensorflow', 'keras') if m in sys.modules]\n"
        "assert not loaded, f'imported while loading photos: {loaded}'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- MNIST-5k


def test_mnist_5k_split_is_stratified_and_seeded():
    x_train, x_test, y_train, y_test = data.load_mnist_5k()
    assert x_train.shape == (4000, 28, 28, 1) and x_test.shape == (1000, 28, 28, 1)
    assert x_train.dtype == np.float32 and 0 <= x_train.min() and x_train.max() <= 1
    assert np.bincount(y_train).tolist() == [400] * 10  # every digit keeps its share: sorted data, stratified
    assert np.bincount(y_test).tolist() == [100] * 10
    other = data.load_mnist_5k(seed=1)  # another seed, another split (the same seed: the same one)
    assert not np.array_equal(other[3], y_test)


# ---------------------------------------------------------------- photo folders


def test_image_folder_reads_resizes_and_labels(tmp_path):
    root = write_photos(tmp_path, {"dogs": 4, "cats": 3})
    (root / "dogs" / ".DS_Store").write_bytes(b"\x00\x01 not a photo, but hidden: skipped")
    (root / "notes.txt").write_text("files beside the label folders are not read")
    x, y, labels = data.load_image_folder(root, image_size=12)
    assert labels == ["cats", "dogs"]  # subfolders in name order
    assert x.shape == (7, 12, 12, 3) and x.dtype == np.uint8  # the gray photo became RGB too
    assert y.tolist() == [0, 0, 0, 1, 1, 1, 1]
    x2, y2, labels2 = data.load_image_folder(root, image_size=12, labels=["dogs", "cats"])  # the series' order
    assert labels2 == ["dogs", "cats"] and y2.tolist() == [0, 0, 0, 0, 1, 1, 1]
    np.testing.assert_array_equal(x2[:4], x[3:])


def test_image_folder_resizes_a_plain_colour_exactly(tmp_path):
    for label, colour in (("red", (255, 0, 0)), ("blue", (0, 0, 255))):
        (tmp_path / label).mkdir()
        Image.new("RGB", (37, 23), colour).save(tmp_path / label / "1.png")
    x, y, labels = data.load_image_folder(tmp_path, image_size=10)
    assert labels == ["blue", "red"]
    assert (x[0] == (0, 0, 255)).all() and (x[1] == (255, 0, 0)).all()


def test_read_image_gray_and_rectangular(tmp_path):
    Image.new("RGB", (30, 20), (255, 255, 255)).save(tmp_path / "white.png")
    pixels = data.read_image(tmp_path / "white.png", (8, 6), channels=1)
    assert pixels.shape == (8, 6, 1) and (pixels == 255).all()


@pytest.mark.parametrize(
    "case, expected",
    [
        ("missing", "no such folder: {root}/nowhere"),
        ("file", "not a folder: {root}/photos/cats/0.png"),
        ("single", "need at least 2 label folders (one subfolder per label) in {root}/single, found only 'cats'"),
        ("none", "need at least 2 label folders (one subfolder per label) in {root}/none, found none"),
        ("empty", "label folder has no images: {root}/empty/lizards"),
        ("corrupt", "not an image (or a damaged one): {root}/corrupt/cats/broken.jpg"),
        ("text", "not an image (or a damaged one): {root}/text/dogs/readme.txt"),
        ("truncated", "not an image (or a damaged one): {root}/truncated/dogs/half.png"),
        ("label", "no folder for label 'fish': {root}/photos/fish"),
    ],
)
def test_image_folder_errors_name_the_path(tmp_path, case, expected):
    root = tmp_path
    write_photos(root / "photos", {"cats": 2, "dogs": 2})
    target = {"missing": root / "nowhere", "file": root / "photos" / "cats" / "0.png", "label": root / "photos"}.get(
        case, root / case
    )
    if case == "single":
        write_photos(target, {"cats": 2})
    elif case == "none":
        target.mkdir()
    elif case == "empty":
        write_photos(target, {"cats": 2, "dogs": 2})
        (target / "lizards").mkdir()
    elif case == "corrupt":
        write_photos(target, {"cats": 2, "dogs": 2})
        (target / "cats" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is no JPEG")
    elif case == "text":
        write_photos(target, {"cats": 2, "dogs": 2})
        (target / "dogs" / "readme.txt").write_text("hello")
    elif case == "truncated":
        write_photos(target, {"cats": 2, "dogs": 2})
        whole = (target / "dogs" / "0.png").read_bytes()
        (target / "dogs" / "half.png").write_bytes(whole[: len(whole) // 2])
    labels = ["cats", "fish"] if case == "label" else None
    with pytest.raises(DataError) as error:
        data.load_image_folder(target, image_size=12, labels=labels)
    message = str(error.value)
    assert message == expected.format(root=root)
    assert "\n" not in message


def test_image_folder_rejects_a_bad_size(tmp_path):
    write_photos(tmp_path, {"a": 1, "b": 1})
    with pytest.raises(DataError, match="image size must be a positive integer, got 0"):
        data.load_image_folder(tmp_path, image_size=0)


# ---------------------------------------------------------------- split


def test_split_is_stratified_and_explains_too_few_images():
    x = np.arange(40).reshape(40, 1)
    y = np.repeat([0, 1, 2, 3], 10)
    x_train, x_test, y_train, y_test = data.split_dataset(x, y, test_size=0.2, seed=0)
    assert np.bincount(y_test).tolist() == [2, 2, 2, 2] and len(x_train) == 32
    assert sorted(np.concatenate([x_train, x_test]).ravel().tolist()) == list(range(40))
    with pytest.raises(DataError, match="label 1 has 1 image"):
        data.split_dataset(x[:11], y[:11])
    with pytest.raises(DataError, match="cannot hold every one of the 4 labels"):
        data.split_dataset(x[::5], y[::5], test_size=0.2)  # 8 images: 2 test images for 4 labels
    with pytest.raises(DataError, match="test size must be between 0 and 1, got 1.5"):
        data.split_dataset(x, y, test_size=1.5)


# ---------------------------------------------------------------- augmentation


def test_augment_count_shapes_and_labels():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(5, 14, 10, 3), dtype=np.uint8)
    y = np.array([0, 1, 1, 2, 0])
    x_aug, y_aug = data.augment(x, y)  # the default angles, each also mirrored
    views = len(data.DEFAULT_ANGLES) * 2
    assert data.DEFAULT_ANGLES == (-20, -15, -10, -5, 0, 5, 10, 15)
    assert x_aug.shape == (5 * views, 14, 10, 3) and x_aug.dtype == np.uint8
    assert np.bincount(y_aug).tolist() == [2 * views, 2 * views, views]
    x3, y3 = data.augment(x[:, :, :, :1], y, angles=[-10, 0, 10], flip=False)  # gray photos
    assert x3.shape == (15, 14, 10, 1) and len(y3) == 15


def test_augment_keeps_photos_and_mirrors_them():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, size=(3, 8, 8, 3), dtype=np.uint8)
    y = np.array([0, 1, 2])
    x_aug, y_aug = data.augment(x, y, angles=[0], flip=True, seed=3)
    assert len(x_aug) == 6
    for image, label in zip(x, y):
        views = x_aug[y_aug == label]
        originals = [np.array_equal(view, image) for view in views]
        mirrors = [np.array_equal(view, image[:, ::-1]) for view in views]  # flipped left-right
        assert sorted(originals) == [False, True] and sorted(mirrors) == [False, True]


def test_augment_rotates_and_is_seeded():
    x = np.zeros((1, 9, 9, 1), dtype=np.uint8)
    x[0, 4, :, 0] = 255  # a horizontal line through the middle
    turned, _ = data.augment(x, [0], angles=[90], flip=False)
    np.testing.assert_array_equal(turned[0, :, 4, 0], np.full(9, 255))  # now vertical
    rng = np.random.default_rng(2)
    many = rng.integers(0, 256, size=(6, 8, 8, 3), dtype=np.uint8)
    a = data.augment(many, np.arange(6), seed=0)
    b = data.augment(many, np.arange(6), seed=0)
    c = data.augment(many, np.arange(6), seed=1)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])  # another seed, another order


def test_augment_rejects_float_images():
    with pytest.raises(DataError, match="uint8"):
        data.augment(np.zeros((1, 8, 8, 3)), [0])


# ---------------------------------------------------------------- the .npz dataset file


def small_dataset(rng=None):
    rng = rng or np.random.default_rng(0)
    x_train = rng.integers(0, 256, size=(12, 10, 10, 3), dtype=np.uint8)
    x_test = rng.integers(0, 256, size=(4, 10, 10, 3), dtype=np.uint8)
    return x_train, x_test, np.arange(12) % 3, np.arange(4) % 3, ["dogs", "cats", "monkeys"]


def test_dataset_file_round_trip(tmp_path):
    arrays = small_dataset()
    path = data.save_dataset(tmp_path / "augmented_images.npz", *arrays)
    loaded = data.load_dataset(path)
    for expected, got in zip(arrays[:4], loaded[:4]):
        np.testing.assert_array_equal(expected, got)
        assert got.dtype == np.asarray(expected).dtype
    assert loaded[4] == ["dogs", "cats", "monkeys"]
    with np.load(path, allow_pickle=False) as npz:  # named arrays, no pickle needed
        assert sorted(npz.files) == sorted(data.DATASET_KEYS)
    assert os.listdir(tmp_path) == ["augmented_images.npz"]  # no temporary file left behind
    assert (path.stat().st_mode & 0o777) == data.default_file_mode()


def test_dataset_file_errors_name_the_path(tmp_path):
    x_train, x_test, y_train, y_test, labels = small_dataset()
    with pytest.raises(DataError, match=r"must end in \.npz"):
        data.save_dataset(tmp_path / "d.npy", x_train, x_test, y_train, y_test, labels)
    with pytest.raises(DataError, match="need at least 2 labels"):
        data.save_dataset(tmp_path / "d.npz", x_train, x_test, y_train * 0, y_test * 0, ["dogs"])
    with pytest.raises(DataError, match="y_train has a label outside 0..2"):
        data.save_dataset(tmp_path / "d.npz", x_train, x_test, y_train + 1, y_test, labels)
    missing = tmp_path / "missing.npz"
    with pytest.raises(DataError, match=f"no such dataset file: {missing}"):
        data.load_dataset(missing)
    np.savez(tmp_path / "partial.npz", x_train=x_train, x_test=x_test, y_train=y_train, y_test=y_test)
    with pytest.raises(DataError, match="has no array 'labels'"):
        data.load_dataset(tmp_path / "partial.npz")
    np.save(tmp_path / "old.npy", x_train)
    with pytest.raises(DataError, match="not an .npz dataset file"):
        data.load_dataset(tmp_path / "old.npy")
    (tmp_path / "garbage.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match=f"not a readable .npz dataset file: {tmp_path / 'garbage.npz'}"):
        data.load_dataset(tmp_path / "garbage.npz")
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, x_train=x_train, x_test=x_test, y_train=y_train, y_test=y_test,
             labels=np.array([["a"], "b"], dtype=object))
    with pytest.raises(DataError, match="not a readable .npz dataset file"):
        data.load_dataset(pickled)


def test_interrupted_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "evaluation.json"
    path.write_text("old, complete")

    def write_half_then_fail(file):
        file.write(b"new, half")
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    with pytest.raises(KeyboardInterrupt):
        data.replace_atomically(path, write_half_then_fail)
    assert path.read_text() == "old, complete"
    assert os.listdir(tmp_path) == ["evaluation.json"]
    data.replace_atomically(path, lambda file: file.write(b"new, complete"))
    assert path.read_text() == "new, complete" and os.listdir(tmp_path) == ["evaluation.json"]


def test_a_missing_optional_module_names_the_extra_that_installs_it():
    from cnn_blog._extras import needs

    with pytest.raises(ModuleNotFoundError, match=r"""load_mnist_5k needs sklearn, which the 'data' extra installs: pip install "cnn-blog\[data\]\""""):
        with needs("data", "load_mnist_5k"):
            raise ModuleNotFoundError("No module named 'sklearn.model_selection'", name="sklearn.model_selection")
    # a module that is not the extra's is reported as it is
    with pytest.raises(ModuleNotFoundError, match="^No module named 'yaml_not_installed_anywhere'$"):
        with needs("data", "load_mnist_5k"):
            import yaml_not_installed_anywhere as _  # noqa: F401
    with pytest.raises(ModuleNotFoundError, match="No module named 'yaml_not_installed_anywhere'"):
        with needs("figures", "x"):
            import yaml_not_installed_anywhere as _  # noqa: F401, F811
