(module
  (import "env" "m" (memory 1))
  (data (i32.const 0) "hello")
  (data (i32.const 65534) "too long")
)
