"""The worked example as a batch: cnn_blog.losses.categorical_crossentropy next to Keras's loss."""

# --8<-- [start:package]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.losses import categorical_crossentropy

y_true = np.array([[0.0, 0.0, 0.0, 1.0],
                   [0.0, 0.0, 0.0, 1.0]])  # (2, 4): the 4th label is right in both examples
y_pred = np.array([[0.012, 0.18, 0.033, 0.775],
                   [0.12, 0.18, 0.33, 0.37]])  # (2, 4): the two softmax outputs
ours = categorical_crossentropy(y_true, y_pred)  # (2,): one loss per example
print("cnn_blog.losses :", repr(ours.tolist()))
print("mean            :", repr(float(ours.mean())))  # what compile's loss reports for the batch
# --8<-- [end:package]

# --8<-- [start:keras]
import keras

per_example = keras.losses.CategoricalCrossentropy(reduction=None)  # one loss per example
theirs = keras.ops.convert_to_numpy(per_example(y_true, y_pred))  # Keras computes in float32
mean = float(keras.ops.convert_to_numpy(keras.losses.CategoricalCrossentropy()(y_true, y_pred)))
print("Keras           :", repr(theirs.tolist()))
print("Keras mean      :", repr(mean))
print("same to 1e-6    :", np.allclose(ours, theirs, rtol=0, atol=1e-6))
# --8<-- [end:keras]
