"""The glossary: both languages list the same terms with the same links, and every term is really
used, in that page's language, on the page it links to."""

from __future__ import annotations

import re
import pytest
import yaml
from conftest import ROOT

DOCS = ROOT / "docs"
ROW = re.compile(r"^\|(.+)\|\s*$")
LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+)\.md(?:#[\w-]+)?\)")


def glossary(lang: str) -> list[tuple[str, str, str]]:
    """(Japanese term, English term, linked slug) for every row of the glossary's tables."""
    rows, header = [], None
    for line in (DOCS / f"glossary.{lang}.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match:
            header = None
            continue
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in match.group(1).split("|")]  # <span lang="ja"> ...
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---| line
        row = dict(zip(header, cells))
        link = LINK.search(row[header[-1]])
        assert link, f"glossary.{lang}.md: no page link in {line!r}"
        rows.append((row["日本語"], row["English"], link.group(2)))
    return rows


def alternatives(term: str) -> list[str]:
    """The term and, for "A (B)" or 「A（B）」, each of A and B on its own."""
    out = [term]
    match = re.fullmatch(r"(.+?)\s*[（(](.+)[）)]", term)
    if match:
        out += [match.group(1).strip(), match.group(2).strip()]
    return out


def prose(slug: str, lang: str) -> str:
    """A page's source without its fenced code blocks (the terms must be in the text itself)."""
    text = (DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


# The terms every page shares (the project's TERMS.md) and the ones the pages use besides: the
# glossary must keep all of them. (Japanese, English) as the glossary writes them.
REQUIRED = [
    ("畳み込みニューラルネットワーク（CNN）", "convolutional neural network (CNN)"), ("畳み込み", "convolution"),
    ("畳み込み層", "convolutional layer"), ("フィルタ（カーネル）", "filter (kernel)"), ("特徴マップ", "feature map"),
    ("パディング", "padding"), ("ゼロパディング", "zero padding"), ("ストライド", "stride"),
    ("活性化関数", "activation function"), ("ReLU（正規化線形関数）", "ReLU (rectified linear unit)"),
    ("最大プーリング（マックスプーリング）", "max pooling"), ("過学習", "overfitting"), ("ドロップアウト", "dropout"),
    ("平坦化", "flatten"), ("全結合層", "fully connected layer (dense layer)"),
    ("ソフトマックス関数", "softmax function"), ("損失関数", "loss function"), ("交差エントロピー誤差", "cross-entropy error"),
    ("多クラス交差エントロピー誤差", "categorical cross-entropy"), ("二乗和誤差", "sum-of-squares error"),
    ("正解ラベル", "correct label"), ("one-hot表現", "one-hot"), ("重み", "weight"), ("バイアス", "bias"),
    ("勾配", "gradient"), ("勾配降下法", "gradient descent"), ("学習率", "learning rate"),
    ("最適化手法（オプティマイザ）", "optimizer"), ("モーメンタム", "momentum"), ("ミニバッチ", "mini-batch"),
    ("バッチサイズ", "batch size"), ("エポック", "epoch"), ("訓練データ", "training data"),
    ("検証データ", "validation data"), ("テストデータ", "test data"), ("正解率", "accuracy"),
    ("データ拡張", "data augmentation"), ("混同行列", "confusion matrix"), ("推論", "inference"),
    # used on the pages beyond TERMS.md
    ("順伝播", "forward pass"), ("逆伝播", "backward pass"), ("数値微分", "numerical gradient"),
    ("層化分割", "stratified split"), ("パラメータ数", "number of parameters"), ("画素", "pixel"),
    ("チャンネル", "channel"), ("温度", "temperature"), ("ステップ", "step"), ("評価指標", "metrics"),
    ("スコア", "score"), ("損失", "loss"), ("確率", "probability"), ("指数移動平均", "exponential moving average"),
    ("学習曲線", "learning curve"), ("グレースケール", "grayscale (gray)"), ("ラベル", "label"), ("クラス", "class"),
    ("シード", "seed"), ("エッジ", "edge"), ("学習", "training"),
]

# Other spellings of glossary terms that must not come back: one word per idea (TERMS.md).
VARIANTS = {
    "ピクセル": "画素", "チャネル": "チャンネル", "学習データ": "訓練データ",  # 教師データ: see STYLE below
    "オプティマイザー": "オプティマイザ", "フィルター": "フィルタ", "過剰適合": "過学習", "ワンホット": "one-hot表現",
    "クロスエントロピー": "交差エントロピー誤差", "正答率": "正解率", "順方向": "順伝播",
    "最適化関数": "最適化手法", "評価関数": "評価指標", "損失化関数": "損失関数", "全結合の層": "全結合層",
    "マックスプーリング層": "最大プーリング", "ミニ・バッチ": "ミニバッチ",
}

# STYLE.md's mechanical rules for the Japanese pages: a pattern that must not occur, and what to write.
# 教師データ and 誤差逆伝播 have their own tests below (one allowed form each).
STYLE = {
    r"\d %": "25% (no space before %, as the generated values print)",
    r"いまの": "今の",
    r"計(る|っ|り|れ)": "測る (also for time)",
    r"ぎざぎざ": "ギザギザ",
    r"水増し": "データ拡張",
    r"最適化関数": "最適化手法",
    r"多クラス交差エントロピー(?!誤差)": "多クラス交差エントロピー誤差",
    r"(?<!指数)移動平均": "指数移動平均 (Adam's m and v)",
    r"シリーズ": "元の連載 (the 2019 posts) or このサイト (this site)",
    r"(ReLU|`[^`\n]+`|フィルタ|プーリング|ドロップアウト|関数|層)\s*(を|に)(\s*[\d ]+回[、と]?)*\s*かけ":
        "適用する / 通す (for a layer or a filter; かける is for multiplying)",
    r"一番": "いちばん",
    r"しくみ": "仕組み",
    r"このサイトのモデル": "元の連載のモデル (the series' model, which this site builds too)",
    r"輪郭|縁": "エッジ (a change of brightness; 端 for the border of an image, 枠 for the ring of zeros)",
    r"かたまり": "組 (a run of layers)",
    r"道筋": "方法 / 2 通りの計算方法",
    r"ステップを踏": "ステップ進む / 進める",
    r"データに触れ": "データを扱う",
    r"\]\(index\.md\)に": "[はじめに](index.md)のページに",
    r"(?<!ニューラル)(?<!間引かれた)ネットワーク": "インターネット (the internet) or モデル",
    r"\d+ 行目・\d+ 列目|の 1 列目": "行 N・列 M（0 から数えます） / 列 0",
    r"k_[hw{]|c_\{\\text\{|n_\{\\text\{": "kh, kw, c_{in}, n_{in}, n_{out} (the code's names)",
    r"（答え：": "the collapsed ??? note \"答え\" block",
}
TEACHER_ALIAS = "訓練データ（元の連載では「教師データ」）"
# The Japanese glossary's sentence of other names a reader might type (its search finds them), at the end
# of a term's meaning; the one place a variant may stand.
ALIAS_SENTENCE = r"別の呼び方：[^。|]*。"


def japanese_prose(slug: str) -> str:
    """A Japanese page's prose for the spelling checks: the glossary's lists of other names left out."""
    text = prose(slug, "ja")
    return re.sub(ALIAS_SENTENCE, "", text) if slug == "glossary" else text


def test_glossary_keeps_every_shared_term():
    listed = {(ja, en) for ja, en, _ in glossary("ja")}
    missing = [pair for pair in REQUIRED if pair not in listed]
    assert not missing, f"terms missing from the glossary: {missing}"


@pytest.mark.parametrize("slug", sorted(p.name[: -len(".ja.md")] for p in DOCS.glob("*.ja.md")))
def test_pages_use_the_glossary_word_not_a_variant(slug):
    text = japanese_prose(slug)
    used = {variant: word for variant, word in VARIANTS.items() if variant in text}
    assert not used, f"{slug}.ja.md: write {used}"


def style_breaches(text: str) -> dict[str, list[str]]:
    """STYLE.md's rule -> the passages of ``text`` that break it."""
    found = {}
    for pattern, write in STYLE.items():
        hits = [text[max(m.start() - 8, 0): m.end() + 8].replace("\n", " ") for m in re.finditer(pattern, text)]
        if hits:
            found[write] = hits
    rest = text.replace(TEACHER_ALIAS, "", 1)
    if "教師データ" in rest:
        found[f"訓練データ; 教師データ only once, as {TEACHER_ALIAS}"] = ["教師データ"]
    if re.search("誤差逆伝播(?!法)", text):
        found["誤差逆伝播法 (the method) or 逆伝播 (the backward pass)"] = ["誤差逆伝播"]
    return found


@pytest.mark.parametrize("slug", sorted(p.name[: -len(".ja.md")] for p in DOCS.glob("*.ja.md")))
def test_japanese_pages_follow_the_style_note(slug):
    """STYLE.md: one spelling per idea, checked in the prose (code blocks aside)."""
    breaches = style_breaches(japanese_prose(slug))
    assert not breaches, f"{slug}.ja.md: write {breaches}"


# STYLE.md's mechanical rules for the English pages (the calques and forms the reviews found).
ENGLISH_STYLE = {
    r"\b(grow|grew|grown|grows)\b (the )?(training (data|photos)|set|photos|them)\b": "augment / multiply",
    r"\d %": "25% (no space before %, as the generated values print)",
    r"this site's model|like ours\b": "the original series' model (the model the site builds is the series')",
    r"one score per label|as many numbers as there are labels|one folder per label": "class (a label names an image's class)",
    r"k_[hw{]|c_\{\\text\{|n_\{\\text\{": "kh, kw, c_{in}, n_{in}, n_{out} (the code's names)",
    r"\(Answer:": "the collapsed ??? note answer block",
}


def english_style_breaches(text: str) -> dict[str, list[str]]:
    return {write: [m.group(0) for m in re.finditer(pattern, text)]
            for pattern, write in ENGLISH_STYLE.items() if re.search(pattern, text)}


@pytest.mark.parametrize("slug", sorted(p.name[: -len(".en.md")] for p in DOCS.glob("*.en.md")))
def test_english_pages_follow_the_style_note(slug):
    breaches = english_style_breaches(prose(slug, "en"))
    assert not breaches, f"{slug}.en.md: write {breaches}"


def test_english_style_check_finds_each_rule_it_names():
    bad = ["we grow the training data", "25 % of them", "this site's model", "one score per label", "$k_h$",
           "(Answer: 3)"]
    good = ["we augment the training data", "25% of them", "the original series' model", "one score per class",
            "$kh$", "the answers below", "a tree grows tall"]
    assert all(english_style_breaches(text) for text in bad), [t for t in bad if not english_style_breaches(t)]
    assert not english_style_breaches("\n".join(good))


def test_style_check_finds_each_rule_it_names():
    """Each rule catches its variant and lets the written form through (the check could fail)."""
    bad = ["25 % を遮断", "いまの Keras", "時間を計る", "ぎざぎざの線", "写真を水増しする", "最適化関数の Adam",
           "多クラス交差エントロピーを使う", "勾配の移動平均", "シリーズの第8弾", "`Conv2D` をかけます",
           "ReLU をかけた", "プーリングを 1 回、2 回とかけて", "教師データ", "誤差逆伝播で求める", "一番大きい",
           "このしくみ", "このサイトのモデルは", "猫の輪郭", "層のかたまり", "2 つの道筋", "ステップを踏む",
           "データに触れる", "[はじめに](index.md)に戻る", "ネットワーク越しに", "1 行目・0 列目", "$k_h$",
           "（答え：3）"]
    good = ["25% を遮断", "今の Keras", "時間を測る", "ギザギザの線", "データ拡張", "最適化手法の Adam",
            "多クラス交差エントロピー誤差", "勾配の指数移動平均", "元の連載の第8弾", "`Conv2D` を適用します",
            "重みをかけて足す", "0.9 をかける", TEACHER_ALIAS, "誤差逆伝播法", "いちばん大きい", "この仕組み",
            "元の連載のモデルは", "猫のエッジ", "層の組", "2 つの方法", "ステップ進む", "データを扱う",
            "[はじめに](index.md)のページに戻る", "ニューラルネットワーク", "行 1・列 0", "$kh$"]
    assert all(style_breaches(text) for text in bad), [t for t in bad if not style_breaches(t)]
    assert not style_breaches("\n".join(good)), style_breaches("\n".join(good))
    assert style_breaches(TEACHER_ALIAS + TEACHER_ALIAS)  # the alias once, not twice


PREVIOUS_NEXT = {"ja": ("前回は[第{n}回", "次回は[第{n}回"), "en": ("Last time: [Part {n}", "Next time: [Part {n}")}
INTRODUCTION = {"ja": "前回は[はじめに](index.md)", "en": "Last time: [Introduction](index.md)"}
FIGURE_CODE = {"ja": "## 図を作ったコード", "en": "## The code behind the figures"}
EXERCISES = {"ja": ("## やってみよう", "## まとめ"), "en": ("## Try it yourself", "## Summary")}
PARTS = sorted(p.name[: -len(".ja.md")] for p in DOCS.glob("[0-9][0-9]-*.ja.md"))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", PARTS)
def test_part_ends_with_the_previous_next_paragraph(slug, lang):
    """STYLE.md: the last paragraph names the previous and the next part in one form (part 0's
    previous is the introduction; none after the last part)."""
    n = int(slug[:2])
    last = " ".join((DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8").strip().split("\n\n")[-1].split())
    previous, following = PREVIOUS_NEXT[lang]
    if n > 0:
        assert last.startswith(previous.format(n=n - 1)), f"{slug}.{lang}.md: {last[:60]!r}"
    else:
        assert last.startswith(INTRODUCTION[lang]), f"{slug}.{lang}.md: {last[:60]!r}"
    if n < int(PARTS[-1][:2]):
        assert following.format(n=n + 1) in last, f"{slug}.{lang}.md: {last[:80]!r}"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", PARTS)
def test_figure_code_and_exercise_sections_have_the_one_form(slug, lang):
    """The figures' code under one heading, and the exercises just before the summary."""
    headings = re.findall(r"^## .*$", (DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8"), flags=re.M)
    about_figure_code = [h for h in headings if ("図" in h and "コード" in h) or re.search("figure.*code|code.*figure", h, re.I)]
    assert set(about_figure_code) <= {FIGURE_CODE[lang]}, about_figure_code
    exercises, summary = EXERCISES[lang]
    assert exercises in headings and headings[headings.index(exercises) + 1] == summary, f"{slug}.{lang}.md"


@pytest.mark.parametrize("slug", sorted(p.name[: -len(".ja.md")] for p in DOCS.glob("*.ja.md")))
def test_japanese_links_sit_in_the_sentence_without_spaces(slug):
    """「[前回](…)は」, not 「[前回](…) は」: a space beside a link only where the link's text begins or
    ends with Latin text, as beside any Latin word ("前回は [Conv2D の回](…)" would keep it)."""
    from sitebuild.japanese import JAPANESE_CHARS  # the characters the build joins lines between

    cjk = f"[{JAPANESE_CHARS}]"
    text = prose(slug, "ja")
    before = re.findall(f"{cjk} \\[{cjk}[^\\]]*\\]", text)
    after = re.findall(f"\\[[^\\]]*{cjk}\\]\\([^)\\s]+\\) {cjk}", text)
    assert not before + after, before + after


def test_both_glossaries_list_the_same_terms_with_the_same_links():
    ja, en = glossary("ja"), glossary("en")
    assert len(ja) >= len(REQUIRED)
    assert ja == en
    assert len({term for term, _, _ in ja}) == len(ja), "a Japanese term is listed twice"
    assert len({term.lower() for _, term, _ in ja}) == len(ja), "an English term is listed twice"


def test_english_glossary_marks_its_japanese_terms_as_japanese():
    """<span lang="ja">: screen readers read the term as Japanese and browsers pick Japanese glyphs."""
    text = (DOCS / "glossary.en.md").read_text(encoding="utf-8")
    for ja, _, _ in glossary("en"):
        assert f'<span lang="ja">{ja}</span>' in text, ja
    outside = re.sub(r'<span lang="ja">[^<]*</span>', "", text).replace("| 日本語 |", "")
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", outside), "Japanese outside a lang=ja span"


def test_every_term_has_its_japanese_and_english_side_in_the_right_script():
    for ja, en, _ in glossary("ja"):
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), ja
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en), en


@pytest.mark.parametrize("ja, en, slug", glossary("ja"), ids=[row[0] for row in glossary("ja")])
def test_term_is_used_on_the_page_it_links_to_in_both_languages(ja, en, slug):
    assert (DOCS / f"{slug}.ja.md").is_file() and (DOCS / f"{slug}.en.md").is_file(), f"{ja}: no page {slug}"
    japanese = prose(slug, "ja")
    assert any(alt in japanese for alt in alternatives(ja)), f"{ja!r} is not used on {slug}.ja.md"
    english = prose(slug, "en").lower()
    assert any(alt.lower() in english for alt in alternatives(en)), f"{en!r} is not used on {slug}.en.md"


def test_glossary_is_the_last_entry_of_both_navigations():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    for language in i18n["languages"]:
        last = language["nav"][-1]
        assert list(last.values()) == ["glossary.md"], (language["locale"], last)


def test_alternatives_split_bracketed_names():
    assert alternatives("フィルタ（カーネル）") == ["フィルタ（カーネル）", "フィルタ", "カーネル"]
    assert alternatives("fully connected layer (dense layer)") == [
        "fully connected layer (dense layer)", "fully connected layer", "dense layer"]
    assert alternatives("epoch") == ["epoch"]
