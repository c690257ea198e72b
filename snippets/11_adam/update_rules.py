"""Four update rules in NumPy, each in the form Keras uses, and a check against Keras itself.

The rules are plain functions: ``w`` is one weight array, ``g`` its gradient (same shape), and the
optimizer's memory (``velocity``) is passed in and returned. Imported by ``surface_paths.py`` and
``step_sizes.py``; run as a script, it compares every rule with Keras.
"""

import numpy as np


# --8<-- [start:sgd]
def sgd_step(w, g, learning_rate=0.01):
    """Gradient descent, keras.optimizers.SGD(learning_rate): step against the gradient."""
    return w - learning_rate * g
# --8<-- [end:sgd]


# --8<-- [start:momentum]
def momentum_step(w, g, velocity, learning_rate=0.01, momentum=0.9):
    """keras.optimizers.SGD(learning_rate, momentum=momentum): the step keeps part of the last one.

    velocity (shape of w) starts at 0. Returns (new w, new velocity).
    """
    velocity = momentum * velocity - learning_rate * g  # the last step, shrunk, plus a new push
    return w + velocity, velocity
# --8<-- [end:momentum]


# --8<-- [start:rmsprop]
def rmsprop_step(w, g, velocity, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """keras.optimizers.RMSprop(learning_rate, rho, epsilon=epsilon): divide by the recent size of g.

    velocity (shape of w) starts at 0: a running mean of g ** 2. Returns (new w, new velocity).
    """
    velocity = rho * velocity + (1 - rho) * g ** 2  # running mean of the squared gradient
    return w - learning_rate * g / np.sqrt(velocity + epsilon), velocity  # Keras: epsilon inside the root
# --8<-- [end:rmsprop]


if __name__ == "__main__":
    import contextlib

    import keras

    from cnn_blog.optimizers import Adam

    # --8<-- [start:check]
    def keras_path(optimizer, w, grads):
        """The weights after each of Keras's steps, for the given gradients."""
        var = keras.Variable(w)
        out = []
        for g in grads:
            optimizer.apply([keras.ops.convert_to_tensor(g)], [var])
            out.append(keras.ops.convert_to_numpy(var))
        return out

    w0 = np.array([1.0, -2.0, 0.5])  # three weights (float64)
    grads = [np.array([0.3, -1.0, 2.0]), np.array([0.2, -0.5, -1.0]), np.array([0.1, 0.4, 0.0])]

    ours = {"SGD": [], "momentum": [], "RMSprop": [], "Adam": []}
    w = w0.copy()
    for g in grads:
        w = sgd_step(w, g, learning_rate=0.1)
        ours["SGD"].append(w)
    w, v = w0.copy(), np.zeros(3)
    for g in grads:
        w, v = momentum_step(w, g, v, learning_rate=0.1, momentum=0.9)
        ours["momentum"].append(w)
    w, v = w0.copy(), np.zeros(3)
    for g in grads:
        w, v = rmsprop_step(w, g, v, learning_rate=0.1)
        ours["RMSprop"].append(w)
    adam, w = Adam(learning_rate=0.1), w0.copy()
    for g in grads:
        adam.apply([g], [w])  # cnn_blog's Adam updates w in place
        ours["Adam"].append(w.copy())

    theirs = {
        "SGD": keras_path(keras.optimizers.SGD(learning_rate=0.1), w0, grads),
        "momentum": keras_path(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), w0, grads),
        "RMSprop": keras_path(keras.optimizers.RMSprop(learning_rate=0.1), w0, grads),
        "Adam": keras_path(keras.optimizers.Adam(learning_rate=0.1), w0, grads),
    }
    for name in ours:
        gap = max(np.abs(a - b).max() for a, b in zip(ours[name], theirs[name]))
        print(f"{name:<9} after 3 steps: {np.round(ours[name][-1], 4)}  same as Keras (1e-6): {gap < 1e-6}")
    # --8<-- [end:check]

    # What this part prints goes to update_rules.defaults.out.txt: the page shows it further down.
    with open("update_rules.defaults.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
        # --8<-- [start:defaults]
        keras_adam = keras.optimizers.Adam()  # what `opt = keras.optimizers.Adam()` in the script gets
        our_adam = Adam()
        for name in ("learning_rate", "beta_1", "beta_2", "epsilon"):
            print(f"{name:<13} Keras {float(keras_adam.get_config()[name]):<7g} cnn_blog {getattr(our_adam, name):g}")
        # --8<-- [end:defaults]
