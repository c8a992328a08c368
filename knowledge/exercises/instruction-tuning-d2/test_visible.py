import torch
from exercise import END, IGNORE, ROLE, build_example, collate, sft_loss


def test_one_exchange():
    input_ids, labels = build_example([("user", [10, 11]), ("assistant", [20])])
    assert input_ids == [ROLE["user"], 10, 11, END, ROLE["assistant"], 20, END]
    assert labels == [IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, 20, END]


def test_collate_shapes():
    batch = collate([([5, 6, 7], [IGNORE, 6, 7]), ([5], [IGNORE])], pad_id=0)
    assert batch["input_ids"].tolist() == [[5, 6, 7], [5, 0, 0]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 0, 0]]


def test_loss_is_a_scalar():
    torch.manual_seed(0)
    logits = torch.randn(2, 5, 9)
    labels = torch.tensor([[IGNORE, 1, 2, 3, 4], [IGNORE, IGNORE, 5, 6, IGNORE]])
    loss = sft_loss(logits, labels)
    assert loss.dim() == 0 and loss.item() > 0
