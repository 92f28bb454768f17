# Prints the largest number instead of the sum.
input()
print(max(map(int, input().split())))
