from exercise import decode, encode, train_bpe

ENGLISH = "The weather is nice today, so we are going to the park. " * 20


def test_merges_of_a_known_example():
    merges = train_bpe("aaabdaaabac", 3)
    assert merges == [(97, 97), (97, 98), (256, 257)], (
        f"got {merges}: aa (4 times) first; then (256, 97) and (97, 98) tie at 2 and the smaller pair wins; "
        "then the new ids 256 and 257 pair up"
    )


def test_encoding_applies_the_merges_in_order():
    merges = [(97, 97), (97, 98), (256, 257)]
    got = encode("aaabdaaabac", merges)
    assert got == [258, 100, 258, 97, 99], f"got {got}: apply merge 0, then 1, then 2 over the whole sequence"


def test_korean_costs_three_bytes_per_syllable_before_merges():
    got = encode("한국어", [])
    assert len(got) == 9 and all(0 <= i < 256 for i in got), (
        f"got {got}: encode UTF-8 bytes (text.encode('utf-8')), not characters; each syllable is 3 bytes"
    )


def test_korean_and_emoji_round_trip():
    merges = train_bpe(ENGLISH + "안녕하세요 🙂 " * 3, 40)
    for text in (
        "안녕하세요, 반갑습니다!",
        "mixed 한국어 and English 🙂",
        "오늘 날씨가 좋아서 공원에 갑니다.",
    ):
        ids = encode(text, merges)
        assert decode(ids, merges) == text, (
            f"decode(encode({text!r})) = {decode(ids, merges)!r}: join the bytes of all tokens, then decode once"
        )


def test_the_same_sentence_costs_more_tokens_in_korean():
    merges = train_bpe(ENGLISH, 60)
    english = encode("The weather is nice today.", merges)
    korean = encode("오늘 날씨가 좋습니다.", merges)
    assert len(english) < 15, (
        f"the English sentence took {len(english)} tokens; merges learned from English should compress it"
    )
    assert len(korean) == len("오늘 날씨가 좋습니다.".encode()), (
        "with merges learned only from English, Korean stays one token per UTF-8 byte"
    )
