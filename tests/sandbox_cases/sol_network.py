import socket


def attempt():
    with socket.create_connection(("127.0.0.1", int("__PORT__")), timeout=2) as s:
        s.sendall(b"hello from the sandbox")
