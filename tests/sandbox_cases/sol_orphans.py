import os
import sys
import time


def add(a, b):
    if os.fork() == 0:  # a grandchild of the sandbox that would outlive a careless cleanup
        time.sleep(120)
        os._exit(0)
    print("ready")
    sys.stdout.flush()
    time.sleep(120)
    return a + b
