def deco(func):
    return (lambda *a,  # the arguments
            **k:  # after the colon
            func(*a,  # keep them
                 **k))
