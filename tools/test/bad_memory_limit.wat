;; A memory above 4 GiB (65536 pages), assembled unchecked: the validator rejects it at 0xb.
(module (memory 70000))
