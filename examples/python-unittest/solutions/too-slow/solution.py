"""Four small functions; fibonacci is the textbook recursion, which takes exponential time: fine
up to 10, hopeless for 90."""
import re
from collections import Counter


def is_palindrome(text):
    kept = [c.lower() for c in text if c.isalnum()]
    return kept == kept[::-1]


def word_frequencies(text):
    return dict(Counter(re.findall(r"[a-z0-9]+", text.lower())))


def fibonacci(n):
    if n < 2:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)


def sum_of_squares(n):
    return n * (n + 1) * (2 * n + 1) // 6
