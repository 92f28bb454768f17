/* stats whose reading loop stops only when fscanf returns 0; at the end of the input fscanf
 * returns EOF (-1), so the loop never ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long values[100000];

static int compare(const void *a, const void *b) {
  long long x = *(const long long *) a, y = *(const long long *) b;
  return (x > y) - (x < y);
}

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
  size_t count = 0;
  long long x;
  for (;;) {
    int r = fscanf(in, "%lld", &x);
    if (r == 0) {
      break;
    }
    if (r == 1 && count < 100000) {
      values[count++] = x;
    }
  }
  if (count == 0) {
    printf("no numbers\n");
    return 0;
  }
  long long sum = 0, min = values[0], max = values[0];
  for (size_t i = 0; i < count; i++) {
    sum += values[i];
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (mean) {
    printf("%.6f\n", (double) sum / (double) count);
  } else if (sorted) {
    qsort(values, count, sizeof values[0], compare);
    for (size_t i = 0; i < count; i++) {
      printf(i == 0 ? "%lld" : " %lld", values[i]);
    }
    printf("\n");
  } else {
    printf("count %zu\nsum %lld\nmin %lld\nmax %lld\n", count, sum, min, max);
  }
  return 0;
}
