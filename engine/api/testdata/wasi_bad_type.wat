;; Imports fd_close with the wrong type.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func (param i64) (result i32)))
  (func (export "_start")))
