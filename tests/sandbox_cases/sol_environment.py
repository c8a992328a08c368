import os
import sys


def environment():
    return dict(os.environ)


def cwd_and_home():
    return os.getcwd(), os.environ.get("HOME"), os.path.isfile("exercise.py")


def stdin_text():
    return sys.stdin.read()


def listing():
    return sorted(os.listdir("."))


def identity():
    return os.getuid(), os.getgid()
