"""Softmax and cross-entropy fused into one layer, next to Keras's loss with from_logits=True."""

# --8<-- [start:fused]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.losses import SoftmaxCrossEntropy

scores = np.log(np.array([[0.012, 0.18, 0.033, 0.775],  # scores whose softmax is example 1
                          [0.12, 0.18, 0.33, 0.37]]))  # and example 2: (2, 4)
t = np.array([[0.0, 0.0, 0.0, 1.0],
              [0.0, 0.0, 0.0, 1.0]])  # (2, 4): the 4th label is right in both
layer = SoftmaxCrossEntropy()
loss = layer.forward(scores, t)  # softmax, then the mean of the two cross-entropy errors
np.set_printoptions(precision=4, suppress=True)
print("softmax(scores):\n", layer.y)
print("loss:", repr(loss))
# --8<-- [end:fused]

# --8<-- [start:keras]
import keras

keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True)  # the softmax inside the loss
print("Keras, from_logits=True:", repr(float(keras.ops.convert_to_numpy(keras_loss(t, scores)))))
# --8<-- [end:keras]
