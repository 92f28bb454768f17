// Kahn's algorithm with 0-based vectors but 1-based task numbers: indegree.at(n) is out of range,
// so std::out_of_range is thrown (and never caught) on every input: the program aborts.
#include <cstdio>
#include <vector>

int main() {
  int n, m;
  if (scanf("%d %d", &n, &m) != 2) return 1;
  std::vector<std::vector<int>> next(n + 1);
  std::vector<int> indegree(n);
  for (int i = 0; i < m; i++) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    next[a].push_back(b);
    indegree.at(b - 1)++;
  }
  std::vector<int> order;
  for (int v = 1; v <= n; v++) {
    if (indegree.at(v) == 0) order.push_back(v);
  }
  for (size_t i = 0; i < order.size(); i++) {
    for (int w : next[order[i]]) {
      if (--indegree.at(w) == 0) order.push_back(w);
    }
  }
  if ((int) order.size() < n) {
    printf("IMPOSSIBLE\n");
    return 0;
  }
  for (int i = 0; i < n; i++) {
    printf(i == 0 ? "%d" : " %d", order[i]);
  }
  printf("\n");
  return 0;
}
