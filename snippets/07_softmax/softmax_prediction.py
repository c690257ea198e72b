"""Part 7: one real prediction. Train the series' model briefly on MNIST-5k, then look at the scores
the last Dense gives one test image and at what Activation('softmax') makes of them.

Training takes some seconds and each snippet runs in its own process, so this one snippet trains
once and then does every step that needs the model. What a step prints goes to
``softmax_prediction.<step>.out.txt`` (the page shows it under the step's code), the numbers the
prose quotes to ``softmax_prediction.values.json``, the figures to ``07-softmax-*.{ja,en}.svg``.
"""

import contextlib
import json


@contextlib.contextmanager
def step(name):
    """Send what the block prints to softmax_prediction.<name>.out.txt."""
    with open(f"softmax_prediction.{name}.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
        yield


with step("train"):
    # --8<-- [start:train]
    from cnn_blog.reproduce import same_numbers_as_the_page

    same_numbers_as_the_page()  # before NumPy and Keras load

    import keras
    import numpy as np

    from cnn_blog import train
    from cnn_blog.data import load_mnist_5k

    keras.utils.disable_interactive_logging()  # no progress bar: it prints timings, which vary
    train.set_seed(0)  # same seed, same weights, same scores on every build
    x_train, x_test, y_train, y_test = load_mnist_5k(seed=0)  # (4000, 28, 28, 1), (1000, 28, 28, 1)
    model = train.model_train(x_train, keras.utils.to_categorical(y_train, 10),
                              epochs=1, out=None, verbose=0)  # build_model + compile + fit, 1 epoch
    probabilities = model.predict(x_test, verbose=0)  # (1000, 10): what the whole model outputs
    accuracy = np.mean(probabilities.argmax(axis=1) == y_test)
    print(f"trained on {len(x_train)} images for 1 epoch; test accuracy {accuracy:.1%}")
    # --8<-- [end:train]

with step("scores"):
    # --8<-- [start:scores]
    from cnn_blog.layers import Softmax

    dense = model.layers[-2]  # Dense(total_num): the layer just before Activation('softmax')
    to_scores = keras.Model(model.inputs, dense.output)  # same weights, stops before the softmax
    scores = to_scores.predict(x_test, verbose=0)  # (1000, 10): the scores of every test image

    i = 0  # the first test image
    ours = Softmax().forward(scores[i])  # cnn_blog's softmax of the 10 scores
    with np.printoptions(precision=3, suppress=True):  # 3 decimals for these prints only
        print(f"test image {i}, true digit {y_test[i]}")
        print("scores        :", scores[i])
        print("Softmax       :", ours)
        print("model.predict :", probabilities[i])
    print("sum:", round(float(ours.sum()), 6),
          " same as Keras:", np.allclose(ours, probabilities[i], rtol=0, atol=1e-6),
          " predicted digit:", ours.argmax(), "=", scores[i].argmax())
    # --8<-- [end:scores]

with step("unsure"):
    # --8<-- [start:unsure]
    top = probabilities.max(axis=1)  # (1000,): the probability of each image's predicted digit
    j = int(np.flatnonzero((top > 0.4) & (top < 0.7))[0])  # the first image the model is unsure of
    second = np.argsort(-probabilities[j], kind="stable")[:2]  # its two most probable digits
    print(f"test image {j}, true digit {y_test[j]}")
    with np.printoptions(precision=3, suppress=True):
        print("scores        :", scores[j])
        print("Softmax       :", Softmax().forward(scores[j]))
    print(f"digit {second[0]}: {probabilities[j, second[0]]:.3f}, digit {second[1]}: {probabilities[j, second[1]]:.3f}")
    # --8<-- [end:unsure]

with step("temperature"):
    # --8<-- [start:temperature]
    temperatures = (0.5, 1, 2, 5)
    for T in temperatures:
        p = Softmax().forward(scores[j] / T)  # divide the scores by T, then the softmax
        print(f"T = {T:<3}  largest probability {p.max():.3f}  (digit {p.argmax()})  smallest {p.min():.4f}")
    # --8<-- [end:temperature]

# --8<-- [start:figures]
from cnn_blog.figures import softmax as figures
from cnn_blog.figures.style import LANGS, save_figure

digits = [str(d) for d in range(10)]  # the class names
shown = [i, j]  # the sure image and the unsure one
shown_probabilities = Softmax().forward(scores[shown])  # (2, 10)
tempered = [Softmax().forward(scores[j] / T) for T in temperatures]  # one row per temperature
for lang in LANGS:  # "ja", "en": the same figures, labelled in each language
    save_figure(figures.make_prediction(lang, x_test[shown], scores[shown], shown_probabilities, shown,
                                        y_test[shown], digits),
                f"07-softmax-prediction.{lang}.svg")
    save_figure(figures.make_temperature(lang, tempered, temperatures, j, digits),
                f"07-softmax-temperature.{lang}.svg")
# --8<-- [end:figures]

# Numbers the page quotes in its prose (read by the site build).
p_i = Softmax().forward(scores[i])
values = {
    "accuracy": f"{accuracy:.1%}",
    "i": i, "i_true": int(y_test[i]), "i_pred": int(p_i.argmax()), "i_prob": f"{p_i.max():.3f}",
    "i_score": f"{scores[i].max():.2f}",
    "j": j, "j_true": int(y_test[j]),
    "j_first": int(second[0]), "j_first_prob": f"{probabilities[j, second[0]]:.3f}",
    "j_second": int(second[1]), "j_second_prob": f"{probabilities[j, second[1]]:.3f}",
    "t_low": f"{Softmax().forward(scores[j] / temperatures[0]).max():.3f}",
    "t_high": f"{Softmax().forward(scores[j] / temperatures[-1]).max():.3f}",
}
with open("softmax_prediction.values.json", "w") as fh:
    json.dump(values, fh)
