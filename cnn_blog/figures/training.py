"""Figures of part 12, training (``docs/12-training.*.md``).

Training takes a while, so these functions draw what a trained model gave them: the snippet
``snippets/12_training/train_mnist.py`` trains once at build time and hands each function its
arrays. Every function is ``make_<name>(lang, ...) -> Figure``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "epoch": "エポック",
        "loss": "損失（交差エントロピー誤差）",
        "accuracy": "正解率",
        "train": "訓練データ",
        "validation": "検証データ",
        "loss_title": "損失",
        "accuracy_title": "正解率",
        "true_label": "正解ラベル",
        "predicted_label": "予測したラベル",
        "confusion_title": "混同行列（テストデータ {n:,} 枚）",
        "filters_title": "1 層目の Conv2D が学習した 32 個のフィルタ（3×3）",
        "negative": "負",
        "positive": "正",
        "input": "入力画像",
        "feature_maps_title": "テスト画像 1 枚の特徴マップ（各層の最初の {k} 枚）",
        "probability": "確率",
        "digit": "数字",
        "truth_prediction": "正解 {true} → 予測 {pred}",
    },
    "en": {
        "epoch": "epoch",
        "loss": "loss (cross-entropy error)",
        "accuracy": "accuracy",
        "train": "training data",
        "validation": "validation data",
        "loss_title": "loss",
        "accuracy_title": "accuracy",
        "true_label": "true label",
        "predicted_label": "predicted label",
        "confusion_title": "confusion matrix ({n:,} test images)",
        "filters_title": "the 32 filters (3×3) learned by the first Conv2D",
        "negative": "negative",
        "positive": "positive",
        "input": "input image",
        "feature_maps_title": "feature maps of one test image (first {k} of each layer)",
        "probability": "probability",
        "digit": "digit",
        "truth_prediction": "true {true} → predicted {pred}",
    },
}

TRAIN_COLOR, VALIDATION_COLOR = "tab:blue", "tab:orange"


def make_learning_curves(lang: str, history: dict):
    """Loss (left) and accuracy (right) per epoch, training and validation data.

    ``history``: what ``model.fit`` returns in ``History.history`` (and ``train.py`` writes to
    history.json): lists ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``, one number per epoch.
    """
    t = LABELS[check_lang(lang)]
    epochs = np.arange(1, len(history["loss"]) + 1)
    with house_style(lang):
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
        for ax, key in zip(axes, ("loss", "accuracy")):
            ax.plot(epochs, history[key], "o-", color=TRAIN_COLOR, label=t["train"])
            ax.plot(epochs, history[f"val_{key}"], "s--", color=VALIDATION_COLOR, label=t["validation"])
            ax.set_xlabel(t["epoch"])
            ax.set_ylabel(t[key])
            ax.set_title(t[f"{key}_title"])
            ax.set_xticks(epochs)
            ax.legend()
        axes[0].set_ylim(bottom=0)
    fig.tight_layout()
    return fig


def make_confusion_matrix(lang: str, confusion: np.ndarray, class_names):
    """``confusion[i, j]``: test images of class i the model called j; counts written in each cell.

    ``confusion``: int (classes, classes), rows the true label, columns the prediction.
    """
    t = LABELS[check_lang(lang)]
    confusion = np.asarray(confusion)
    k = len(class_names)
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(5.6, 5))
        # pcolormesh draws one vector square per cell: sharp at any zoom, small in SVG.
        ax.pcolormesh(np.arange(k + 1) - 0.5, np.arange(k + 1) - 0.5, confusion, cmap="Blues",
                      vmin=0, vmax=confusion.max())
        ax.set_xlim(-0.5, k - 0.5)
        ax.set_ylim(k - 0.5, -0.5)  # row 0 at the top, as the matrix is written
        ax.set_aspect("equal")
        ax.grid(False)
        for i in range(k):
            for j in range(k):
                count = int(confusion[i, j])
                if count:
                    dark = count > confusion.max() / 2
                    ax.text(j, i, str(count), ha="center", va="center", fontsize=9,
                            color="white" if dark else ("black" if i == j else "tab:red"))
        ax.set_xticks(range(k), class_names)
        ax.set_yticks(range(k), class_names)
        ax.set_xlabel(t["predicted_label"])
        ax.set_ylabel(t["true_label"])
        ax.set_title(t["confusion_title"].format(n=int(confusion.sum())))
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
    return fig


def make_filters(lang: str, kernel: np.ndarray, columns: int = 8):
    """The first Conv2D's filters, one small square each, blue < 0 < red on one shared scale.

    ``kernel``: (kh, kw, 1, filters), as ``layer.get_weights()[0]`` gives it for a gray input.
    """
    t = LABELS[check_lang(lang)]
    kernel = np.asarray(kernel)
    if kernel.ndim != 4 or kernel.shape[2] != 1:
        raise ValueError(f"kernel must be (kh, kw, 1, filters), got {kernel.shape}")
    filters = kernel.shape[3]
    rows = -(-filters // columns)
    limit = float(np.abs(kernel).max())
    with house_style(lang):
        fig, axes = plt.subplots(rows, columns, figsize=(1.0 * columns + 1.2, 1.0 * rows + 0.6))
        for index, ax in enumerate(np.ravel(axes)):
            ax.set_axis_off()
            if index < filters:
                image = ax.imshow(kernel[:, :, 0, index], cmap="RdBu_r", vmin=-limit, vmax=limit)
                ax.set_title(str(index), fontsize=8, pad=2)
        fig.suptitle(t["filters_title"])
        bar = fig.colorbar(image, ax=axes, shrink=0.8, ticks=[-limit, 0, limit])
        bar.ax.set_yticklabels([t["negative"], "0", t["positive"]])
    return fig


def make_feature_maps(lang: str, image: np.ndarray, stages, channels: int = 8):
    """One test image and, row by row, the first ``channels`` feature maps after each layer.

    ``image``: (h, w) or (h, w, 1) in [0, 1]. ``stages``: ``[(name, maps), ...]`` in the model's
    order, ``maps`` (h', w', c). Blue < 0 < red; a row named "ReLU" uses the scale of the row above
    it (its Conv2D), so the two rows differ only where ReLU set a negative value to 0.
    """
    t = LABELS[check_lang(lang)]
    image = np.asarray(image)
    image = image[..., 0] if image.ndim == 3 else image  # (h, w, 1) -> (h, w)
    rows = [(t["input"], image[..., np.newaxis])] + list(stages)  # the input first: (h, w) -> (h, w, 1)
    with house_style(lang):
        height = 0.95 * len(rows) + 0.45
        fig, axes = plt.subplots(len(rows), channels + 1, figsize=(0.9 * channels + 1.9, height),
                                 gridspec_kw={"width_ratios": [1.9] + [1] * channels})
        limit = 1.0
        for row, (name, maps) in enumerate(rows):
            maps = np.asarray(maps)  # (h', w', c)
            label_ax = axes[row, 0]
            label_ax.set_axis_off()
            label_ax.text(1.0, 0.5, f"{name}\n{' × '.join(map(str, maps.shape))}", ha="right", va="center",
                          fontsize=11, transform=label_ax.transAxes)
            if row == 0:  # the input image, gray, in the first column only
                axes[0, 1].imshow(maps[:, :, 0], cmap="gray_r", vmin=0, vmax=1)
                for ax in axes[0, 1:]:
                    ax.set_axis_off()
                continue
            if name != "ReLU":
                limit = float(np.abs(maps[..., :channels]).max()) or 1.0
            for col in range(channels):
                ax = axes[row, col + 1]
                ax.set_axis_off()
                ax.imshow(maps[:, :, col], cmap="RdBu_r", vmin=-limit, vmax=limit)
                if row == 1:
                    ax.set_title(str(col), fontsize=10, pad=2)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.45 / height, wspace=0.12, hspace=0.3)
        fig.suptitle(t["feature_maps_title"].format(k=channels), fontsize=12)
    return fig


def make_predictions(lang: str, images: np.ndarray, probabilities: np.ndarray, true_labels, class_names):
    """A few test images, each above a bar chart of the probabilities the model gave every class.

    ``images``: (n, h, w, 1) or (n, h, w) in [0, 1]; ``probabilities``: (n, classes) (rows sum
    to 1); ``true_labels``: (n,) class indices. The predicted class's bar is blue when it is the
    right one and red when it is not; the right class's bar is outlined.
    """
    t = LABELS[check_lang(lang)]
    images = np.asarray(images)
    images = images[..., 0] if images.ndim == 4 else images  # (n, h, w, 1) -> (n, h, w)
    probabilities = np.asarray(probabilities)
    n, k = probabilities.shape
    with house_style(lang):
        fig, axes = plt.subplots(2, n, figsize=(1.75 * n, 3.9), gridspec_kw={"height_ratios": [1, 1.1]},
                                 squeeze=False)
        for index in range(n):
            truth, predicted = int(true_labels[index]), int(probabilities[index].argmax())
            top, bottom = axes[0, index], axes[1, index]
            top.imshow(images[index], cmap="gray_r", vmin=0, vmax=1)
            top.set_axis_off()
            top.set_title(t["truth_prediction"].format(true=class_names[truth], pred=class_names[predicted]),
                          fontsize=9, color="black" if truth == predicted else "tab:red")
            colors = ["lightgray"] * k
            colors[predicted] = "tab:blue" if truth == predicted else "tab:red"
            bars = bottom.bar(range(k), probabilities[index], color=colors)
            bars[truth].set_edgecolor("black")
            bars[truth].set_linewidth(1.2)
            bottom.set_ylim(0, 1)
            bottom.set_xticks(range(k), class_names, fontsize=7)
            bottom.set_xlabel(t["digit"], fontsize=8)
            if index == 0:
                bottom.set_ylabel(t["probability"])
            else:
                bottom.set_yticklabels([])
        fig.tight_layout()
    return fig
