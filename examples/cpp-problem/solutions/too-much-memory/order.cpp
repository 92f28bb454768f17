// Kahn's algorithm on an (n+1) x (n+1) adjacency matrix of ints: 16 tasks need 1 KiB, but
// 20000 tasks need 1.6 GB, and every row is written when the matrix is built.
#include <cstdio>
#include <vector>

int main() {
  int n, m;
  if (scanf("%d %d", &n, &m) != 2) return 1;
  std::vector<std::vector<int>> rule(n + 1, std::vector<int>(n + 1, 0));
  std::vector<int> indegree(n + 1, 0);
  for (int i = 0; i < m; i++) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    rule[a][b] = 1;
    indegree[b]++;
  }
  std::vector<int> order;
  for (int v = 1; v <= n; v++) {
    if (indegree[v] == 0) order.push_back(v);
  }
  for (size_t i = 0; i < order.size(); i++) {
    for (int w = 1; w <= n; w++) {
      if (rule[order[i]][w] && --indegree[w] == 0) order.push_back(w);
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
