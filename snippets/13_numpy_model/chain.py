"""How the layers chain: each forward hands its output to the next layer, each backward hands its
gradient to the layer before. Two digits, the series' model in NumPy, float64.

The gradient check at the end prints to chain.check.out.txt: the page shows it under its own code.
"""

import contextlib
import json

# --8<-- [start:forward]
import numpy as np

from cnn_blog.data import load_mnist_5k
from cnn_blog.losses import SoftmaxCrossEntropy
from cnn_blog.numpy_model import one_hot, series_model

model = series_model((28, 28, 1), 10, dtype=np.float64, seed=0)
x_train, _, y_train, _ = load_mnist_5k(test_size=0.2, seed=0)
x, t = x_train[:2], one_hot(y_train[:2], 10)  # two digits: x (2, 28, 28, 1), t (2, 10)

out = x
for layer in model.layers[:-1]:  # every layer but Softmax: the loss layer below includes it
    shape_in = out.shape
    out = layer.forward(out)  # training=False: Dropout lets everything through
    print(f"forward   {type(layer).__name__:<13} {str(shape_in):<17} -> {out.shape}")
loss_layer = SoftmaxCrossEntropy()  # softmax + cross-entropy error in one layer
loss = loss_layer.forward(out, t)
print(f"loss {loss:.6f}")
# --8<-- [end:forward]

# --8<-- [start:backward]
dout = loss_layer.backward()  # (2, 10): (softmax(scores) - t) / 2
for layer in reversed(model.layers[:-1]):
    shape_in = dout.shape
    dout = layer.backward(dout)  # d loss / d (this layer's input)
    print(f"backward  {type(layer).__name__:<13} {str(shape_in):<17} -> {dout.shape}")
# --8<-- [end:backward]

with open("chain.check.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:check]
    def cross_entropy(probabilities):  # the loss again, straight from its formula: -mean(sum(t * log p))
        return -np.mean(np.sum(t * np.log(probabilities), axis=1))

    conv = model.layers[0]  # the first Conv2D; backward left d loss / d kernel in conv.dkernel
    index = np.unravel_index(np.abs(conv.dkernel).argmax(), conv.dkernel.shape)  # its steepest weight
    h = 1e-6
    conv.kernel[index] += h  # nudge that one weight up and run the whole forward pass again
    loss_up = cross_entropy(model.forward(x))
    conv.kernel[index] -= 2 * h  # ... and down
    loss_down = cross_entropy(model.forward(x))
    conv.kernel[index] += h  # back where it was
    numerical = (loss_up - loss_down) / (2 * h)  # centred difference
    print(f"d loss / d kernel{tuple(int(i) for i in index)} of the first Conv2D:")
    print(f"  backward   {conv.dkernel[index]:.6f}")
    print(f"  numerical  {numerical:.6f}")
    # --8<-- [end:check]

# the page's exercise: the same centred difference with h = 0.1
coarse = {}
for sign in (1, -1):
    conv.kernel[index] += sign * 0.1
    coarse[sign] = cross_entropy(model.forward(x))
    conv.kernel[index] -= sign * 0.1
numerical_coarse = (coarse[1] - coarse[-1]) / (2 * 0.1)

with open("chain.values.json", "w") as fh:
    json.dump({"loss": f"{loss:.6f}", "log10": f"{np.log(10):.3f}", "gradient": f"{conv.dkernel[index]:.6f}",
               "steps": len(model.layers) - 1, "numerical_coarse": f"{numerical_coarse:.6f}"}, fh)
