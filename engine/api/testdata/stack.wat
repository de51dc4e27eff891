;; Unbounded recursion three ways, for the stack-safety tests: plain wasm recursion, recursion
;; with a large frame (many locals and operands live across the call), and wasm -> host -> wasm
;; re-entry through the `reenter` import.
(module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $recurse_fat (export "recurse_fat") (param f64) (result f64)
    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
    (local.set 1 (f64.add (local.get 0) (f64.const 1)))
    (local.set 16 (f64.mul (local.get 1) (f64.const 2)))
    (f64.add
      (f64.add (local.get 1) (f64.add (local.get 16) (local.get 0)))
      (f64.add (local.get 16) (call $recurse_fat (local.get 16)))))
  (func (export "enter") (param i32) (result i32)
    (i32.add (call $reenter (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "answer") (result i32) (i32.const 42)))
