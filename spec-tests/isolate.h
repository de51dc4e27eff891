// Runs one script in a child process so that an engine crash or hang costs only the rest of
// that script, not the whole run.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "spec-tests/script.h"

namespace spectest {

struct ChildEnd {
  size_t outcomes = 0;   // outcomes the child reported before it ended
  std::string abnormal;  // empty when the child exited normally, else how it ended
};

// Runs `body` in a forked child; each outcome it reports reaches `sink` in this process.
// `timeout_seconds` (0: none) ends a hung child.
ChildEnd run_in_child(const std::function<void(const OutcomeSink&)>& body, unsigned timeout_seconds,
                      const OutcomeSink& sink);

}  // namespace spectest
