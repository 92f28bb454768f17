package dev.autograder.problem;

/** An item of a test data group: a test case or a subgroup. */
public sealed interface TestNode permits TestCase, TestGroup {}
