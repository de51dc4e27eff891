;; Wants 100 pages (6.25 MiB) of memory, for --max-memory.
(module
  (memory (export "memory") 100)
  (func (export "_start")))
