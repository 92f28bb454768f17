// Output validator for "Task Order" (Kattis convention):
//   ./validator input_file answer_file feedback_dir [flags...] < submission_output
// Exit 42 when the output is an order of all tasks that keeps every rule (or IMPOSSIBLE when the
// judges found no order), 43 otherwise with a one-line reason in feedback_dir/judgemessage.txt.
// Anything the submission printed is read as untrusted text: garbage is a wrong answer, never a
// crash. Exit 1 means the judges' own files are broken.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

const int ACCEPTED = 42;
const int WRONG_ANSWER = 43;
const int JUDGE_ERROR = 1;

std::string feedback_path;

void message(const std::string& text) {
  std::ofstream out(feedback_path + "/judgemessage.txt");
  out << text << "\n";
}

[[noreturn]] void wrong(const std::string& why) {
  message(why);
  std::exit(WRONG_ANSWER);
}

[[noreturn]] void judge_error(const std::string& why) {
  std::cerr << "judge error: " << why << "\n";
  if (!feedback_path.empty()) {
    message("judge error: " + why);
  }
  std::exit(JUDGE_ERROR);
}

// Reads a task number 1..n written in plain decimal digits; false for anything else.
bool parse_task(const std::string& token, int n, int& task) {
  if (token.empty() || token.size() > 9) {
    return false;
  }
  long value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > n) {
    return false;
  }
  task = static_cast<int>(value);
  return true;
}

std::string shown(const std::string& token) {
  std::string s;
  for (char c : token.substr(0, 20)) {
    s += (c >= 32 && c < 127) ? c : '?';
  }
  return token.size() > 20 ? s + "..." : s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: validator input_file answer_file feedback_dir < output\n";
    return JUDGE_ERROR;
  }
  feedback_path = argv[3];

  std::ifstream input(argv[1]);
  int n = 0, m = 0;
  if (!(input >> n >> m) || n < 1 || m < 0) {
    judge_error("cannot read n and m from the input file");
  }
  std::vector<std::pair<int, int>> rules(m);
  for (auto& [a, b] : rules) {
    if (!(input >> a >> b) || a < 1 || a > n || b < 1 || b > n) {
      judge_error("bad rule in the input file");
    }
  }

  std::ifstream answer(argv[2]);
  std::string first_answer_token;
  if (!(answer >> first_answer_token)) {
    judge_error("empty answer file");
  }
  const bool judges_found_order = first_answer_token != "IMPOSSIBLE";

  // The submission's whole output, split at whitespace.
  std::vector<std::string> tokens;
  std::string token;
  while (std::cin >> token) {
    tokens.push_back(token);
  }

  if (!judges_found_order) {
    if (tokens.empty()) {
      wrong("expected IMPOSSIBLE, got no output");
    }
    if (tokens[0] != "IMPOSSIBLE") {
      wrong("expected IMPOSSIBLE (the rules contain a cycle), got '" + shown(tokens[0]) + "'");
    }
    if (tokens.size() > 1) {
      wrong("unexpected output after IMPOSSIBLE: '" + shown(tokens[1]) + "'");
    }
    return ACCEPTED;
  }

  if (tokens.empty()) {
    wrong("no output");
  }
  if (tokens[0] == "IMPOSSIBLE") {
    wrong("answered IMPOSSIBLE, but an order exists");
  }
  std::vector<int> position(n + 1, -1);
  for (size_t i = 0; i < tokens.size(); i++) {
    int task;
    if (!parse_task(tokens[i], n, task)) {
      wrong("token " + std::to_string(i + 1) + " '" + shown(tokens[i]) + "' is not a task number from 1 to "
            + std::to_string(n));
    }
    if (position[task] != -1) {
      wrong("task " + std::to_string(task) + " appears twice");
    }
    position[task] = static_cast<int>(i);
  }
  if (tokens.size() != static_cast<size_t>(n)) {
    wrong("expected all " + std::to_string(n) + " tasks, got " + std::to_string(tokens.size()));
  }
  for (const auto& [a, b] : rules) {
    if (position[a] > position[b]) {
      wrong("task " + std::to_string(a) + " must come before task " + std::to_string(b));
    }
  }
  return ACCEPTED;
}
