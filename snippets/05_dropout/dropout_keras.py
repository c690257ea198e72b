"""The NumPy Dropout next to keras.layers.Dropout: same rule, each with its own random numbers."""

import json

# --8<-- [start:compare]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.layers import Dropout

x = np.ones((1000, 100), dtype="float32")  # 100,000 inputs, all 1
numpy_dropout = Dropout(0.25, rng=np.random.default_rng(0))
keras_dropout = keras.layers.Dropout(0.25, seed=0)

# Inference (training=False): both hand x back unchanged.
numpy_out = numpy_dropout.forward(x, training=False)
keras_out = keras.ops.convert_to_numpy(keras_dropout(x, training=False))
print("inference: NumPy output == x:", np.array_equal(numpy_out, x),
      "/ Keras output == x:", np.array_equal(keras_out, x))

# Training: other random numbers, so other masks, but the same rule.
numpy_out = numpy_dropout.forward(x, training=True)
keras_out = keras.ops.convert_to_numpy(keras_dropout(x, training=True))
for name, out in (("NumPy", numpy_out), ("Keras", keras_out)):
    kept = out != 0
    print(f"training, {name}: kept {kept.mean():.2%}, kept values {np.unique(out[kept])}, "
          f"mean {out.mean():.4f}")
print("1 / (1 - 0.25) =", 1 / (1 - 0.25))
# --8<-- [end:compare]

with open("dropout_keras.values.json", "w") as fh:
    json.dump({"numpy_kept": f"{np.mean(numpy_out != 0):.2%}", "keras_kept": f"{np.mean(keras_out != 0):.2%}",
               "size": f"{x.size:,}"}, fh)
