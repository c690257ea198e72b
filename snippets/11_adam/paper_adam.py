"""Adam as the paper writes it (Algorithm 1, with the bias-corrected m_hat and v_hat) next to the folded
form Keras computes: the same steps, except where epsilon goes. Keras's epsilon is the paper's epsilon hat."""

import json

# --8<-- [start:algorithm]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np


def paper_adam_step(w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    """Step t (1, 2, ...) of Algorithm 1 in Kingma & Ba's paper. Returns the new w, m and v."""
    m = beta_1 * m + (1 - beta_1) * g  # exponential moving average of g
    v = beta_2 * v + (1 - beta_2) * g**2  # exponential moving average of g**2
    m_hat = m / (1 - beta_1**t)  # bias-corrected: m and v start at 0
    v_hat = v / (1 - beta_2**t)
    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return w, m, v
# --8<-- [end:algorithm]


# --8<-- [start:compare]
import keras

from cnn_blog.optimizers import Adam  # the folded form, as Keras computes it

g = np.array([1.0, 1e-5, 1e-7])  # the same gradient at every step; three sizes
w0 = np.zeros(3)
steps, eps_hat = 5, 1e-7  # eps_hat: Keras's default epsilon

var, keras_adam = keras.Variable(w0), keras.optimizers.Adam(epsilon=eps_hat)
ours, w_ours = Adam(epsilon=eps_hat), w0.copy()
w_same, w_shifted = w0.copy(), w0.copy()
m_same = v_same = m_shifted = v_shifted = np.zeros(3)
names = {"keras": "Keras", "ours": "cnn_blog Adam", "same": f"paper, epsilon = {eps_hat:g}",
         "shifted": f"paper, epsilon = {eps_hat:g} / sqrt(1 - beta_2**t)"}
first = {}
for t in range(1, steps + 1):
    keras_adam.apply([keras.ops.convert_to_tensor(g)], [var])
    ours.apply([g], [w_ours])
    # the paper with the same number as its epsilon
    w_same, m_same, v_same = paper_adam_step(w_same, g, m_same, v_same, t, epsilon=eps_hat)
    # the paper with epsilon = eps_hat / sqrt(1 - beta_2**t), what Keras's eps_hat is at step t
    w_shifted, m_shifted, v_shifted = paper_adam_step(
        w_shifted, g, m_shifted, v_shifted, t, epsilon=eps_hat / np.sqrt(1 - 0.999**t))
    if t == 1:
        first = {"keras": keras.ops.convert_to_numpy(var) - w0, "ours": w_ours - w0,
                 "same": w_same - w0, "shifted": w_shifted - w0}

w_keras = keras.ops.convert_to_numpy(var)
print("first step for the gradients", g)
for key, step in first.items():
    print(f"  {names[key]:<44} {np.array2string(step, formatter={'float_kind': lambda x: f'{x:.3e}'})}")
for key, w in (("ours", w_ours), ("same", w_same), ("shifted", w_shifted)):
    gap = np.max(np.abs(w - w_keras) / np.abs(w_keras))  # relative: the three weights differ in size
    # 1e-4, not 1e-12: Keras rounds beta_2 to float32 (0.99900001), which the paper's step does not
    print(f"after {steps} steps, {names[key]:<44} same as Keras (relative 1e-4): {gap < 1e-4}")
# --8<-- [end:compare]

# --8<-- [start:epsilon]
for t in (1, 10, 100, 1000, 10000):
    print(f"step {t:>5}: Keras's epsilon {eps_hat:g} is the paper's epsilon {eps_hat / np.sqrt(1 - 0.999**t):.2e}")
# --8<-- [end:epsilon]

# Numbers the page quotes in its prose (read by the site build).
values = {
    "eps_hat": f"{eps_hat:g}",
    "tiny_g": f"{g[2]:g}",
    "first_keras_tiny": f"{abs(first['keras'][2]):.2e}",
    "first_paper_tiny": f"{abs(first['same'][2]):.2e}",
    "first_keras_large": f"{abs(first['keras'][0]):.2e}",
    "eps_t1": f"{eps_hat / np.sqrt(1 - 0.999):.2e}",
    "eps_t1000": f"{eps_hat / np.sqrt(1 - 0.999**1000):.2e}",
}
with open("paper_adam.values.json", "w") as fh:
    json.dump(values, fh)
