// Judge solution: Kahn's algorithm, O(n + m).
#include <cstdio>
#include <vector>

int main() {
  int n, m;
  if (scanf("%d %d", &n, &m) != 2) return 1;
  std::vector<std::vector<int>> next(n + 1);
  std::vector<int> indegree(n + 1, 0);
  for (int i = 0; i < m; i++) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    next[a].push_back(b);
    indegree[b]++;
  }
  std::vector<int> order;
  order.reserve(n);
  for (int v = 1; v <= n; v++) {
    if (indegree[v] == 0) order.push_back(v);
  }
  for (size_t i = 0; i < order.size(); i++) {
    for (int w : next[order[i]]) {
      if (--indegree[w] == 0) order.push_back(w);
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
