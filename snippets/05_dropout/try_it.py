"""The answers to the page's exercises 1 and 3, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
import numpy as np

from cnn_blog.demos.dropout import dropout_steps
from cnn_blog.layers import Dropout

# 1. dropout_numpy.py with Dropout(0.5): how many of the 12 become 0, and what becomes of a kept 12?
x = np.arange(1.0, 13.0).reshape(3, 4)
dropout = Dropout(0.5, rng=np.random.default_rng(0))
dropped = []
for step in (1, 2):
    out = dropout.forward(x, training=True)
    dropped.append(int(np.sum(out == 0)))
    print(f"1. step {step}: {dropped[-1]} of {x.size} set to 0, kept values x {1 / (1 - 0.5):g}:", out[out > 0])
print(f"1. on average {x.size * 0.5:g} of {x.size} set to 0")

# 3. dropout_feature_map.py with rate=0.5.
_, fmap, outs, keeps = dropout_steps(steps=3, rate=0.5)
for step, (out, keep) in enumerate(zip(outs, keeps), start=1):
    print(f"3. step {step}: dropped {1 - keep.mean():.1%}, mean after dropout {out.mean():.4f} (before {fmap.mean():.4f})")
both = np.mean(~keeps[0] & ~keeps[1])
print(f"3. dropped at both step 1 and step 2: {both:.1%} (expected 0.5 x 0.5 = {0.5 * 0.5:.0%})")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"scale": f"{1 / (1 - 0.5):g}", "scaled_12": f"{12 / (1 - 0.5):g}", "expected_dropped": f"{x.size * 0.5:g}",
               "step1_dropped": dropped[0], "step2_dropped": dropped[1],
               "share_step1": f"{1 - keeps[0].mean():.1%}", "share_step2": f"{1 - keeps[1].mean():.1%}",
               "both_dropped": f"{both:.1%}", "both_expected": f"{0.5 * 0.5:.0%}"}, fh)
