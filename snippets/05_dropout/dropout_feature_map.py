"""Dropout(0.25) on a real feature map, three training steps in a row."""

import json

# --8<-- [start:steps]
import numpy as np

from cnn_blog.demos.dropout import dropout_steps

image, fmap, outs, keeps = dropout_steps(steps=3)  # photo -> Conv2D -> ReLU -> Dropout(0.25) x 3
print("feature map:", fmap.shape, f"= {fmap.size:,} values, mean {fmap.mean():.4f}")
for step, (out, keep) in enumerate(zip(outs, keeps), start=1):
    print(f"step {step}: dropped {1 - keep.mean():.1%}, mean after dropout {out.mean():.4f}")
both = np.mean(~keeps[0] & ~keeps[1])  # dropped at step 1 and again at step 2
print(f"dropped at both step 1 and step 2: {both:.1%}")
# --8<-- [end:steps]

with open("dropout_feature_map.values.json", "w") as fh:
    json.dump({"size": f"{fmap.size:,}", "step1_dropped": f"{1 - keeps[0].mean():.1%}",
               "both_dropped": f"{both:.1%}", "both_expected": f"{0.25 * 0.25:.2%}"}, fh)
