/*
 * Runs an interactor as the peer of a student's program (interactor-first RESULT_FILE INTERACTOR
 * ARGS...) and writes to RESULT_FILE which of the two had ended when the interactor exited:
 * "program" or "interactor". The Kattis rule needs it: a rejection by an interactor that ended
 * first wins over the program's failure (which it usually caused, by closing the pipes), while a
 * program that failed first keeps its own verdict. The supervisor does not say who ended first.
 *
 * This process keeps its copies of both pipes open until the interactor has exited, so the program
 * cannot see the interactor go before this is noted. The program has ended when nothing holds the
 * write end of its stdout any more: the interactor's stdin then polls as hung up.
 * Exits as the interactor did (128 + the signal when one ended it).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: interactor-first RESULT_FILE INTERACTOR [ARGS...]\n", stderr);
    return 2;
  }
  pid_t child = fork();
  if (child < 0) {
    perror("fork");
    return 2;
  }
  if (child == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "execvp %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("waitpid");
      return 2;
    }
  }
  struct pollfd in = {.fd = 0, .events = POLLIN};
  int program_ended = poll(&in, 1, 0) > 0 && (in.revents & POLLHUP);
  FILE *out = fopen(argv[1], "w");
  if (out != NULL) {
    fputs(program_ended ? "program" : "interactor", out);
    fclose(out);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
