from exercise import add


def test_adds_small_numbers():
    assert add(2, 3) == 5


def test_adds_a_negative_number():
    assert add(-1, 1) == 0, "add(-1, 1) should be 0"
