"""Why pooling helps, on a toy map: a response that moves inside its 2 x 2 block gives the same pooled map."""

# --8<-- [start:toy]
import numpy as np

from cnn_blog.layers import MaxPooling2D

pool = MaxPooling2D(pool_size=(2, 2))
a = np.zeros((4, 4))
a[0, 0] = 9  # one strong answer in the top-left block
b = np.zeros((4, 4))
b[1, 1] = 9  # the same answer, one pixel lower and one to the right
pooled_a = pool.forward(a.reshape(1, 4, 4, 1))[0, :, :, 0]  # (4, 4) -> (2, 2)
pooled_b = pool.forward(b.reshape(1, 4, 4, 1))[0, :, :, 0]
print("the same before pooling:", np.array_equal(a, b))
print("the same after pooling: ", np.array_equal(pooled_a, pooled_b))
print(pooled_a)
# --8<-- [end:toy]
