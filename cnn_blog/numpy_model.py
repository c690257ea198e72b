"""The series' whole CNN in NumPy: a small ``Sequential`` of ``cnn_blog.layers``, trained with Adam.

- ``series_model(input_shape, num_classes)`` builds the series' architecture for any input size;
- ``Sequential.load_keras_weights(model)`` copies the weights of the matching Keras model, after
  which ``predict`` gives Keras's probabilities;
- ``Sequential.fit`` trains it from scratch with ``SoftmaxCrossEntropy`` and ``Adam``.

This module imports no TensorFlow or Keras (they take seconds to load); only
``load_keras_weights`` does, and only when it is given a file name.
"""

from __future__ import annotations

import numpy as np

from cnn_blog.layers import (
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    MaxPooling2D,
    ReLU,
    Softmax,
    check_array,
)
from cnn_blog.losses import SoftmaxCrossEntropy
from cnn_blog.optimizers import Adam

__all__ = ["Sequential", "series_model", "one_hot"]


def one_hot(labels, num_classes: int) -> np.ndarray:
    """labels (n,) ints in [0, num_classes) -> (n, num_classes) float64 rows of 0 with one 1."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D int array, got dtype {labels.dtype}, shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes}), got {labels.min()}..{labels.max()}")
    return np.eye(num_classes)[labels]  # (n, num_classes)


# --8<-- [start:sequential]
class Sequential:
    """Layers run one after another, like ``keras.Sequential``.

    forward:  x (n, *input_shape) -> out (n, *output_shape), every layer's forward in order
    backward: dout (n, *output_shape) -> dx (n, *input_shape), every layer's backward in reverse
    """

    def __init__(self, layers):
        self.layers = list(layers)
        self.input_shape = None  # e.g. (28, 28, 1), set by build
        self.output_shapes = []  # each layer's output shape without the batch axis
        self.dtype = None

    def build(self, input_shape, seed: int = 0, dtype=np.float32) -> "Sequential":
        """Create every layer's weights for inputs of shape ``input_shape`` (no batch axis).

        Kernels are glorot-uniform and biases zero, as in Keras, drawn from
        ``np.random.default_rng(seed)``. Returns the model itself.
        """
        rng = np.random.default_rng(seed)
        shape = tuple(int(v) for v in input_shape)
        self.input_shape, self.output_shapes, self.dtype = shape, [], np.dtype(dtype)
        for layer in self.layers:
            if hasattr(layer, "build"):
                shape = layer.build(shape, rng=rng, dtype=self.dtype)
            elif hasattr(layer, "compute_output_shape"):
                shape = layer.compute_output_shape(shape)
            # else: an element-wise layer (ReLU) keeps the shape
            self.output_shapes.append(tuple(shape))
        return self

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """Every layer's weights in order: [kernel, bias, kernel, bias, ...], Keras's order."""
        return [w for layer in self.layers for w in getattr(layer, "trainable_weights", [])]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of every weight array, in the order of ``keras_model.get_weights()``."""
        return [w.copy() for w in self.trainable_weights]

    def set_weights(self, weights) -> None:
        """weights: a list like ``keras_model.get_weights()``: [kernel, bias] per layer with weights."""
        if self.input_shape is None:
            raise RuntimeError("call build(input_shape) before set_weights")
        weights = list(weights)
        layers = [layer for layer in self.layers if getattr(layer, "trainable_weights", [])]
        if len(weights) != 2 * len(layers):
            raise ValueError(
                f"expected {2 * len(layers)} arrays (kernel and bias of {len(layers)} layers), "
                f"got {len(weights)}"
            )
        for i, layer in enumerate(layers):
            kernel, bias = weights[2 * i], weights[2 * i + 1]
            if np.shape(kernel) != layer.kernel.shape:
                raise ValueError(
                    f"layer {i} ({type(layer).__name__}): kernel shape {np.shape(kernel)} does not "
                    f"match this model's {layer.kernel.shape}"
                )
            layer.set_weights([np.asarray(kernel, self.dtype), np.asarray(bias, self.dtype)])

    # --8<-- [start:load_keras_weights]
    def load_keras_weights(self, keras_model) -> "Sequential":
        """Copy the weights of the matching Keras model (or of a ``.keras`` file) into this one.

        The Keras model must have the same layers with weights (Conv2D, Dense) in the same
        order and shapes; its other layers (activations, pooling, dropout) have no weights.
        """
        if not hasattr(keras_model, "get_weights"):  # a path: only now pay for importing Keras
            import keras

            keras_model = keras.models.load_model(keras_model)
        keras_layers = [layer for layer in keras_model.layers if layer.get_weights()]
        ours = [layer for layer in self.layers if getattr(layer, "trainable_weights", [])]
        names = [type(layer).__name__ for layer in keras_layers]
        if names != [type(layer).__name__ for layer in ours]:
            raise ValueError(
                f"the Keras model's layers with weights {names} do not match this model's "
                f"{[type(layer).__name__ for layer in ours]}"
            )
        self.set_weights([w for layer in keras_layers for w in layer.get_weights()])
        return self
    # --8<-- [end:load_keras_weights]

    def count_params(self) -> int:
        """The number of weights, as ``keras_model.count_params()``."""
        return int(sum(w.size for w in self.trainable_weights))

    def summary(self) -> list[tuple[str, tuple, int]]:
        """One row per layer: (layer name, output shape with None for the batch axis, parameters)."""
        if self.input_shape is None:
            raise RuntimeError("call build(input_shape) first")
        return [
            (type(layer).__name__, (None, *shape), sum(w.size for w in getattr(layer, "trainable_weights", [])))
            for layer, shape in zip(self.layers, self.output_shapes)
        ]

    # --8<-- [start:forward_backward]
    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, *input_shape) -> out (n, *output_shape), in the model's dtype."""
        out = self._check_x(x)
        for layer in self.layers:
            out = layer.forward(out, training=training)
        return out

    def backward(self, dout) -> np.ndarray:
        """dout (n, *output_shape) -> dx (n, *input_shape); every layer keeps its gradients."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
    # --8<-- [end:forward_backward]

    def predict(self, x, batch_size: int = 32) -> np.ndarray:
        """Probabilities (n, num_classes) for x (n, *input_shape), ``batch_size`` at a time."""
        x = self._check_x(x)
        outs = [self.forward(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]
        return np.concatenate(outs)  # (n, num_classes)

    def evaluate(self, x, labels, batch_size: int = 32) -> tuple[float, float]:
        """(mean cross-entropy loss, accuracy) on x (n, *input_shape) and int labels (n,)."""
        probs = self.predict(x, batch_size)  # (n, classes)
        labels = np.asarray(labels)
        p_true = np.clip(probs[np.arange(len(labels)), labels], 1e-7, 1.0)  # (n,)
        return float(-np.mean(np.log(p_true))), float(np.mean(probs.argmax(axis=1) == labels))

    # --8<-- [start:train_on_batch]
    def train_on_batch(self, x, t, optimizer) -> tuple[float, float]:
        """One Adam step on one mini-batch: x (n, *input_shape), t (n, classes) one-hot.

        The last layer must be Softmax: it is fused with the loss (``SoftmaxCrossEntropy``),
        so the gradient that flows back is (y - t) / n. Returns (loss, accuracy) of the batch.
        """
        if not isinstance(self.layers[-1], Softmax):
            raise ValueError("train_on_batch needs a model that ends in Softmax()")
        scores = self._check_x(x)
        for layer in self.layers[:-1]:
            scores = layer.forward(scores, training=True)  # (n, classes) before softmax
        loss_layer = SoftmaxCrossEntropy()
        loss = loss_layer.forward(scores, t)
        dout = loss_layer.backward()  # (n, classes) = (y - t) / n
        for layer in reversed(self.layers[:-1]):
            dout = layer.backward(dout)
        optimizer.update(self.layers)
        accuracy = float(np.mean(scores.argmax(axis=1) == np.asarray(t).argmax(axis=1)))
        return loss, accuracy
    # --8<-- [end:train_on_batch]

    def fit(self, x, labels, batch_size: int = 32, epochs: int = 1, optimizer=None, seed: int = 0,
            validation_data=None, max_steps: int | None = None) -> dict[str, list[float]]:
        """Train like ``keras_model.fit``: shuffle every epoch, one optimizer step per mini-batch.

        x (n, *input_shape), labels (n,) ints. optimizer: default ``Adam()``. The shuffling
        uses ``np.random.default_rng(seed)``. validation_data: (x_val, labels_val), evaluated
        after each epoch. max_steps: stop early after that many steps (for quick demos).
        Returns the history: per epoch "loss" and "accuracy" (the mean over the epoch's
        batches, in training mode, as Keras reports them), and "val_loss", "val_accuracy".
        """
        x = self._check_x(x)
        labels = np.asarray(labels)
        if len(labels) != len(x):
            raise ValueError(f"x has {len(x)} examples but labels has {len(labels)}")
        t_all = one_hot(labels, self.output_shapes[-1][-1]).astype(self.dtype)  # (n, classes)
        optimizer = Adam() if optimizer is None else optimizer
        rng = np.random.default_rng(seed)
        history = {"loss": [], "accuracy": []}
        if validation_data is not None:
            history.update(val_loss=[], val_accuracy=[])
        steps = 0
        for _ in range(epochs):
            order = rng.permutation(len(x))  # (n,) a new order every epoch
            losses, accuracies, sizes = [], [], []
            for start in range(0, len(x), batch_size):
                batch = order[start : start + batch_size]  # (batch_size,) indices
                loss, accuracy = self.train_on_batch(x[batch], t_all[batch], optimizer)
                losses.append(loss), accuracies.append(accuracy), sizes.append(len(batch))
                steps += 1
                if max_steps is not None and steps >= max_steps:
                    break
            history["loss"].append(float(np.average(losses, weights=sizes)))
            history["accuracy"].append(float(np.average(accuracies, weights=sizes)))
            if validation_data is not None:
                val_loss, val_accuracy = self.evaluate(*validation_data, batch_size=batch_size)
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(val_accuracy)
            if max_steps is not None and steps >= max_steps:
                break
        return history

    def _check_x(self, x) -> np.ndarray:
        if self.input_shape is None:
            raise RuntimeError("call build(input_shape) before using the model")
        x = check_array(x, "x")
        if x.shape[1:] != self.input_shape:
            raise ValueError(
                f"x must have shape (n, {', '.join(map(str, self.input_shape))}), got {x.shape}"
            )
        return x.astype(self.dtype, copy=False)
# --8<-- [end:sequential]


# --8<-- [start:series_model]
def series_model(input_shape=(28, 28, 1), num_classes: int = 10, dtype=np.float32,
                 seed: int = 0) -> Sequential:
    """The series' model, built for ``input_shape`` (h, w, c) and ``num_classes``.

    x (n, h, w, c) -> probabilities (n, num_classes). The Dropout layers draw from generators
    seeded from ``seed``, the weights from ``np.random.default_rng(seed)``.
    """
    seeds = np.random.SeedSequence(seed).spawn(3)  # one independent stream per Dropout layer
    drop = [np.random.default_rng(s) for s in seeds]
    model = Sequential([
        Conv2D(32, (3, 3), padding="same"),
        ReLU(),
        Conv2D(32, (3, 3)),
        ReLU(),
        MaxPooling2D(pool_size=(2, 2)),
        Dropout(0.25, rng=drop[0]),
        Conv2D(64, (3, 3), padding="same"),
        ReLU(),
        Conv2D(64, (3, 3)),
        ReLU(),
        MaxPooling2D(pool_size=(2, 2)),
        Dropout(0.25, rng=drop[1]),
        Flatten(),
        Dense(512),
        ReLU(),
        Dropout(0.5, rng=drop[2]),
        Dense(num_classes),
        Softmax(),
    ])
    return model.build(input_shape, seed=seed, dtype=dtype)
# --8<-- [end:series_model]
