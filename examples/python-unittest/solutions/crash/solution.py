"""Four small functions, and a forgotten manual test at the bottom that reads standard input when
the module is imported: there is no input while grading, so importing raises EOFError and every
test fails."""
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
    return n * (n + 1) * (2 * n + 1) // 6


n = int(input("n? "))
print(fibonacci(n), sum_of_squares(n))
