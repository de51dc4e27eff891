// The WASI preview 1 calls, one function each, over a State and a view of guest memory. Every
// pointer is checked against the memory (EFAULT); nothing here can crash the host on guest input.
// Each returns a WASI errno; proc_exit only records its code.
#pragma once

#include <cstdint>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/guest_memory.h"
#include "runtime/wasi/state.h"

namespace wasmrun::rt::wasi {

using Ptr = uint32_t;
using Size = uint32_t;
using Fd = uint32_t;

// args, environment, clocks, randomness, process (process_calls.cpp)
Errno args_get(State& s, GuestMemory m, Ptr argv, Ptr argv_buf);
Errno args_sizes_get(State& s, GuestMemory m, Ptr argc_out, Ptr buf_size_out);
Errno environ_get(State& s, GuestMemory m, Ptr environ, Ptr environ_buf);
Errno environ_sizes_get(State& s, GuestMemory m, Ptr count_out, Ptr buf_size_out);
Errno clock_res_get(State& s, GuestMemory m, uint32_t id, Ptr res_out);
Errno clock_time_get(State& s, GuestMemory m, uint32_t id, uint64_t precision, Ptr time_out);
Errno random_get(State& s, GuestMemory m, Ptr buf, Size len);
Errno sched_yield(State& s, GuestMemory m);
void proc_exit(State& s, GuestMemory m, uint32_t code);
Errno proc_raise(State& s, GuestMemory m, uint32_t signal);

// descriptors (fd_calls.cpp)
Errno fd_read(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, Ptr nread_out);
Errno fd_write(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, Ptr nwritten_out);
Errno fd_pread(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, uint64_t offset,
               Ptr nread_out);
Errno fd_pwrite(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, uint64_t offset,
                Ptr nwritten_out);
Errno fd_seek(State& s, GuestMemory m, Fd fd, int64_t offset, uint32_t whence, Ptr offset_out);
Errno fd_tell(State& s, GuestMemory m, Fd fd, Ptr offset_out);
Errno fd_close(State& s, GuestMemory m, Fd fd);
Errno fd_sync(State& s, GuestMemory m, Fd fd);
Errno fd_datasync(State& s, GuestMemory m, Fd fd);
Errno fd_advise(State& s, GuestMemory m, Fd fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(State& s, GuestMemory m, Fd fd, uint64_t offset, uint64_t len);
Errno fd_renumber(State& s, GuestMemory m, Fd from, Fd to);

// descriptor metadata (fd_stat_calls.cpp)
Errno fd_fdstat_get(State& s, GuestMemory m, Fd fd, Ptr out);
Errno fd_fdstat_set_flags(State& s, GuestMemory m, Fd fd, uint32_t flags);
Errno fd_fdstat_set_rights(State& s, GuestMemory m, Fd fd, uint64_t base, uint64_t inheriting);
Errno fd_filestat_get(State& s, GuestMemory m, Fd fd, Ptr out);
Errno fd_filestat_set_size(State& s, GuestMemory m, Fd fd, uint64_t size);
Errno fd_filestat_set_times(State& s, GuestMemory m, Fd fd, uint64_t atim, uint64_t mtim,
                            uint32_t fst_flags);
Errno fd_prestat_get(State& s, GuestMemory m, Fd fd, Ptr out);
Errno fd_prestat_dir_name(State& s, GuestMemory m, Fd fd, Ptr path, Size path_len);
Errno fd_readdir(State& s, GuestMemory m, Fd fd, Ptr buf, Size buf_len, uint64_t cookie,
                 Ptr bufused_out);

// paths (path_calls.cpp)
Errno path_open(State& s, GuestMemory m, Fd dirfd, uint32_t dirflags, Ptr path, Size path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                Ptr fd_out);
Errno path_filestat_get(State& s, GuestMemory m, Fd dirfd, uint32_t flags, Ptr path, Size path_len,
                        Ptr out);
Errno path_filestat_set_times(State& s, GuestMemory m, Fd dirfd, uint32_t flags, Ptr path,
                              Size path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_create_directory(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len);
Errno path_remove_directory(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len);
Errno path_unlink_file(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len);
Errno path_rename(State& s, GuestMemory m, Fd old_dirfd, Ptr old_path, Size old_len, Fd new_dirfd,
                  Ptr new_path, Size new_len);
Errno path_link(State& s, GuestMemory m, Fd old_dirfd, uint32_t old_flags, Ptr old_path,
                Size old_len, Fd new_dirfd, Ptr new_path, Size new_len);
Errno path_readlink(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len, Ptr buf,
                    Size buf_len, Ptr bufused_out);
Errno path_symlink(State& s, GuestMemory m, Ptr old_path, Size old_len, Fd dirfd, Ptr new_path,
                   Size new_len);

// poll_oneoff (poll.cpp)
Errno poll_oneoff(State& s, GuestMemory m, Ptr in, Ptr out, Size nsubscriptions, Ptr nevents_out);

// sockets: not provided (ENOTSUP), in process_calls.cpp
Errno sock_unsupported(State& s, GuestMemory m);

}  // namespace wasmrun::rt::wasi
