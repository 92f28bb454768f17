/* stats: summary statistics of whitespace-separated integers.
 *
 *   ./program [--input FILE] [--mean | --sorted]
 *
 * Reads from standard input, or from FILE with --input. Without a mode it prints the count, sum,
 * minimum and maximum; --mean prints the mean; --sorted prints the numbers in ascending order.
 * With no numbers at all it prints "no numbers".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int main(int argc, char **argv) {
  const char *path = NULL;
  const char *mode = "summary";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
      path = argv[++i];
    } else if (strcmp(argv[i], "--mean") == 0) {
      mode = "mean";
    } else if (strcmp(argv[i], "--sorted") == 0) {
      mode = "sorted";
    } else {
      fprintf(stderr, "unknown argument: %s\n", argv[i]);
      return 2;
    }
  }

  FILE *in = stdin;
  if (path != NULL) {
    in = fopen(path, "r");
    if (in == NULL) {
      perror(path);
      return 1;
    }
  }
  numbers n;
  if (read_numbers(in, &n) != 0) {
    fprintf(stderr, "the input is not a list of integers\n");
    return 1;
  }

  if (n.count == 0) {
    printf("no numbers\n");
  } else if (strcmp(mode, "mean") == 0) {
    printf("%.6f\n", mean_of(&n));
  } else if (strcmp(mode, "sorted") == 0) {
    sort_numbers(&n);
    for (size_t i = 0; i < n.count; i++) {
      printf(i == 0 ? "%lld" : " %lld", n.values[i]);
    }
    printf("\n");
  } else {
    printf("count %zu\nsum %lld\nmin %lld\nmax %lld\n", n.count, sum_of(&n), min_of(&n), max_of(&n));
  }
  free(n.values);
  return 0;
}
