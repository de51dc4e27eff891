;; A command that needs exactly 21 units of fuel: _start's entry, 10 loop headers, 10 calls
;; of $f. With 20 the last call of $f is the one that runs out.
(module
  (memory (export "memory") 1)
  (func $f)
  (func (export "_start")
    (local $i i32)
    (loop $l
      (call $f)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))))
