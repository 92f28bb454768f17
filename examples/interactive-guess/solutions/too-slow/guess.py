# Thinks forever before its first guess.
while True:
    pass
