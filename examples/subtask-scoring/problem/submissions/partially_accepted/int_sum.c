#include <stdio.h>

/* Sums in an int: right for the small subtask, overflows on the large one. */
int main(void) {
  int n, x, total = 0;
  scanf("%d", &n);
  for (int i = 0; i < n; i++) {
    scanf("%d", &x);
    total += x;
  }
  printf("%d\n", total);
  return 0;
}
