"""The frames of part 5's interactive figure: the page's feature map under Dropout(rate) in training,
for rates 0.0 to 0.9 and four masks per rate. Writes one small PNG per frame (the area around the
left eye, as in the page's mask figure) and one frame table per language
(05-dropout-rate-frames.<lang>.frames.json), which the site build turns into a slider and a button."""

import json

# --8<-- [start:frames]
import numpy as np

from cnn_blog.demos.frames import DROPOUT_RATES, MASKS, dropout_frames, frame_key, frame_table
from cnn_blog.figures.dropout import CROP
from cnn_blog.figures.frames import make_dropout_frame, save_frame

fmap, frames = dropout_frames(DROPOUT_RATES, MASKS)  # Dropout(rate, rng=default_rng(mask)), training=True
limit = 2 * np.percentile(fmap[CROP], 99)  # one colour scale: a kept value grows by 1 / (1 - rate)
print(f"feature map {fmap.shape}, {fmap.size:,} values, mean {fmap.mean():.4f}")
for f in frames:
    rate, m = f["rate"], f["mask"]
    f["dropped"] = 1 - f["keep"].mean()  # the share of the map's values set to 0
    f["png"] = f"05-dropout-rate-frames-r{rate:g}-m{m if rate else 0}.png"  # rate 0 drops nothing: one image
    if rate or m == 0:
        save_frame(make_dropout_frame(f["out"][CROP], f["keep"][CROP], limit), f["png"])
    if m == 0:
        print(f"rate {rate:.1f}: dropped {f['dropped']:.1%}, mean after dropout {f['out'].mean():.4f}")
# --8<-- [end:frames]

WORDS = {
    "ja": {
        "rate": "rate（遮断する割合）", "mask": "マスク", "button": "別のマスクを引く",
        "text": "rate {rate:g}、マスク {m}/{n}：特徴マップの {size} 個の値のうち {dropped} を遮断し、"
                "残りを 1 / (1 − {rate:g}) = {scale} 倍にしました。平均は {mean_in} → {mean_out}。",
        "alt": "猫の写真の左側の目のあたりの特徴マップに、学習時の Dropout({rate:g}) を適用したもの（マスク {m}）。"
               "遮断された値が青いマスで、全体のおよそ {dropped} を占める。残った値は {scale} 倍になり、赤が濃くなっている。",
        "alt0": "猫の写真の左側の目のあたりの特徴マップに、学習時の Dropout(0) を適用したもの。"
                "遮断される値はなく、特徴マップはそのまま。目の輪郭が赤い線として見える。",
    },
    "en": {
        "rate": "rate (share dropped)", "mask": "mask", "button": "Draw a new mask",
        "text": "Rate {rate:g}, mask {m} of {n}: {dropped} of the feature map's {size} values dropped, the rest "
                "multiplied by 1 / (1 − {rate:g}) = {scale}. Mean {mean_in} → {mean_out}.",
        "alt": "The feature map around the cat's left eye after Dropout({rate:g}) in training (mask {m}): the dropped "
               "values are blue squares, about {dropped} of the map; the kept values are multiplied by {scale} and "
               "drawn a deeper red.",
        "alt0": "The feature map around the cat's left eye after Dropout(0) in training: nothing is dropped and the "
                "map is unchanged; the outline of the eye shows as red lines.",
    },
}
for lang, t in WORDS.items():
    controls = [
        {"name": "rate", "label": t["rate"], "values": list(DROPOUT_RATES), "texts": [f"{r:.1f}" for r in DROPOUT_RATES],
         "initial": DROPOUT_RATES.index(0.2)},  # near the series' Dropout(0.25)
        {"name": "mask", "label": t["mask"], "values": list(range(MASKS)),
         "texts": [f"{m + 1}/{MASKS}" if lang == "ja" else f"{m + 1} of {MASKS}" for m in range(MASKS)]},
    ]
    table = {}
    for f in frames:
        rate, m = f["rate"], f["mask"]
        words = dict(rate=rate, m=m + 1, n=MASKS, size=f"{fmap.size:,}", dropped=f"{f['dropped']:.1%}",
                     scale=f"{1 / (1 - rate):.2f}", mean_in=f"{fmap.mean():.4f}", mean_out=f"{f['out'].mean():.4f}")
        table[frame_key([rate, m])] = {"src": f["png"], "text": t["text"].format(**words),
                                       "alt": (t["alt"] if rate else t["alt0"]).format(**words)}
    with open(f"05-dropout-rate-frames.{lang}.frames.json", "w", encoding="utf-8") as fh:
        json.dump(frame_table(controls, table, button={"control": "mask", "label": t["button"]}, pixelated=True), fh,
                  ensure_ascii=False, indent=1)

with open("dropout_frames.values.json", "w") as fh:
    json.dump({"rates": len(DROPOUT_RATES), "masks": MASKS}, fh)
