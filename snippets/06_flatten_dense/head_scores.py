"""The end of the series' model on the cat photo: Flatten, Dense(512), ReLU, Dense(6) in NumPy and in Keras.

The model is untrained (seeded random weights): the scores show the shapes and that NumPy and Keras
agree, not which animal the photo is.
"""

# --8<-- [start:keras]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np
from skimage import data as photos
from skimage import transform

from cnn_blog.train import build_model, labels, set_seed

set_seed(0)
model = build_model((100, 100, 3), len(labels))  # not trained: seeded random weights
photo = transform.resize(photos.chelsea(), (100, 100), anti_aliasing=True)  # (100, 100, 3) in [0, 1]
h = photo[np.newaxis].astype("float32")  # (1, 100, 100, 3)
outputs = []
for layer in model.layers:  # inference: the Dropout layers pass h through
    h = layer(h, training=False)
    outputs.append(keras.ops.convert_to_numpy(h))
kinds = [type(layer).__name__ for layer in model.layers]
features = outputs[kinds.index("Flatten") - 1]  # (1, 23, 23, 64): what Flatten gets
keras_scores = outputs[-2]  # (1, 6): the output of Dense(total_num), before softmax
# --8<-- [end:keras]

# --8<-- [start:numpy]
from cnn_blog.layers import Dense, Flatten, ReLU

dense512, dense6 = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
numpy_dense512, numpy_dense6 = Dense(512), Dense(len(labels))
numpy_dense512.set_weights(dense512.get_weights())  # kernel (33856, 512), bias (512,)
numpy_dense6.set_weights(dense6.get_weights())  # kernel (512, 6), bias (6,)

x = Flatten().forward(features)  # (1, 23, 23, 64) -> (1, 33856)
x = ReLU().forward(numpy_dense512.forward(x))  # (1, 512); Dropout(0.5) does nothing at inference
scores = numpy_dense6.forward(x)  # (1, 6): one score per label
for label, ours, theirs in zip(labels, scores[0], keras_scores[0]):
    print(f"{label:8s} NumPy {ours:+.4f}   Keras {theirs:+.4f}")
print("NumPy == Keras (float32 rounding aside):", np.allclose(scores, keras_scores, atol=1e-5))
# --8<-- [end:numpy]
