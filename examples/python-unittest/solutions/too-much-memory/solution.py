"""Four small functions; sum_of_squares builds the list of all n squares before adding them up:
fine for 1000, but for 10**9 the list would need tens of gigabytes."""
import re
from collections import Counter


def is_palindrome(text):
    kept = [c.lower() for c in text if c.isalnum()]
    return kept == kept[::-1]


def word_frequencies(text):
    return dict(Counter(re.findall(r"[a-z0-9]+", text.lower())))


def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def sum_of_squares(n):
    squares = [i * i for i in range(1, n + 1)]
    return sum(squares)
