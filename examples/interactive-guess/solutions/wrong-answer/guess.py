# Guesses upwards from 1: runs out of guesses unless the number is small. The interactor ends
# first, so its rejection stands even though input() then fails here.
guess = 0
while True:
    guess += 1
    print(guess, flush=True)
    if input() == 'correct':
        break
