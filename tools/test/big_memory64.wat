;; A 64-bit memory (memory64) of 65537 pages, 64 KiB past 4 GiB, for --max-memory beyond 4 GiB;
;; _start writes and reads back its last byte, past 4 GiB.
(module
  (memory (export "memory") i64 65537)
  (func (export "_start")
    (i32.store8 (i64.const 0x10000ffff) (i32.const 7))
    (if (i32.ne (i32.load8_u (i64.const 0x10000ffff)) (i32.const 7)) (then unreachable))))
