#include "stats.h"

#include <stdlib.h>

int read_numbers(FILE *in, numbers *out) {
  out->values = NULL;
  out->count = 0;
  out->capacity = 0;
  long long x;
  int r;
  while ((r = fscanf(in, "%lld", &x)) == 1) {
    if (out->count == out->capacity) {
      size_t cap = out->capacity ? 2 * out->capacity : 16;
      long long *grown = realloc(out->values, cap * sizeof *grown);
      if (grown == NULL) {
        return -1;
      }
      out->values = grown;
      out->capacity = cap;
    }
    out->values[out->count++] = x;
  }
  return r == EOF ? 0 : -1;
}

long long sum_of(const numbers *n) {
  long long s = 0;
  for (size_t i = 0; i < n->count; i++) {
    s += n->values[i];
  }
  return s;
}

long long min_of(const numbers *n) {
  long long m = n->values[0];
  for (size_t i = 1; i < n->count; i++) {
    if (n->values[i] < m) {
      m = n->values[i];
    }
  }
  return m;
}

long long max_of(const numbers *n) {
  long long m = n->values[0];
  for (size_t i = 1; i < n->count; i++) {
    if (n->values[i] > m) {
      m = n->values[i];
    }
  }
  return m;
}

double mean_of(const numbers *n) {
  return (double) sum_of(n) / (double) n->count;
}

static int compare(const void *a, const void *b) {
  long long x = *(const long long *) a;
  long long y = *(const long long *) b;
  return (x > y) - (x < y);
}

void sort_numbers(numbers *n) {
  qsort(n->values, n->count, sizeof *n->values, compare);
}
