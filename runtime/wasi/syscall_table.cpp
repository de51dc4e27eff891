#include "runtime/wasi/syscall_table.h"

#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

uint32_t u32(uint64_t v) { return static_cast<uint32_t>(v); }

// Each entry unpacks the cells into the typed call; "i" cells hold zero-extended i32s.
#define WASI_CALL(name, params, ...)                                                       \
  Syscall {                                                                                \
#name, params, true,                                                                   \
        [](State & s, GuestMemory m,                                                       \
           const uint64_t*                                                                 \
               a) { return static_cast<uint32_t>(name(s, m __VA_OPT__(, ) __VA_ARGS__)); } \
  }

const Syscall kSyscalls[] = {
    WASI_CALL(args_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(args_sizes_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(environ_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(environ_sizes_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(clock_res_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(clock_time_get, "iIi", u32(a[0]), a[1], u32(a[2])),
    WASI_CALL(random_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(sched_yield, ""),
    WASI_CALL(proc_raise, "i", u32(a[0])),
    Syscall{"proc_exit", "i", false,
            [](State& s, GuestMemory m, const uint64_t* a) {
              proc_exit(s, m, u32(a[0]));
              return 0u;
            }},
    WASI_CALL(fd_read, "iiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3])),
    WASI_CALL(fd_write, "iiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3])),
    WASI_CALL(fd_pread, "iiiIi", u32(a[0]), u32(a[1]), u32(a[2]), a[3], u32(a[4])),
    WASI_CALL(fd_pwrite, "iiiIi", u32(a[0]), u32(a[1]), u32(a[2]), a[3], u32(a[4])),
    WASI_CALL(fd_seek, "iIii", u32(a[0]), static_cast<int64_t>(a[1]), u32(a[2]), u32(a[3])),
    WASI_CALL(fd_tell, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_close, "i", u32(a[0])),
    WASI_CALL(fd_sync, "i", u32(a[0])),
    WASI_CALL(fd_datasync, "i", u32(a[0])),
    WASI_CALL(fd_advise, "iIIi", u32(a[0]), a[1], a[2], u32(a[3])),
    WASI_CALL(fd_allocate, "iII", u32(a[0]), a[1], a[2]),
    WASI_CALL(fd_renumber, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_fdstat_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_fdstat_set_flags, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_fdstat_set_rights, "iII", u32(a[0]), a[1], a[2]),
    WASI_CALL(fd_filestat_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_filestat_set_size, "iI", u32(a[0]), a[1]),
    WASI_CALL(fd_filestat_set_times, "iIIi", u32(a[0]), a[1], a[2], u32(a[3])),
    WASI_CALL(fd_prestat_get, "ii", u32(a[0]), u32(a[1])),
    WASI_CALL(fd_prestat_dir_name, "iii", u32(a[0]), u32(a[1]), u32(a[2])),
    WASI_CALL(fd_readdir, "iiiIi", u32(a[0]), u32(a[1]), u32(a[2]), a[3], u32(a[4])),
    WASI_CALL(path_open, "iiiiiIIii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4]), a[5],
              a[6], u32(a[7]), u32(a[8])),
    WASI_CALL(path_filestat_get, "iiiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4])),
    WASI_CALL(path_filestat_set_times, "iiiiIIi", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), a[4],
              a[5], u32(a[6])),
    WASI_CALL(path_create_directory, "iii", u32(a[0]), u32(a[1]), u32(a[2])),
    WASI_CALL(path_remove_directory, "iii", u32(a[0]), u32(a[1]), u32(a[2])),
    WASI_CALL(path_unlink_file, "iii", u32(a[0]), u32(a[1]), u32(a[2])),
    WASI_CALL(path_rename, "iiiiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4]),
              u32(a[5])),
    WASI_CALL(path_link, "iiiiiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4]),
              u32(a[5]), u32(a[6])),
    WASI_CALL(path_readlink, "iiiiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4]),
              u32(a[5])),
    WASI_CALL(path_symlink, "iiiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3]), u32(a[4])),
    WASI_CALL(poll_oneoff, "iiii", u32(a[0]), u32(a[1]), u32(a[2]), u32(a[3])),
    // Sockets are not offered; the calls exist so programs that import them still link.
    Syscall{"sock_accept", "iii", true,
            [](State& s, GuestMemory m,
               const uint64_t*) -> uint32_t { return sock_unsupported(s, m); }},
    Syscall{"sock_recv", "iiiiii", true,
            [](State& s, GuestMemory m,
               const uint64_t*) -> uint32_t { return sock_unsupported(s, m); }},
    Syscall{"sock_send", "iiiii", true,
            [](State& s, GuestMemory m,
               const uint64_t*) -> uint32_t { return sock_unsupported(s, m); }},
    Syscall{"sock_shutdown", "ii", true,
            [](State& s, GuestMemory m,
               const uint64_t*) -> uint32_t { return sock_unsupported(s, m); }},
};

#undef WASI_CALL

}  // namespace

std::span<const Syscall> syscalls() { return kSyscalls; }

const Syscall* find_syscall(std::string_view name) {
  for (const Syscall& c : kSyscalls) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace wasmrun::rt::wasi
