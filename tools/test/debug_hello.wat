;; A command that writes one line through WASI from two calls deep, for the debugger and
;; profiler tests: a breakpoint in the host's write stops with $say_hello and $greet on the stack.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasm\n")
  (func $say_hello (result i32)
    ;; iovec at 0: base 16, length 16; bytes written go to 8.
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  (func $greet (result i32) (call $say_hello))
  (func (export "_start") (drop (call $greet))))
