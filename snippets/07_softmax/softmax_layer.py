"""cnn_blog's Softmax layer and Keras's Activation('softmax') on the same scores."""

# --8<-- [start:layer]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.layers import Softmax

scores = np.array([[2.0, 1.0, 0.1, -1.0, 0.5, -0.3]])  # (1, 6): a batch of one photo, 6 classes
ours = Softmax().forward(scores)  # cnn_blog.layers.Softmax
theirs = keras.ops.convert_to_numpy(keras.layers.Activation("softmax")(scores.astype("float32")))
with np.printoptions(precision=4, suppress=True):  # 4 decimals for these prints only
    print("Softmax().forward    :", ours[0])
    print("Activation('softmax'):", theirs[0])
print("same values (to 1e-6):", np.allclose(ours, theirs, rtol=0, atol=1e-6))
# --8<-- [end:layer]
