"""The loss fit shows during an epoch is the mean of the batch losses so far, not the last batch's loss."""

import json

# --8<-- [start:running]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 4)).astype("float32")  # 64 examples, 4 inputs
t = keras.utils.to_categorical(rng.integers(0, 3, size=64), 3)  # 3 classes, one-hot
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.Activation("softmax")])
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.5))


class Watch(keras.callbacks.Callback):
    """Before each step: the loss of the batch about to be trained on. After it: what fit shows."""

    def __init__(self):
        super().__init__()
        self.batch_losses, self.shown = [], []

    def on_train_batch_begin(self, batch, logs=None):
        xb, tb = x[batch * 16:(batch + 1) * 16], t[batch * 16:(batch + 1) * 16]  # shuffle=False below
        loss = keras.losses.categorical_crossentropy(tb, self.model(xb))  # (16,), the weights of this step
        self.batch_losses.append(float(keras.ops.mean(loss)))

    def on_train_batch_end(self, batch, logs=None):
        self.shown.append(float(logs["loss"]))


watch = Watch()
history = model.fit(x, t, batch_size=16, epochs=1, shuffle=False, verbose=0, callbacks=[watch])
print("batch  this batch's loss  mean so far  fit shows")
for i, (loss, shown) in enumerate(zip(watch.batch_losses, watch.shown)):
    print(f"{i + 1:5d}  {loss:17.4f}  {np.mean(watch.batch_losses[:i + 1]):11.4f}  {shown:9.4f}")
print(f"history['loss'] for the epoch: {history.history['loss'][0]:.4f}")
# --8<-- [end:running]

with open("running_mean.values.json", "w") as fh:
    json.dump({"last_batch": f"{watch.batch_losses[-1]:.4f}", "shown": f"{watch.shown[-1]:.4f}"}, fh)
