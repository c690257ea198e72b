"""ReLU's work against the rest: comparisons per photo against the multiply-adds of Conv2D and Dense(512) (NumPy only)."""

import json

# --8<-- [start:count]
import math

from cnn_blog.layers import Conv2D, Dense, ReLU
from cnn_blog.numpy_model import series_model

model = series_model((100, 100, 3), 6)  # the series' model: 100 x 100 colour photos, 6 labels
comparisons = multiply_adds = 0
shape_in = (100, 100, 3)
for layer, (_, shape, _) in zip(model.layers, model.summary()):
    out = shape[1:]  # this layer's output for one photo, e.g. (100, 100, 32)
    if isinstance(layer, ReLU):
        comparisons += math.prod(out)  # one max(0, x) per number
    elif isinstance(layer, Conv2D):  # every output number: kh * kw * c_in products, added up
        kh, kw = layer.kernel_size
        multiply_adds += math.prod(out) * kh * kw * shape_in[-1]
    elif isinstance(layer, Dense) and layer.units == 512:  # Dense(512): 33,856 inputs for each of 512 units
        multiply_adds += shape_in[-1] * layer.units
    shape_in = out
print(f"ReLU comparisons per photo:                 {comparisons:>12,}")
print(f"multiply-adds per photo (Conv2D, Dense 512): {multiply_adds:>12,}")
print(f"ReLU's share: {comparisons / (comparisons + multiply_adds):.2%}")
# --8<-- [end:count]

with open("work_count.values.json", "w") as fh:
    json.dump({"comparisons": {"ja": f"約 {comparisons / 1e4:,.0f} 万", "en": f"about {comparisons / 1e6:.2f} million"},
               "multiply_adds": {"ja": f"約 {multiply_adds / 1e8:.1f} 億", "en": f"about {multiply_adds / 1e6:,.0f} million"},
               "share": f"{comparisons / (comparisons + multiply_adds):.2%}"}, fh, ensure_ascii=False)
