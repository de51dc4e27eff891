;; A start function that traps once it runs: with no fuel it never runs.
(module
  (func $start (unreachable))
  (start $start))
