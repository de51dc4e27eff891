;; A WASI command: writes "hi\n" to stdout and exits with argc + 40. Its other exports poke
;; fd_write with chosen pointers.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (call $proc_exit (i32.add (i32.load (i32.const 32)) (i32.const 40))))
  ;; fd_write(1, iov, 1, 8): the errno
  (func (export "write_at") (param $iov i32) (result i32)
    (call $fd_write (i32.const 1) (local.get $iov) (i32.const 1) (i32.const 8)))
  ;; Grows memory by a page and writes through an iovec that lies in the new page.
  (func (export "grow_and_write") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 16))
    (i32.store (i32.const 65540) (i32.const 3))
    (call $fd_write (i32.const 1) (i32.const 65536) (i32.const 1) (i32.const 65544))))
