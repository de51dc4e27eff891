;; Imports of every kind from the host, and exports that use them.
(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (import "host" "started" (func $started))
  (import "host" "g" (global $g (mut i32)))
  (import "host" "t" (table 1 funcref))
  (import "host" "m" (memory 1))
  (import "host" "echo" (func $echo (param externref) (result externref)))
  (func (export "call_add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $add)
  ;; Tells the host it is running, then never returns on its own.
  (func (export "spin")
    call $started
    (loop $l
      br $l))
  (func (export "get_g") (result i32) global.get $g)
  (func (export "load8") (param i32) (result i32)
    local.get 0
    i32.load8_u)
  (func (export "call_echo") (param externref) (result externref)
    local.get 0
    call $echo))
