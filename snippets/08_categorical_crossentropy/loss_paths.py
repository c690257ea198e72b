"""The two ways Keras 3 (TensorFlow backend) computes categorical cross-entropy, on a case where they differ.

Plain probabilities: normalised, clipped to [1e-7, 1 - 1e-7], then -sum(t log y). A model that ends in
softmax: the softmax output carries its input (the logits, ``_keras_logits``) and the loss uses the fused
softmax_cross_entropy_with_logits, with no clipping.
"""

import json

# --8<-- [start:paths]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np
from keras import layers

logits = np.array([[2.0, 1.0, -18.0]], dtype="float32")  # scores before softmax: (1 example, 3 classes)
t = np.array([[0.0, 0.0, 1.0]], dtype="float32")  # the right class is the 3rd, the one with the low score
y = keras.ops.convert_to_numpy(keras.ops.softmax(logits))  # probabilities, as a plain array
np.set_printoptions(precision=3)
print("probabilities:", y, "- the right class gets", f"{y[0, 2]:.2e}", "(the clip: 1e-7)")

# Path 1: plain probabilities -> normalise, clip to [1e-7, 1 - 1e-7], -sum(t log y)
plain = float(keras.losses.categorical_crossentropy(t, y)[0])
print(f"plain probabilities:        {plain:.4f}")

# Path 2: a model that ends in softmax -> Keras takes the logits kept on the softmax output
model = keras.Sequential([keras.Input(shape=(3,)), layers.Activation("softmax")])  # the input is the scores
model.compile(loss="categorical_crossentropy")
print("softmax output keeps its logits:", hasattr(model(logits), "_keras_logits"))
fused = float(model.evaluate(logits, t, verbose=0))
print(f"model ending in softmax:     {fused:.4f}")

# The same number from the logits with from_logits=True
from_logits = float(keras.losses.categorical_crossentropy(t, logits, from_logits=True)[0])
print(f"logits, from_logits=True:   {from_logits:.4f}")
# --8<-- [end:paths]

# --8<-- [start:numpy]
log_softmax = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))  # log y, computed from the logits
print(f"NumPy, -log y from logits:  {-log_softmax[0, 2]:.4f}")
print(f"NumPy, -log clip(y, 1e-7):  {-np.log(np.clip(y[0, 2], 1e-7, 1 - 1e-7)):.4f}  (-log 1e-7 = {-np.log(1e-7):.4f})")
# --8<-- [end:numpy]

# --8<-- [start:idiom]
idiom = keras.Sequential([keras.Input(shape=(3,)),
                          layers.Dense(3, kernel_initializer="identity", use_bias=False)])  # no activation
idiom.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # softmax inside the loss
print(f"Dense without activation + from_logits=True: {float(idiom.evaluate(logits, t, verbose=0)):.4f}")
probabilities = keras.ops.softmax(idiom.predict(logits, verbose=0))  # softmax when you want probabilities
print("probabilities from predict:", keras.ops.convert_to_numpy(probabilities))
# --8<-- [end:idiom]

with open("loss_paths.values.json", "w") as fh:
    json.dump({"right_prob": f"{y[0, 2]:.1e}", "plain": f"{plain:.4f}", "fused": f"{fused:.4f}",
               "difference": f"{fused - plain:.2f}"}, fh)
