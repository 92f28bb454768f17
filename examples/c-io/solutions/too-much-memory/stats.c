/* stats that reserves room for 128 Mi numbers (1 GiB) up front "to be safe" and marks every slot
 * unused with memset, which touches every page: far more than the 512 MiB memory limit. (A memset
 * to 0 right after malloc could be turned into calloc by the compiler and touch nothing.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY (128u * 1024 * 1024)

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
  long long *values = malloc((size_t) CAPACITY * sizeof *values);
  if (values == NULL) {
    return 3;
  }
  memset(values, 0xff, (size_t) CAPACITY * sizeof *values);

  FILE *in = path ? fopen(path, "r") : stdin;
  if (in == NULL) {
    return 1;
  }
  size_t count = 0;
  while (count < CAPACITY && fscanf(in, "%lld", &values[count]) == 1) {
    count++;
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
  free(values);
  return 0;
}
