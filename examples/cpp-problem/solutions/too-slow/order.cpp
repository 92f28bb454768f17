// Tries every order of the tasks (std::next_permutation from 1 2 ... n) until one keeps all the
// rules: fine for a handful of tasks, hopeless for 16 (16! orders) or thousands.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <utility>
#include <vector>

int main() {
  int n, m;
  if (scanf("%d %d", &n, &m) != 2) return 1;
  std::vector<std::pair<int, int>> rules(m);
  for (auto& [a, b] : rules) {
    if (scanf("%d %d", &a, &b) != 2) return 1;
  }
  std::vector<int> order(n), position(n + 1);
  std::iota(order.begin(), order.end(), 1);
  do {
    for (int i = 0; i < n; i++) position[order[i]] = i;
    bool ok = true;
    for (const auto& [a, b] : rules) {
      if (position[a] > position[b]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      for (int i = 0; i < n; i++) printf(i == 0 ? "%d" : " %d", order[i]);
      printf("\n");
      return 0;
    }
  } while (std::next_permutation(order.begin(), order.end()));
  printf("IMPOSSIBLE\n");
  return 0;
}
