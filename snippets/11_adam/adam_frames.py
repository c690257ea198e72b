"""The frames of part 11's interactive figure: gradient descent, RMSProp and Adam on the page's loss
surface, from the page's start, for eight learning rates. Writes one small PNG per learning rate and
language and one frame table per language (11-adam-lr-frames.<lang>.frames.json), which the site
build turns into a slider."""

import json

# --8<-- [start:frames]
from cnn_blog.demos.adam import CURVATURES, START, surface_loss
from cnn_blog.demos.frames import LEARNING_RATES, STEPS, frame_key, frame_table, learning_rate_frames
from cnn_blog.figures.frames import make_learning_rate_frame, save_frame

frames = learning_rate_frames(LEARNING_RATES, STEPS)  # 40 steps of each rule, for each learning rate
print(f"gradient descent is stable below 2 / {CURVATURES[1]:g} = {2 / CURVATURES[1]:g}")
for f in frames:
    losses = "  ".join(f"{name} {loss:.3g}" for name, loss in f["losses"].items())
    print(f"learning_rate {f['learning_rate']:<5g} loss after {STEPS} steps: {losses}")
# --8<-- [end:frames]


def loss_text(loss):
    return f"{loss:.2g}" if loss < 0.01 else f"{loss:.3f}" if loss < 100 else f"{loss:,.0f}"


WORDS = {
    "ja": {
        "label": "学習率（learning_rate）",
        "names": {"SGD": "勾配降下法が", "RMSprop": "RMSProp が", "Adam": "Adam が"},
        "sep": "、",
        "text": "学習率 {lr:g}：{n} ステップ後の損失は、{losses}。",
        "loss": "{name} {loss}",
        "alt": "細長い楕円の等高線の上に、出発点（左上の黒い四角）から最小値（黒い星）へ向かう 3 つの経路を描いた図"
               "（学習率 {lr:g}、{n} ステップ）。{steady}",
        "sgd_out": "勾配降下法（赤）は上下に振れながら振れ幅を広げ、図の外へ飛び出していく"
                   "（損失は出発点の {start} から {sgd} へ増える）。",
        "sgd_in": "勾配降下法（赤）、RMSProp（緑）、Adam（青）の {n} ステップ後の損失はそれぞれ {losses_plain}。",
    },
    "en": {
        "label": "learning rate (learning_rate)",
        "names": {"SGD": "gradient descent", "RMSprop": "RMSProp", "Adam": "Adam"},
        "sep": ", ",
        "text": "Learning rate {lr:g}: the loss after {n} steps is {losses}.",
        "loss": "{name} {loss}",
        "alt": "Three paths on the contour lines of a long, narrow ellipse, from the start (a black square at the "
               "top left) towards the minimum (a black star), with learning rate {lr:g} for {n} steps. {steady}",
        "sgd_out": "Gradient descent (red) swings up and down ever wider and leaves the chart (its loss grows from "
                   "{start} at the start to {sgd}).",
        "sgd_in": "After {n} steps the loss is {losses_plain} for gradient descent (red), RMSProp (green) and "
                  "Adam (blue).",
    },
}
for lang, t in WORDS.items():
    controls = [{"name": "learning_rate", "label": t["label"], "values": list(LEARNING_RATES),
                 "texts": [f"{lr:g}" for lr in LEARNING_RATES], "initial": LEARNING_RATES.index(0.1)}]
    table = {}
    for f in frames:
        lr, losses = f["learning_rate"], f["losses"]
        png = f"11-adam-lr-frames-lr{lr:g}.{lang}.png"
        save_frame(make_learning_rate_frame(lang, f["paths"], lr, surface_loss), png, colors=48)
        shown = t["sep"].join(t["loss"].format(name=t["names"][name], loss=loss_text(loss)) for name, loss in losses.items())
        plain = t["sep"].join(loss_text(loss) for loss in losses.values())
        grows = losses["SGD"] > surface_loss(START)  # gradient descent above its stable rate: it diverges
        steady = (t["sgd_out"] if grows else t["sgd_in"]).format(
            n=STEPS, losses_plain=plain, start=f"{surface_loss(START):.3f}", sgd=loss_text(losses["SGD"]))
        table[frame_key([lr])] = {"src": png.replace(f".{lang}.png", ".png"),  # each language's page gets its own
                                  "alt": t["alt"].format(lr=lr, n=STEPS, steady=steady),
                                  "text": t["text"].format(lr=lr, n=STEPS, losses=shown)}
    with open(f"11-adam-lr-frames.{lang}.frames.json", "w", encoding="utf-8") as fh:
        json.dump(frame_table(controls, table), fh, ensure_ascii=False, indent=1)

with open("adam_frames.values.json", "w") as fh:
    json.dump({"learning_rates": len(LEARNING_RATES), "steps": STEPS}, fh)
