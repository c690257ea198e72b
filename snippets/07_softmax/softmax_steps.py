"""The softmax step by step in plain NumPy: exponentiate, add up, divide."""

# --8<-- [start:steps]
import numpy as np

labels = ["dogs", "cats", "monkeys", "birds", "fish", "lizards"]  # the series' 6 classes
scores = np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.3])  # what Dense(total_num) might give one photo
exp_scores = np.exp(scores)  # e^score: every value becomes positive
probabilities = exp_scores / exp_scores.sum()  # divide by the total: they now sum to 1
with np.printoptions(precision=4, suppress=True):  # 4 decimals for these prints only
    print("scores        :", scores)
    print("exp(scores)   :", exp_scores)
    print("sum of exp    :", round(exp_scores.sum(), 4))
    print("probabilities :", probabilities)
    print("sum           :", probabilities.sum())
print("most probable :", labels[probabilities.argmax()], "- largest score:", labels[scores.argmax()])
# --8<-- [end:steps]
