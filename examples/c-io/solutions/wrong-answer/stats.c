/* stats with three mistakes: the sum is an int (it overflows), the mean uses integer division,
 * and an empty input prints zeros instead of "no numbers". */
#include <stdio.h>
#include <string.h>

static int values[100000];

int main(int argc, char **argv) {
  const char *path = NULL;
  int mean = 0, sorted = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
      path = argv[++i];
    } else if (strcmp(argv[i], "--mean") == 0) {
      mean = 1;
    } else if (strcmp(argv[i], "--sorted") == 0) {
      sorted = 1;
    }
  }
  FILE *in = path ? fopen(path, "r") : stdin;
  if (in == NULL) {
    return 1;
  }
  int count = 0;
  while (count < 100000 && fscanf(in, "%d", &values[count]) == 1) {
    count++;
  }

  int sum = 0, min = 0, max = 0;
  for (int i = 0; i < count; i++) {
    sum += values[i];
    if (i == 0 || values[i] < min) min = values[i];
    if (i == 0 || values[i] > max) max = values[i];
  }

  if (mean) {
    printf("%.6f\n", (double) (sum / count));
  } else if (sorted) {
    for (int i = 1; i < count; i++) { /* insertion sort */
      int v = values[i], j = i - 1;
      while (j >= 0 && values[j] > v) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = v;
    }
    for (int i = 0; i < count; i++) {
      printf(i == 0 ? "%d" : " %d", values[i]);
    }
    printf("\n");
  } else {
    printf("count %d\nsum %d\nmin %d\nmax %d\n", count, sum, min, max);
  }
  return 0;
}
