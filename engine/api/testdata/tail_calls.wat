;; Tail calls (return_call, return_call_indirect) for engine/api/tail_call_test.cpp.
(module
  (import "host" "add1" (func $host_add1 (param i64) (result i64)))
  (type $acc (func (param i64 i64) (result i64)))
  (table funcref (elem $count_indirect))

  ;; count(n, acc): n self tail calls, acc + n.
  (func $count (export "count") (type $acc)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 1))))))

  ;; The same through the table.
  (func $count_indirect (export "count_indirect") (type $acc)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call_indirect (type $acc) (i64.sub (local.get 0) (i64.const 1))
                                  (i64.add (local.get 1) (i64.const 1)) (i32.const 0)))))

  ;; small(n, acc) <-> big(n, acc, 2..19): 20 parameters, more argument area than small's
  ;; callers reserve; big adds its last parameter (19) to acc, small adds 1.
  (func $small (export "small") (type $acc)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $big (i64.sub (local.get 0) (i64.const 1))
                              (i64.add (local.get 1) (i64.const 1)) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12) (i64.const 13) (i64.const 14) (i64.const 15) (i64.const 16) (i64.const 17) (i64.const 18) (i64.const 19)))))
  (func $big (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $small (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (local.get 19))))))

  ;; A tail call to a host function returns its results.
  (func (export "to_host") (param i64) (result i64)
    (return_call $host_add1 (local.get 0)))

  ;; Traps after tail calls: the frame that made the tail call is gone from the backtrace.
  (func $inner (result i32) (unreachable))
  (func $middle (result i32) (return_call $inner))
  (func (export "outer") (result i32) (i32.add (call $middle) (i32.const 1)))
  (func $inner_big (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i32) (unreachable))
  (func $middle_big (result i32)
    (return_call $inner_big (i64.const 0) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12) (i64.const 13) (i64.const 14) (i64.const 15) (i64.const 16) (i64.const 17) (i64.const 18) (i64.const 19)))
  (func (export "outer_big") (result i32) (i32.add (call $middle_big) (i32.const 1)))
)
