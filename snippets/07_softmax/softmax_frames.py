"""The frames of part 7's interactive figure: the softmax of one prediction's scores divided by a
temperature T, for nine temperatures. The scores are the page's: the series' model trained for one
epoch exactly as in softmax_prediction.py (same seed, same data), and the first test image it is
unsure of. Writes one small PNG per temperature and language and one frame table per language
(07-softmax-temperature-frames.<lang>.frames.json), which the site build turns into a slider."""

import json

# --8<-- [start:frames]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog import train
from cnn_blog.data import load_mnist_5k
from cnn_blog.demos.frames import TEMPERATURES, frame_key, frame_table, temperature_frames
from cnn_blog.figures.frames import make_temperature_frame, save_frame

keras.utils.disable_interactive_logging()  # no progress bar: it prints timings, which vary
train.set_seed(0)  # the page's seed: the same weights, the same scores
x_train, x_test, y_train, y_test = load_mnist_5k(seed=0)
model = train.model_train(x_train, keras.utils.to_categorical(y_train, 10), epochs=1, out=None, verbose=0)
probabilities = model.predict(x_test, verbose=0)  # (1000, 10)
to_scores = keras.Model(model.inputs, model.layers[-2].output)  # stops before Activation('softmax')
scores = to_scores.predict(x_test, verbose=0)  # (1000, 10)
top = probabilities.max(axis=1)
j = int(np.flatnonzero((top > 0.4) & (top < 0.7))[0])  # the page's unsure image

tempered = temperature_frames(scores[j], TEMPERATURES)  # (9, 10): Softmax(scores[j] / T) for each T
np.set_printoptions(precision=3, suppress=True)
print(f"test image {j}, true digit {y_test[j]}, scores {scores[j]}")
for T, p in zip(TEMPERATURES, tempered):
    print(f"T = {T:<4g} largest {p.max():.3f} (digit {p.argmax()})  smallest {p.min():.2g} (digit {p.argmin()})")
# --8<-- [end:frames]

digits = [str(d) for d in range(10)]
WORDS = {
    "ja": {
        "label": "温度 T",
        "text": "T = {T:g}：確率が最も大きいのは数字 {top} の {p_top}、最も小さいのは数字 {low} の {p_low}。",
        "alt": "テスト画像 {j} のスコアを T = {T:g} で割ってからソフトマックス関数に通した確率の棒グラフ。"
               "最も高い青い棒は数字 {top} で {p_top}、最も低い棒は数字 {low} で {p_low}。",
    },
    "en": {
        "label": "temperature T",
        "text": "T = {T:g}: the largest probability is {p_top} (digit {top}), the smallest {p_low} (digit {low}).",
        "alt": "Bar chart of the probabilities the softmax gives test image {j}'s scores divided by T = {T:g}: "
               "the tallest bar, digit {top} in blue, reaches {p_top}; the shortest, digit {low}, {p_low}.",
    },
}
for lang, t in WORDS.items():
    controls = [{"name": "temperature", "label": t["label"], "values": list(TEMPERATURES),
                 "texts": [f"{T:g}" for T in TEMPERATURES], "initial": TEMPERATURES.index(1)}]
    table = {}
    for T, p in zip(TEMPERATURES, tempered):
        png = f"07-softmax-temperature-frames-t{T:g}.{lang}.png"
        save_frame(make_temperature_frame(lang, p, T, digits), png, colors=32)
        low = f"{p.min():.4f}" if p.min() >= 0.0001 else ("0.0001 未満" if lang == "ja" else "below 0.0001")
        words = dict(T=T, j=j, top=int(p.argmax()), low=int(p.argmin()), p_top=f"{p.max():.3f}", p_low=low)
        table[frame_key([T])] = {"src": png.replace(f".{lang}.png", ".png"),  # each language's page gets its own
                                 "alt": t["alt"].format(**words), "text": t["text"].format(**words)}
    with open(f"07-softmax-temperature-frames.{lang}.frames.json", "w", encoding="utf-8") as fh:
        json.dump(frame_table(controls, table), fh, ensure_ascii=False, indent=1)

with open("softmax_frames.values.json", "w") as fh:
    json.dump({"j": j, "temperatures": len(TEMPERATURES), "scores": [float(v) for v in scores[j]]}, fh)
