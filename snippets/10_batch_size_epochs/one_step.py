"""What one step computes: forward on one mini-batch, the loss averaged over it, one Adam update."""

import contextlib
import json

# --8<-- [start:forward]
import numpy as np

from cnn_blog.data import load_mnist_5k
from cnn_blog.demos.batch_size import small_model
from cnn_blog.losses import categorical_crossentropy
from cnn_blog.numpy_model import one_hot

x_train, _, y_train, _ = load_mnist_5k()  # the training digits and their labels
batch_size = 32
model = small_model(seed=0)  # Flatten, Dense(64), ReLU, Dense(10), Softmax
x = x_train[:batch_size]  # one mini-batch: (32, 28, 28, 1)
t = one_hot(y_train[:batch_size], 10).astype(np.float32)  # its correct labels: (32, 10)

probs = model.forward(x)  # (32, 10): 10 probabilities for each of the 32 images
losses = categorical_crossentropy(t, probs)  # (32,): one loss per image
print("x:", x.shape, " probabilities:", probs.shape, " losses:", losses.shape)
print("first 4 losses:", losses[:4].round(4))
print(f"the mini-batch's loss = mean of the 32 losses = {losses.mean():.4f}")
# --8<-- [end:forward]

# --8<-- [start:step]
from cnn_blog.losses import SoftmaxCrossEntropy
from cnn_blog.optimizers import Adam

optimizer = Adam()
scores = x
for layer in model.layers[:-1]:  # forward up to the scores before softmax: (32, 10)
    scores = layer.forward(scores, training=True)
loss_layer = SoftmaxCrossEntropy()  # softmax + cross-entropy, averaged over the batch
loss = loss_layer.forward(scores, t)
dout = loss_layer.backward()  # (32, 10) = (y - t) / 32: the 1/32 is the average
for layer in reversed(model.layers[:-1]):  # backward: every layer keeps its gradients
    dout = layer.backward(dout)
before = model.get_weights()
optimizer.update(model.layers)  # ONE update of every weight, from the whole batch
moved = [np.abs(w - b).max() for w, b in zip(model.get_weights(), before)]
gradients = [g for layer in model.layers for g in getattr(layer, "gradients", [])]
print(f"loss {loss:.4f}; one gradient per weight array:", [g.shape for g in gradients])
print("largest change per weight array:", np.round(moved, 6))
print(f"the same batch after the step: loss {model.evaluate(x, y_train[:batch_size])[0]:.4f}")
# --8<-- [end:step]

# What the two checks below print goes to one_step.check.out.txt: the page shows it under them.
with open("one_step.check.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:average]
    # The gradient of the batch's loss is the average of the 32 images' own gradients.
    dense = model.layers[1]  # the first Dense: kernel (784, 64)
    single = []
    for i in range(batch_size):  # 32 separate passes, one image each, same weights as the step
        twin = small_model(seed=0)
        twin.train_on_batch(x[i:i + 1], t[i:i + 1], Adam())
        single.append(twin.layers[1].dkernel)  # this image's gradient, (784, 64)
    average = np.mean(single, axis=0)
    print("batch gradient == mean of the 32 single-image gradients:",
          np.allclose(dense.dkernel, average, rtol=1e-4, atol=1e-7))
    # --8<-- [end:average]

    # --8<-- [start:same_as_train_on_batch]
    twin = small_model(seed=0)
    twin_loss, _ = twin.train_on_batch(x, t, Adam())  # the package's own step
    print("same loss and weights as model.train_on_batch:", twin_loss == loss,
          all(np.array_equal(a, b) for a, b in zip(twin.get_weights(), model.get_weights())))
    # --8<-- [end:same_as_train_on_batch]

with open("one_step.values.json", "w") as fh:
    json.dump({"batch_loss": f"{loss:.4f}", "loss_after": f"{model.evaluate(x, y_train[:batch_size])[0]:.4f}",
               "largest_change": f"{max(moved):.3f}"}, fh)
