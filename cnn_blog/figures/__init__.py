"""Every figure on the site: ``make_<name>(lang, …) -> Figure``, one module per part, one house style.

A figure only draws the arrays it is given; what a page teaches is computed in ``cnn_blog.demos``.

- ``cnn_blog.figures.style``: ``LANGS``, ``house_style(lang)``, ``save_figure(fig, path)`` — shared
  fonts (IPAexGothic from matplotlib-fontja for Japanese, so glyphs are real, never empty boxes),
  sizes, and .svg/.png files that are byte-identical from one run to the next.
- ``cnn_blog.figures.<part>``: that part's ``make_*`` functions and their ``LABELS`` in both languages.

This package imports no part module itself, so a snippet that uses one part's figures depends on that
module alone, and editing another part's figures re-runs none of its snippets at build time.
"""

import importlib

# Shortcuts (``from cnn_blog.figures import make_relu_graph``), imported only when asked for.
_LAZY = {
    "LANGS": "style", "check_lang": "style", "house_style": "style", "save_figure": "style",
    "make_relu_feature_maps": "relu", "make_relu_graph": "relu",
    "make_augmented_grid": "dataset", "make_class_balance": "dataset",
    "make_edge_filters": "conv2d", "make_sliding_window": "conv2d", "make_window_frames": "conv2d",
    "make_pool_blocks": "maxpooling2d", "make_pool_feature_map": "maxpooling2d",
    "make_dropout_experiment": "dropout", "make_dropout_masks": "dropout",
    "make_flatten_stack": "flatten_dense", "make_parameter_counts": "flatten_dense",
    "make_confusion_matrix": "training", "make_feature_maps": "training", "make_filters": "training",
    "make_learning_curves": "training", "make_predictions": "training",
    "make_prediction": "softmax", "make_temperature": "softmax",
    "make_gradient": "crossentropy", "make_loss_comparison": "crossentropy", "make_neg_log": "crossentropy",
    "make_parameters": "compile",
    "make_training_curves": "numpy_model",
    "make_equivariance": "why_convolution", "make_learned_kernel": "why_convolution",
    "make_shift_accuracy": "why_convolution",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'cnn_blog.figures' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cnn_blog.figures.{_LAZY[name]}"), name)
