"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
import numpy as np

labels = ["dogs", "cats", "monkeys", "birds", "fish", "lizards"]
scores = np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.3])  # softmax_steps.py's scores


def softmax(s):
    e = np.exp(s)
    return e / e.sum()


p = softmax(scores)
# 1. Add 10 to every score.
print("1. + 10, the same probabilities:", np.allclose(softmax(scores + 10), p))
# 2. Double the scores: the same as dividing them by the temperature T = 1 / 2.
doubled = softmax(2 * scores)
print(f"2. x 2: {labels[doubled.argmax()]} {p.max():.4f} -> {doubled.max():.4f}; T = {1 / 2:g}:",
      np.allclose(doubled, softmax(scores / (1 / 2))))
# 3. The naive softmax on smaller float32 scores.
small = np.array([101.0, 100.0, 99.0], dtype=np.float32)
with np.errstate(over="ignore", invalid="ignore"):
    exp_small = np.exp(small)
    print("3. float32:", exp_small, "->", exp_small / exp_small.sum())
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"p_top": f"{p.max():.4f}", "p_top_doubled": f"{doubled.max():.4f}", "temperature": f"{1 / 2:g}"}, fh)
