"""The frames of part 2's interactive figure: the vertical-edge filter on the cat photo for every
stride (1-3), padding ('valid'/'same') and kernel size (3, 5), with the output size from the page's
size rule. Writes one small PNG per setting and one frame table per language
(02-conv2d-conv-frames.<lang>.frames.json), which the site build turns into the figure's slider."""

import json

# --8<-- [start:frames]
import numpy as np

from cnn_blog import data
from cnn_blog.demos.frames import KERNEL_SIZES, PADDINGS, STRIDES, conv_frames, frame_key, frame_table
from cnn_blog.figures.frames import make_conv_frame, save_frame

image = data.chelsea_gray()  # the cat photo, (150, 225) gray
h, w = image.shape
frames = conv_frames(image)  # 12 settings: Conv2D(1, (k, k), strides, padding) with the vertical filter
# One colour scale per filter size (the 5 x 5 filter's weights add up to more), from stride 1, 'same'.
limit = {f["kernel_size"]: np.percentile(np.abs(f["out"]), 99) for f in frames if (f["stride"], f["padding"]) == (1, "same")}
for f in frames:
    s, p, k = f["stride"], f["padding"], f["kernel_size"]
    h_out, w_out = f["out"].shape
    assert (h_out, w_out) == f["rule"], (s, p, k)  # the size rule predicts the layer's output
    f["png"] = f"02-conv2d-conv-frames-s{s}-{p}-k{k}.png"
    save_frame(make_conv_frame(f["out"], (h, w), limit[k]), f["png"])
    print(f"strides={s}, padding={p!r:<7}, kernel_size=({k}, {k}): output {h_out} x {w_out}")
# --8<-- [end:frames]

# The text under the figure and its alt text, in each language, for every frame.
def rule_text(side, k, s, p, out):
    if p == "same":
        return f"⌈{side} / {s}⌉ = {out}"
    return f"⌊({side} − {k}) / {s}⌋ + 1 = {out}"


WORDS = {
    "ja": {
        "labels": {"stride": "ストライド", "padding": "パディング", "kernel_size": "フィルタの大きさ"},
        "text": "ストライド {s}、padding='{p}'、{k}×{k} のフィルタ：{h}×{w} の写真から {ho}×{wo} の特徴マップ"
                "（縦 {rh}、横 {rw}）",
        "alt": "猫の写真に縦のエッジのフィルタ（{k}×{k}）をストライド {s}、padding='{p}' で適用した特徴マップ。"
               "写真と同じ {h}×{w} の灰色の枠の左上に、{ho}×{wo} の特徴マップが描かれている。"
               "右に向かって明るくなるところが赤、暗くなるところが青。",
    },
    "en": {
        "labels": {"stride": "stride", "padding": "padding", "kernel_size": "kernel size"},
        "text": "Stride {s}, padding='{p}', a {k}×{k} filter: the {h}×{w} photo gives a {ho}×{wo} feature map "
                "(rows {rh}, columns {rw}).",
        "alt": "The feature map of the vertical-edge filter ({k}×{k}) on the cat photo with stride {s} and "
               "padding='{p}': a {ho}×{wo} map in the top left of a grey area the size of the {h}×{w} photo, "
               "red where the photo grows brighter to the right, blue where it grows darker.",
    },
}
for lang, t in WORDS.items():
    controls = [
        {"name": "stride", "label": t["labels"]["stride"], "values": list(STRIDES), "texts": [str(s) for s in STRIDES]},
        {"name": "padding", "label": t["labels"]["padding"], "values": list(PADDINGS), "texts": [f"'{p}'" for p in PADDINGS]},
        {"name": "kernel_size", "label": t["labels"]["kernel_size"], "values": list(KERNEL_SIZES),
         "texts": [f"{k}×{k}" for k in KERNEL_SIZES]},
    ]
    table = {}
    for f in frames:
        s, p, k = f["stride"], f["padding"], f["kernel_size"]
        ho, wo = f["out"].shape
        words = dict(s=s, p=p, k=k, h=h, w=w, ho=ho, wo=wo,
                     rh=rule_text(h, k, s, p, ho), rw=rule_text(w, k, s, p, wo))
        table[frame_key([s, p, k])] = {"src": f["png"], "alt": t["alt"].format(**words), "text": t["text"].format(**words)}
    with open(f"02-conv2d-conv-frames.{lang}.frames.json", "w", encoding="utf-8") as fh:
        json.dump(frame_table(controls, table, pixelated=True), fh, ensure_ascii=False, indent=1)

with open("conv2d_frames.values.json", "w") as fh:
    json.dump({"frames": len(frames), "photo_h": h, "photo_w": w}, fh)
