"""Labels as one-hot rows: keras.utils.to_categorical and its NumPy twin."""

# --8<-- [start:one_hot]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

y = np.array([3, 0, 9])  # three labels (digits)
total_num = 10  # how many labels there are

onehot = keras.utils.to_categorical(y, total_num)  # the line in main
print(onehot)
print("the same as np.eye(total_num)[y]:", np.array_equal(onehot, np.eye(total_num)[y]))
# --8<-- [end:one_hot]
