;; Imports a 32-bit memory: linking a 64-bit memory to it must fail (memory64_test.cpp).
(module (import "env" "mem" (memory 1)))
