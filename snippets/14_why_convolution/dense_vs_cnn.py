"""A fully connected network and a small CNN trained on the same digits, then tested on digits moved a few pixels to the right."""

import json

# --8<-- [start:data]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras

from cnn_blog import data
from cnn_blog.demos.why_convolution import dense_model, shift, small_cnn
from cnn_blog.train import set_seed

x_train, x_test, y_train, y_test = data.load_mnist_5k()  # (4000, 28, 28, 1), (1000, 28, 28, 1)
t_train = keras.utils.to_categorical(y_train, 10)  # the correct labels, one-hot
# --8<-- [end:data]

# --8<-- [start:train]
models = {}
for name, build in (("dense", dense_model), ("cnn", small_cnn)):
    set_seed(0)  # the same random numbers for both runs
    model = build()
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(), metrics=["accuracy"])
    model.fit(x_train, t_train, batch_size=32, epochs=5, verbose=0)  # 5 epochs: a few seconds each
    models[name] = model
# --8<-- [end:train]

# --8<-- [start:shifted]
SHIFTS = [0, 1, 2, 3, 4]  # pixels to the right
model_names = {"dense": "fully connected only", "cnn": "small CNN"}
accuracy = {}
print("pixels moved right:   " + "".join(f"{s:>7}" for s in SHIFTS))
for name, model in models.items():
    accuracy[name] = []
    for s in SHIFTS:
        probabilities = model.predict_on_batch(shift(x_test, right=s))  # (1000, 10)
        accuracy[name].append(float((probabilities.argmax(axis=1) == y_test).mean()))
    print(f"{model_names[name]} ({model.count_params():,} parameters)")
    print("  test accuracy:      " + "".join(f"{a:>7.1%}" for a in accuracy[name]))
# --8<-- [end:shifted]

# --8<-- [start:figures]
from cnn_blog.figures.style import LANGS, save_figure
from cnn_blog.figures.why_convolution import make_shift_accuracy

params = {name: model.count_params() for name, model in models.items()}
for lang in LANGS:  # "ja", "en"
    save_figure(make_shift_accuracy(lang, SHIFTS, accuracy, params), f"14-why-convolution-shift-accuracy.{lang}.svg")
# --8<-- [end:figures]

values = {"train_images": f"{len(x_train):,}", "test_images": f"{len(x_test):,}",
          "dense_params": f"{params['dense']:,}", "cnn_params": f"{params['cnn']:,}",
          "params_ratio": f"{params['dense'] / params['cnn']:.0f}"}
for name in models:
    for s, a in zip(SHIFTS, accuracy[name]):
        values[f"{name}_{s}"] = f"{a:.1%}"
with open("dense_vs_cnn.values.json", "w") as fh:
    json.dump(values, fh)
