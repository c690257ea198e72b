"""What model.compile changes on the series' model: settings, not weights."""

# --8<-- [start:before]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog import train

keras.utils.set_random_seed(0)
model = train.build_model((28, 28, 1), 10)  # the series' layers, on MNIST-sized input
weights_before = [w.copy() for w in model.get_weights()]
print("compiled:", model.compiled, " has an optimizer:", hasattr(model, "optimizer"))
# --8<-- [end:before]

# --8<-- [start:compile]
opt = keras.optimizers.Adam()
model.compile(loss="categorical_crossentropy",
              optimizer=opt,
              metrics=["accuracy"])
# --8<-- [end:compile]

# --8<-- [start:after]
print("compiled:", model.compiled)
print("loss:", model.loss)
print("optimizer:", type(model.optimizer).__name__,
      " learning_rate:", f"{float(model.optimizer.learning_rate):g}",
      " epsilon:", model.optimizer.epsilon)
unchanged = all(np.array_equal(a, b) for a, b in zip(weights_before, model.get_weights()))
print("weights unchanged by compile:", unchanged, f"({model.count_params():,} parameters)")
# --8<-- [end:after]
