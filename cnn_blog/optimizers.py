"""Adam in NumPy, step for step the form Keras 3 uses (``keras/src/optimizers/adam.py``)."""

from __future__ import annotations

import numpy as np

__all__ = ["Adam"]


# --8<-- [start:adam]
class Adam:
    """Adam with Keras's arguments and defaults:
    ``keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)``.

    For each weight w with gradient g, at step t = 1, 2, ... (``iterations`` + 1):

        m     <- m + (g - m) * (1 - beta_1)          # exponential moving average of g      (shape of w)
        v     <- v + (g**2 - v) * (1 - beta_2)       # exponential moving average of g**2   (shape of w)
        alpha =  learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)   # bias correction
        w     <- w - alpha * m / (sqrt(v) + epsilon)

    This is Kingma & Ba's Algorithm 1 with the bias corrections folded into ``alpha``, so
    epsilon is their "epsilon hat". As in Keras, the arithmetic runs in each weight's dtype,
    after learning_rate, beta_1 and beta_2 have been rounded to float32 (Keras keeps the
    learning rate in a float32 variable and casts the betas through float32 tensors); this
    only shows in float64, where it moves the weights by about 1e-8 per step.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        for name, value in (("learning_rate", learning_rate), ("epsilon", epsilon)):
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a positive number, got {value!r}")
        for name, value in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0 <= value < 1:
                raise ValueError(f"{name} must be in [0, 1), got {value!r}")
        self.learning_rate = float(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.iterations = 0  # steps taken so far
        self.momentums = None  # m: one array per weight, same shapes
        self.velocities = None  # v: one array per weight, same shapes

    def apply(self, grads, variables) -> None:
        """One step: update every array in ``variables`` in place from ``grads``.

        grads, variables: lists of arrays, grads[i] with the shape of variables[i]; the same
        variables, in the same order, at every step (like ``keras_optimizer.apply``).
        """
        grads, variables = list(grads), list(variables)
        if len(grads) != len(variables):
            raise ValueError(f"got {len(grads)} gradients for {len(variables)} variables")
        for i, (g, w) in enumerate(zip(grads, variables)):
            if np.shape(g) != w.shape:
                raise ValueError(f"gradient {i} has shape {np.shape(g)}, its variable {w.shape}")
        if self.momentums is None:  # first step: m = v = 0, as Keras's build()
            self.momentums = [np.zeros_like(w) for w in variables]
            self.velocities = [np.zeros_like(w) for w in variables]
        elif [m.shape for m in self.momentums] != [w.shape for w in variables]:
            raise ValueError(
                "Adam.apply must get the same variables at every step: first "
                f"{[m.shape for m in self.momentums]}, now {[w.shape for w in variables]}"
            )
        for g, w, m, v in zip(grads, variables, self.momentums, self.velocities):
            dtype = w.dtype.type  # every number below in the weight's dtype, as Keras casts
            lr = dtype(np.float32(self.learning_rate))
            t = dtype(self.iterations + 1)
            beta_1_power = dtype(np.float32(self.beta_1)) ** t  # beta_1 ** t
            beta_2_power = dtype(np.float32(self.beta_2)) ** t  # beta_2 ** t
            alpha = lr * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
            g = np.asarray(g, dtype=w.dtype)
            m += (g - m) * (1 - self.beta_1)  # (shape of w)
            v += (np.square(g) - v) * (1 - self.beta_2)  # (shape of w)
            w -= (m * alpha) / (np.sqrt(v) + self.epsilon)  # in place: the layer sees it
        self.iterations += 1

    def update(self, layers) -> None:
        """One step for a whole network: each layer's ``trainable_weights`` from its
        ``gradients`` (set by its last ``backward``). Layers without weights are skipped."""
        grads, variables = [], []
        for layer in layers:
            weights = getattr(layer, "trainable_weights", [])
            if weights:
                layer_grads = layer.gradients
                if not layer_grads:
                    raise RuntimeError(
                        f"{type(layer).__name__} has no gradients: call backward before update"
                    )
                grads += layer_grads
                variables += weights
        self.apply(grads, variables)
# --8<-- [end:adam]
