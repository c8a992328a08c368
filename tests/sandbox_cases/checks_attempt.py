from exercise import attempt


def test_attempt():
    attempt()
