#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdio.h>

/* A growing list of the numbers read. */
typedef struct {
  long long *values;
  size_t count;
  size_t capacity;
} numbers;

/* Reads whitespace-separated integers from in until the end; returns 0, or -1 on bad input. */
int read_numbers(FILE *in, numbers *out);

long long sum_of(const numbers *n);
long long min_of(const numbers *n);
long long max_of(const numbers *n);
double mean_of(const numbers *n);
void sort_numbers(numbers *n);

#endif
