lo, hi = 1, 1000
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    answer = input()
    if answer == 'correct':
        break
    lo, hi = (mid + 1, hi) if answer == 'higher' else (lo, mid - 1)
