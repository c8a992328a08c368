def add(a, b):
    line = "x" * 1_000_000
    for _ in range(1000):  # a gigabyte of output
        print(line)
    return a + b
