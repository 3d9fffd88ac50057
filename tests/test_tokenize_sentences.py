from core.sentences import split_sentences
from index.tokenize import is_japanese, tokenize


def test_english_tokens_are_stemmed_without_stop_words():
    assert tokenize("The Ministers are reviewing the Plans") == ["minist", "review", "plan"]


def test_contractions_and_single_letters_are_no_keywords():
    # "doesn't" is "does not", not the rare words "doesn" and "t"; an item's "(a)" is no keyword
    assert tokenize("Our tool doesn't identify anyone") == ["tool", "identifi", "anyon"]
    assert tokenize("We can't; it won't; the lamp’s item (a) and the U.S. rule") == \
        ["cannot", "lamp", "item", "rule"]


def test_full_width_text_is_normalised():
    assert tokenize("ＡＩ Ｐｌａｎ") == tokenize("AI Plan")


def test_japanese_runs_become_bigrams():
    toks = tokenize("基本計画")
    assert toks == ["基本", "本計", "計画"]
    assert "計画" in tokenize("ウィジェット基本計画を定める")


def test_language_detection():
    assert is_japanese("本部長は誰ですか？")
    assert not is_japanese("Who chairs the Headquarters (本部)?")


def test_sentences_keep_offsets_and_split_both_languages():
    text = ("The Board shall meet. It may act; provided, however, that X.\n(i) an item\n"
            "会議を開く。議長が定める。")
    spans = split_sentences(text)
    parts = [text[a:b] for a, b in spans]
    assert parts == ["The Board shall meet.", "It may act; provided, however, that X.", "(i) an item",
                     "会議を開く。", "議長が定める。"]
    assert all(text[a:b] == p for (a, b), p in zip(spans, parts, strict=True))


def test_japanese_full_stop_inside_brackets_does_not_end_the_sentence():
    text = "長は、議長（以下「議長」という。）とし、大臣をもって充てる。次の文。"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "長は、議長（以下「議長」という。）とし、大臣をもって充てる。", "次の文。"]


def test_a_list_item_s_label_ends_no_sentence():
    text = ('2. "Gadget" means a device used in:\na. Supply of lamps under the Lamp Act;\n'
            "b. Repair of gadgets. It is paid.\n(1) The Minister shall act. (2) Then it ends.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        '2. "Gadget" means a device used in:', "a. Supply of lamps under the Lamp Act;",
        "b. Repair of gadgets.", "It is paid.", "(1) The Minister shall act.", "(2) Then it ends."]
