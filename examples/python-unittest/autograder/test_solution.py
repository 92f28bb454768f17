"""The tests of the assignment. solution.py is imported inside each test, never at import time,
so that listing the tests runs no student code."""
import importlib
import unittest


def weight(points):
    """The points a test is worth."""
    def mark(test):
        test.__weight__ = points
        return test
    return mark


def solution():
    return importlib.import_module("solution")


class TestPalindrome(unittest.TestCase):
    @weight(1)
    def test_simple_words(self):
        """is_palindrome: simple words"""
        s = solution()
        self.assertTrue(s.is_palindrome("racecar"))
        self.assertTrue(s.is_palindrome("a"))
        self.assertTrue(s.is_palindrome(""))
        self.assertFalse(s.is_palindrome("hello"))

    @weight(1)
    def test_ignores_case_and_punctuation(self):
        """is_palindrome: ignores case, spaces and punctuation"""
        s = solution()
        self.assertTrue(s.is_palindrome("A man, a plan, a canal: Panama"))
        self.assertTrue(s.is_palindrome("No 'x' in Nixon"))
        self.assertFalse(s.is_palindrome("Never odd or even, not"))


class TestWordFrequencies(unittest.TestCase):
    @weight(1)
    def test_simple_sentence(self):
        """word_frequencies: a simple sentence"""
        s = solution()
        self.assertEqual(s.word_frequencies("the cat and the hat"), {"the": 2, "cat": 1, "and": 1, "hat": 1})
        self.assertEqual(s.word_frequencies(""), {})

    @weight(2)
    def test_case_and_punctuation(self):
        """word_frequencies: ignores case and punctuation"""
        s = solution()
        self.assertEqual(s.word_frequencies("Hello, hello! World. HELLO?"), {"hello": 3, "world": 1})
        self.assertEqual(s.word_frequencies("R2-D2 and C-3PO"), {"r2": 1, "d2": 1, "and": 1, "c": 1, "3po": 1})


class TestFibonacci(unittest.TestCase):
    @weight(1)
    def test_small(self):
        """fibonacci: the first eleven numbers"""
        s = solution()
        self.assertEqual([s.fibonacci(n) for n in range(11)], [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55])

    @weight(1)
    def test_large(self):
        """fibonacci: large indices"""
        s = solution()
        self.assertEqual(s.fibonacci(90), 2880067194370816120)
        self.assertEqual(s.fibonacci(200), 280571172992510140037611932413038677189525)


class TestSumOfSquares(unittest.TestCase):
    @weight(1)
    def test_small(self):
        """sum_of_squares: small n"""
        s = solution()
        self.assertEqual([s.sum_of_squares(n) for n in range(6)], [0, 1, 5, 14, 30, 55])
        self.assertEqual(s.sum_of_squares(1000), 333833500)

    @weight(2)
    def test_large(self):
        """sum_of_squares: n = 10**9"""
        s = solution()
        self.assertEqual(s.sum_of_squares(10**9), 333333333833333333500000000)


if __name__ == "__main__":
    unittest.main()
