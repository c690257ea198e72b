"""The NumPy MaxPooling2D against keras.layers.MaxPooling2D, and the pooling layers of the series' model."""

# --8<-- [start:keras]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.layers import MaxPooling2D

rng = np.random.default_rng(0)
x = rng.normal(size=(2, 98, 98, 32)).astype("float32")  # 2 examples of 32 feature maps, 98 x 98

y = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=(2, 2))(x))
out = MaxPooling2D(pool_size=(2, 2)).forward(x)
print("Keras:", x.shape, "->", y.shape)
print("NumPy:", x.shape, "->", out.shape)
print("exactly the same numbers:", np.array_equal(out, y))
# --8<-- [end:keras]

# --8<-- [start:model]
from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)  # the series' model from cnn_blog/train.py
for layer in model.layers:
    if isinstance(layer, keras.layers.MaxPooling2D):
        print(f"MaxPooling2D: {layer.input.shape[1:]} -> {layer.output.shape[1:]}")
# --8<-- [end:model]
