"""Four small functions, with a missing colon after a def (a SyntaxError)."""
import re
from collections import Counter


def is_palindrome(text):
    """Whether text reads the same backwards, looking only at letters and digits, in any case."""
    kept = [c.lower() for c in text if c.isalnum()]
    return kept == kept[::-1]


def word_frequencies(text):
    """How often each word occurs; words are runs of letters and digits, counted in lower case."""
    return dict(Counter(re.findall(r"[a-z0-9]+", text.lower())))


def fibonacci(n)
    """The n-th Fibonacci number: fibonacci(0) == 0, fibonacci(1) == 1."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def sum_of_squares(n):
    """1**2 + 2**2 + ... + n**2."""
    return n * (n + 1) * (2 * n + 1) // 6
