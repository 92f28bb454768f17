/* stats that always reads a hard-coded file "numbers.txt", which never exists: fopen returns NULL,
 * which is not checked, and the first fscanf dereferences it (segmentation fault). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int mean = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--mean") == 0) {
      mean = 1;
    }
  }
  FILE *in = fopen("numbers.txt", "r");
  long long x, sum = 0, count = 0;
  while (fscanf(in, "%lld", &x) == 1) {
    sum += x;
    count++;
  }
  if (mean) {
    printf("%.6f\n", (double) sum / count);
  } else {
    printf("count %lld\nsum %lld\n", count, sum);
  }
  return 0;
}
