"""How 'same' and 'valid' pad one axis: the rows of zeros above and below, and the rows each window reads."""

import json

# --8<-- [start:split]
from cnn_blog.layers import _window_padding

print("h  kh  sh  padding  (top, bottom)  h_out  input rows each window reads (- is a row of zeros)")
table = {}
for h, kh, sh in [(5, 3, 1), (5, 3, 2), (6, 3, 2), (5, 4, 1)]:
    for padding in ("valid", "same"):
        # One axis is enough (the width is split the same way), so the image here is h x h.
        ((top, bottom), _), (h_out, _) = _window_padding((h, h), (kh, kh), (sh, sh), padding, "kernel_size")
        rows = ["-"] * top + [str(r) for r in range(h)] + ["-"] * bottom  # the padded axis
        # Window y starts at padded row y * sh and reads kh rows.
        windows = " ".join("[" + " ".join(rows[y * sh : y * sh + kh]) + "]" for y in range(h_out))
        print(f"{h}  {kh:>2}  {sh:>2}  {padding!r:<8} {(top, bottom)!s:<14} {h_out:>5}  {windows}")
        table[h, kh, sh, padding] = (top, bottom, h_out)
# --8<-- [end:split]

odd = (6, 3, 2)  # the line whose 'same' padding is odd: its extra row goes at the bottom
same_top, same_bottom, same_out = table[(*odd, "same")]
four = (5, 4, 1)  # a filter of even size: with a stride of 1, 'same' needs kh - 1 rows of zeros, an odd number
four_top, four_bottom, _ = table[(*four, "same")]
ceil_h, ceil_sh = 5, 2  # the page's example of -(-size // s): h and sh of the lines (5, 3, 2)
assert -(-ceil_h // ceil_sh) == table[ceil_h, 3, ceil_sh, "same"][2]  # ... whose h_out it is
with open("same_padding.values.json", "w") as fh:
    json.dump({
        "odd_h": odd[0],
        "odd_kh": odd[1],
        "odd_sh": odd[2],
        "odd_out": same_out,
        "odd_last_start": (same_out - 1) * odd[2],  # the padded row where the last window starts
        "odd_total": same_top + same_bottom,
        "odd_top": same_top,
        "odd_bottom": same_bottom,
        "odd_valid_out": table[(*odd, "valid")][2],
        "odd_last_row": odd[0] - 1,  # the input's last row, read by no window with 'valid'
        "four_kh": four[1],
        "four_total": four_top + four_bottom,
        "four_top": four_top,
        "four_bottom": four_bottom,
        "ceil_h": ceil_h,
        "ceil_sh": ceil_sh,
        "ceil_floor": -ceil_h // ceil_sh,  # -h / sh rounded down (the unary minus binds tighter than //)
        "ceil_out": -(-ceil_h // ceil_sh),  # the outer minus turns it into ceil(h / sh)
    }, fh)
