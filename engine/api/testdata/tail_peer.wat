;; Tail calls across instances for engine/api/tail_call_test.cpp: instantiated twice, one
;; instance's `relay` imported by the other as `next`, the `bounce` functions reaching the relay
;; through the shared table.
(module
  (import "env" "t" (table 1 funcref))
  (import "env" "next" (func $next (param i64 i64) (result i64)))
  (type $acc (func (param i64 i64) (result i64)))
  ;; bounce(n, acc) adds 1 and tail-calls t[0]; relay adds 2 and tail-calls the import.
  (func (export "bounce") (type $acc)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call_indirect (type $acc) (i64.sub (local.get 0) (i64.const 1))
                                  (i64.add (local.get 1) (i64.const 1)) (i32.const 0)))))
  (func (export "relay") (type $acc)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $next (i64.sub (local.get 0) (i64.const 1))
                               (i64.add (local.get 1) (i64.const 2))))))
)
