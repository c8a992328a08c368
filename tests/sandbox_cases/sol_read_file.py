def attempt():
    with open("__TARGET__") as f:
        print("read:", f.read())
