#!/usr/bin/env python3
"""Writes problem/data/*/*.in for "Task Order" (deterministic); the .ans files are the judge
solution's output: g++ -O2 -o /tmp/kahn problem/submissions/accepted/kahn.cpp, then
for f in problem/data/*/*.in; do /tmp/kahn < "$f" > "${f%.in}.ans"; done"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def write(kind, name, n, rules):
    path = os.path.join(HERE, "problem", "data", kind, name + ".in")
    with open(path, "w") as f:
        f.write(f"{n} {len(rules)}\n")
        for a, b in rules:
            f.write(f"{a} {b}\n")


def random_dag(rng, n, m, chain=False):
    """Rules that follow a hidden random order of the tasks; with chain, that order is forced."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    rules = set()
    if chain:
        rules.update((order[i], order[i + 1]) for i in range(n - 1))
    while len(rules) < m:
        i, j = sorted(rng.sample(range(n), 2))
        rules.add((order[i], order[j]))
    rules = list(rules)
    rng.shuffle(rules)
    return order, rules


def main():
    write("sample", "1", 4, [(1, 2), (1, 3), (3, 4)])
    write("sample", "2", 3, [(1, 2), (2, 3), (3, 1)])

    write("secret", "01-small", 6, [(3, 1), (3, 2), (1, 4), (2, 4), (4, 5), (6, 5)])
    write("secret", "02-small-cycle", 5, [(1, 2), (2, 3), (3, 4), (4, 2), (5, 1)])
    # The only order is 16 15 ... 1, the last permutation in lexicographic order.
    write("secret", "03-reversed-chain", 16, [(i + 1, i) for i in range(1, 16)])
    rng = random.Random(20260523)
    _, rules = random_dag(rng, 20000, 40000)
    write("secret", "04-large", 20000, rules)
    # A chain through every task plus one rule back from the 15000th to the 5000th task: a cycle
    # that leaves the first 5000 tasks of the chain free.
    order, rules = random_dag(rng, 20000, 40000, chain=True)
    rules.append((order[15000], order[5000]))
    write("secret", "05-large-cycle", 20000, rules)
    write("secret", "06-single-task", 1, [])


if __name__ == "__main__":
    main()
