# Fails before its first guess: a runtime error, whatever the interactor says after.
raise ValueError('forgot how to guess')
