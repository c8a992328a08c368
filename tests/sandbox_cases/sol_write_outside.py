def attempt():
    with open("__TARGET__", "w") as f:
        f.write("written from the sandbox")
