"""The interactor: the secret number (1..1000) is the test case's input; the program has 10 guesses,
and hears 'higher', 'lower' or 'correct' after each."""
import sys

feedback_dir = sys.argv[3]


def reject(why):
    with open(feedback_dir + 'judgemessage.txt', 'w') as f:
        f.write(why)
    sys.exit(43)


secret = int(open(sys.argv[1]).read())
for guesses in range(10):
    line = sys.stdin.readline()
    if not line:
        reject('the program stopped guessing')
    try:
        guess = int(line)
    except ValueError:
        reject('not a number: ' + line.strip()[:50])
    try:
        print('correct' if guess == secret else 'higher' if guess < secret else 'lower', flush=True)
    except BrokenPipeError:
        reject('the program stopped listening')
    if guess == secret:
        sys.exit(42)
reject('no guesses left')
