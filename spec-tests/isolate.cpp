#include "spec-tests/isolate.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace spectest {

ChildEnd run_in_child(const std::function<void(const OutcomeSink&)>& body, unsigned timeout_seconds,
                      const OutcomeSink& sink) {
  ChildEnd end;
  int fds[2];
  if (pipe(fds) != 0) {
    end.abnormal = std::string("pipe failed: ") + std::strerror(errno);
    return end;
  }
  // Anything still buffered would otherwise be printed by both processes.
  std::cout.flush();
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    end.abnormal = std::string("fork failed: ") + std::strerror(errno);
    return end;
  }
  if (pid == 0) {
    close(fds[0]);
    if (timeout_seconds > 0) alarm(timeout_seconds);
    int out = fds[1];
    body([out](Outcome o) {
      char c = static_cast<char>(o);
      while (write(out, &c, 1) < 0 && errno == EINTR) {
      }
    });
    std::cout.flush();
    std::fflush(nullptr);
    // Skips the parent's atexit handlers and static destructors, which are not ours to run.
    _exit(0);
  }
  close(fds[1]);
  char buf[4096];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      ++end.outcomes;
      sink(static_cast<Outcome>(buf[i]));
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      end.abnormal = std::string("waitpid failed: ") + std::strerror(errno);
      return end;
    }
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    end.abnormal = sig == SIGALRM ? "timed out after " + std::to_string(timeout_seconds) + " s"
                                  : std::string("killed by signal ") + std::to_string(sig) + " (" +
                                        strsignal(sig) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    end.abnormal = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return end;
}

}  // namespace spectest
