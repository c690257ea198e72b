"""The backward pass of Conv2D written with loops: dkernel as a cross-correlation of the input with dout,
dx as a full convolution of dout with the kernel (a cross-correlation with the kernel turned 180 degrees)."""

import json

# --8<-- [start:loops]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # one thread: the last digits of the sums as on the page

import numpy as np


def conv_backward_loops(x, kernel, dout):
    """Conv2D's gradients, stride 1, 'valid' padding.

    x (n, h, w, c_in), kernel (kh, kw, c_in, f), dout (n, h_out, w_out, f)
    -> dkernel (kh, kw, c_in, f), dbias (f,), dx (n, h, w, c_in)
    """
    n, h, w, c_in = x.shape
    kh, kw, _, f = kernel.shape
    _, h_out, w_out, _ = dout.shape
    dkernel = np.zeros(kernel.shape)
    for a in range(kh):
        for b in range(kw):
            for c in range(c_in):
                for k in range(f):  # slide dout over the input, like a filter: a cross-correlation
                    dkernel[a, b, c, k] = np.sum(x[:, a : a + h_out, b : b + w_out, c] * dout[:, :, :, k])
    dbias = dout.sum(axis=(0, 1, 2))  # the bias is added to every output value
    # zero padding: kh - 1 rows of zeros above and below dout, kw - 1 columns left and right
    padded = np.pad(dout, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
    turned = kernel[::-1, ::-1]  # the kernel turned 180 degrees: (kh, kw, c_in, f)
    dx = np.zeros(x.shape)
    for p in range(h):
        for q in range(w):
            for c in range(c_in):  # slide the turned kernel over the padded dout: a full convolution
                dx[:, p, q, c] = np.sum(padded[:, p : p + kh, q : q + kw, :] * turned[:, :, c, :], axis=(1, 2, 3))
    return dkernel, dbias, dx
# --8<-- [end:loops]


# --8<-- [start:check]
from cnn_blog.layers import Conv2D

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 6, 5, 3))  # 2 images, 6 x 5, 3 channels
conv = Conv2D(2, (3, 3))
conv.build(x.shape[1:], rng=rng, dtype=np.float64)
out = conv.forward(x)  # (2, 4, 3, 2)
dout = rng.standard_normal(out.shape)  # the gradient from the layer above
dx = conv.backward(dout)  # Conv2D's own backward: dkernel and dbias set on the layer

loop_dkernel, loop_dbias, loop_dx = conv_backward_loops(x, conv.kernel, dout)
for name, mine, layers_own in (("dkernel", loop_dkernel, conv.dkernel), ("dbias", loop_dbias, conv.dbias),
                               ("dx", loop_dx, dx)):
    print(f"{name:<8} {str(mine.shape):<13} largest difference from Conv2D.backward: {np.abs(mine - layers_own).max():.0e}")
# --8<-- [end:check]

with open("backward_loops.values.json", "w") as fh:
    json.dump({"largest": f"{max(np.abs(loop_dkernel - conv.dkernel).max(), np.abs(loop_dx - dx).max(), np.abs(loop_dbias - conv.dbias).max()):.0e}"}, fh)
