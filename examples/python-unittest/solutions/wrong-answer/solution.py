"""Four small functions, two of them not quite right: is_palindrome compares the raw text (so case,
spaces and punctuation count) and word_frequencies splits at spaces only (so "Hello," and "hello"
are different words)."""


def is_palindrome(text):
    return text == text[::-1]


def word_frequencies(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def sum_of_squares(n):
    return n * (n + 1) * (2 * n + 1) // 6
