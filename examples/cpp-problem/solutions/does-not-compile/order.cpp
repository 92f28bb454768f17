// Task Order by depth-first search, with a misspelt variable ("finshed"), so it does not compile.
// A task is finished after everything that must come after it;
// the reverse of the finishing order keeps every rule. A rule back to a task still on the search
// path is a cycle. The search keeps its own stack, so long chains cannot overflow the call stack.
#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>

int main() {
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  int n, m;
  if (!(std::cin >> n >> m)) return 1;
  std::vector<std::vector<int>> after(n + 1);
  for (int i = 0; i < m; i++) {
    int a, b;
    std::cin >> a >> b;
    after[a].push_back(b);
  }

  enum State { NEW, ON_PATH, DONE };
  std::vector<State> state(n + 1, NEW);
  std::vector<int> finished;
  finshed.reserve(n);
  std::vector<std::pair<int, size_t>> stack;  // task, index of its next rule to follow
  for (int start = 1; start <= n; start++) {
    if (state[start] != NEW) continue;
    state[start] = ON_PATH;
    stack.push_back({start, 0});
    while (!stack.empty()) {
      auto& [task, next] = stack.back();
      if (next < after[task].size()) {
        int w = after[task][next++];
        if (state[w] == ON_PATH) {
          std::cout << "IMPOSSIBLE\n";
          return 0;
        }
        if (state[w] == NEW) {
          state[w] = ON_PATH;
          stack.push_back({w, 0});
        }
      } else {
        state[task] = DONE;
        finished.push_back(task);
        stack.pop_back();
      }
    }
  }
  std::reverse(finished.begin(), finished.end());
  for (int i = 0; i < n; i++) {
    std::cout << finished[i] << (i + 1 < n ? ' ' : '\n');
  }
  return 0;
}
