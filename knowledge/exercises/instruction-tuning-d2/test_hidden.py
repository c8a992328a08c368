import torch
import torch.nn.functional as F
from exercise import END, IGNORE, ROLE, build_example, collate, sft_loss


def test_every_assistant_turn_is_labelled():
    messages = [
        ("system", [30]),
        ("user", [10]),
        ("assistant", [20, 21]),
        ("user", [11]),
        ("assistant", [22]),
    ]
    input_ids, labels = build_example(messages)
    S, U, A = ROLE["system"], ROLE["user"], ROLE["assistant"]
    assert input_ids == [S, 30, END, U, 10, END, A, 20, 21, END, U, 11, END, A, 22, END]
    expected = [IGNORE] * 7 + [20, 21, END] + [IGNORE] * 4 + [22, END]
    assert labels == expected, (
        f"labels {labels}: both assistant turns (and their END) are learned, not only the last one; "
        "role headers, system and user tokens are IGNORE"
    )


def test_padding_carries_no_label():
    batch = collate([([1, 2, 3, 4], [IGNORE, 2, 3, 4]), ([1, 2], [IGNORE, 2])], pad_id=0)
    assert batch["labels"].tolist() == [[IGNORE, 2, 3, 4], [IGNORE, 2, IGNORE, IGNORE]], (
        f"labels {batch['labels'].tolist()}: pad labels with IGNORE (-100), not the pad id, "
        "or the model learns to predict padding"
    )
    assert batch["input_ids"].dtype == torch.long and batch["labels"].shape == (2, 4)


def test_loss_predicts_the_next_token():
    torch.manual_seed(0)
    logits = torch.randn(3, 6, 11)
    labels = torch.randint(0, 11, (3, 6))
    labels[:, :2] = IGNORE
    expected = F.cross_entropy(logits[:, :-1].reshape(-1, 11), labels[:, 1:].reshape(-1), ignore_index=IGNORE)
    torch.testing.assert_close(
        sft_loss(logits, labels),
        expected,
        msg="loss differs from cross_entropy(logits[:, :-1], labels[:, 1:]): position t predicts token t + 1",
    )


def test_a_model_that_copies_its_input_is_not_rewarded():
    torch.manual_seed(1)
    tokens = torch.randint(0, 8, (2, 7))
    copy_logits = F.one_hot(tokens, 8).float() * 20  # each position "predicts" the token it reads
    labels = tokens.clone()
    labels[:, 0] = IGNORE
    assert sft_loss(copy_logits, labels).item() > 1.0, (
        "a model that outputs the token it is reading got a low loss: shift logits and labels by one"
    )


def test_padding_does_not_change_the_loss():
    torch.manual_seed(2)
    ex_long = build_example([("user", [10, 11, 12, 13]), ("assistant", [20, 21, 22])])
    ex_short = build_example([("user", [10]), ("assistant", [23])])
    alone = collate([ex_short], pad_id=0)
    padded = collate([ex_short, ex_long], pad_id=0)
    logits = torch.randn(2, padded["input_ids"].shape[1], 30)
    T = alone["input_ids"].shape[1]
    torch.testing.assert_close(
        sft_loss(logits[:1, :T], alone["labels"]),
        sft_loss(logits[:1], padded["labels"][:1]),
        msg="the loss of an example changed when it was padded: padding must carry no loss",
    )
