"""The softmax written straight from its formula breaks on large scores: exp overflows to inf."""

# --8<-- [start:naive]
import numpy as np

scores = np.array([1010.0, 1000.0, 990.0])  # large scores: nothing keeps Dense's outputs small
with np.errstate(over="ignore", invalid="ignore"):  # NumPy would warn; here we want to see the result
    exp_scores = np.exp(scores)  # e^1010 is far beyond the largest float64
    naive = exp_scores / exp_scores.sum()  # inf / inf
print("exp(scores)   :", exp_scores)
print("naive softmax :", naive)
# --8<-- [end:naive]
