import torch
from exercise import draw, fake_tensor, reseed, step, stop


def test_the_solution_does_not_choose_the_tests_random_numbers():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    reseed()
    assert torch.equal(torch.rand(3), expected)


def test_seeding_in_a_test_reaches_the_solution_and_its_own_draws_go_on():
    torch.manual_seed(0)
    first = draw()
    torch.manual_seed(0)
    again = draw()
    after = draw()
    assert torch.equal(first, again)
    assert not torch.equal(again, after)


def test_an_update_through_data_reaches_the_test():
    p = torch.nn.Parameter(torch.ones(4))
    p.grad = torch.ones(4)
    with torch.no_grad():  # as an optimizer steps
        step(p, 0.5)
    assert torch.equal(p.detach(), torch.full((4,), 0.5))


def test_stop_iteration_from_the_solution_does_not_end_a_loop_quietly():
    try:
        list(map(lambda i: stop(), range(3)))
    except RuntimeError as e:
        assert "StopIteration" in str(e)
        return
    raise AssertionError("the loop ended quietly")


def test_an_object_named_like_a_tensor_is_not_one_here():
    assert not isinstance(fake_tensor(), torch.Tensor)
