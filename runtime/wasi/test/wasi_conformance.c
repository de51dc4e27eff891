// Exercises every WASI preview 1 call family through wasi-libc (and <wasi/api.h> where libc has
// no wrapper). Prints one line per check and exits 1 when any check failed.
//
// Expected environment (see run_conformance.cmake): the host directory of /sandbox is empty, its
// parent holds outside.txt, and /sandbox/escape is a symlink to that file; arguments are
// "-a" "--b" "c d"; the environment is exactly K=V.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char** environ;

// The raw import, for passing a path pointer that lies outside memory (the libc wrapper would
// run strlen on it first).
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
              int64_t rights_base, int64_t rights_inheriting, int32_t fdflags, int32_t fd_out);

static int failures;

static void check(const char* what, int ok) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

// `r` must be -1 with errno `expected` (or `alt`, when two are acceptable).
static void check_errno(const char* what, int r, int expected, int alt) {
  int e = errno;
  int ok = r == -1 && (e == expected || e == alt);
  printf("%s %s (errno %d)\n", ok ? "ok  " : "FAIL", what, r == -1 ? e : 0);
  if (!ok) ++failures;
}

static uint64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int preopen_fd(void) {
  // wasi-libc found the preopens already; the first one after stdio is fd 3.
  __wasi_prestat_t p;
  return __wasi_fd_prestat_get(3, &p) == 0 ? 3 : -1;
}

static void test_args_env(int argc, char** argv) {
  check("argc is 4", argc == 4);
  check("argv[0] names the module", argc > 0 && strstr(argv[0], "wasi_conformance") != NULL);
  check("argv[1] is -a", argc > 1 && strcmp(argv[1], "-a") == 0);
  check("argv[2] is --b", argc > 2 && strcmp(argv[2], "--b") == 0);
  check("argv[3] keeps its space", argc > 3 && strcmp(argv[3], "c d") == 0);
  const char* k = getenv("K");
  check("getenv K is V", k && strcmp(k, "V") == 0);
  int n = 0;
  for (char** e = environ; *e; ++e) ++n;
  check("environment holds only what was given", n == 1 && getenv("PATH") == NULL);
  __wasi_size_t count = 0, size = 0;
  check("args_sizes_get", __wasi_args_sizes_get(&count, &size) == 0 && count == 4);
}

static void test_clocks_random(void) {
  struct timespec ts;
  check("clock_gettime realtime after 2020",
        clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1577836800);
  uint64_t a = now_ns(CLOCK_MONOTONIC), b = now_ns(CLOCK_MONOTONIC);
  check("monotonic clock does not go back", b >= a);
  check("clock_getres monotonic",
        clock_getres(CLOCK_MONOTONIC, &ts) == 0 && (ts.tv_sec > 0 || ts.tv_nsec > 0));
  __wasi_timestamp_t t = 0;
  check("process cputime clock",
        __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &t) == 0 && t > 0);
  check("thread cputime clock",
        __wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &t) == 0);
  check("cputime resolution",
        __wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &t) == 0 && t > 0);
  check("unknown clock is EINVAL", __wasi_clock_time_get(17, 1, &t) == __WASI_ERRNO_INVAL);
  unsigned char r1[64] = {0}, r2[64] = {0};
  check("getentropy", getentropy(r1, sizeof r1) == 0 && getentropy(r2, sizeof r2) == 0);
  check("random bytes differ", memcmp(r1, r2, sizeof r1) != 0);
  check("random_get to a bad pointer is EFAULT",
        __wasi_random_get((uint8_t*)0xFFFFFF00u, 1000) == __WASI_ERRNO_FAULT);
}

static void test_stdio(void) {
  check("printf to stdout", printf("stdout works\n") > 0);
  check("write to stderr", write(2, "stderr works\n", 13) == 13);
  __wasi_fdstat_t st;
  check("fdstat of stdout has the write right",
        __wasi_fd_fdstat_get(1, &st) == 0 && (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
  __wasi_size_t n = 0;
  check("fd_write with a bad iovec pointer is EFAULT",
        __wasi_fd_write(1, (const __wasi_ciovec_t*)0xFFFFFFF0u, 1, &n) == __WASI_ERRNO_FAULT);
  __wasi_ciovec_t bad = {(const uint8_t*)0xFFFFFF00u, 4096};
  check("fd_write with a buffer past memory is EFAULT",
        __wasi_fd_write(1, &bad, 1, &n) == __WASI_ERRNO_FAULT);
  check("fd_write to a closed fd is EBADF", __wasi_fd_write(99, &bad, 0, &n) == __WASI_ERRNO_BADF);
}

static void test_files(void) {
  FILE* f = fopen("/sandbox/f.txt", "w+");
  check("fopen w+", f != NULL);
  if (!f) return;
  check("fputs", fputs("hello, world", f) >= 0);
  check("fseek/ftell", fseek(f, 7, SEEK_SET) == 0 && ftell(f) == 7);
  char buf[64] = {0};
  check("fread after seek", fread(buf, 1, 5, f) == 5 && memcmp(buf, "world", 5) == 0);
  check("fclose", fclose(f) == 0);

  int fd = open("/sandbox/f.txt", O_RDWR);
  check("open O_RDWR", fd >= 0);
  check("pwrite", pwrite(fd, "HELLO", 5, 0) == 5);
  memset(buf, 0, sizeof buf);
  check("pread", pread(fd, buf, 5, 7) == 5 && memcmp(buf, "world", 5) == 0);
  check("pread left the position at 0", lseek(fd, 0, SEEK_CUR) == 0);
  check("lseek SEEK_END", lseek(fd, 0, SEEK_END) == 12);
  check("read",
        lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 5) == 5 && memcmp(buf, "HELLO", 5) == 0);
  check("ftruncate", ftruncate(fd, 3) == 0);
  struct stat st;
  check("fstat after truncate", fstat(fd, &st) == 0 && st.st_size == 3 && S_ISREG(st.st_mode));
  check("fsync", fsync(fd) == 0);
  check("fdatasync", fdatasync(fd) == 0);
  check("posix_fallocate",
        posix_fallocate(fd, 0, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100);
  check("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
  struct timespec times[2] = {{1000, 0}, {2000, 500}};
  check("futimens", futimens(fd, times) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 2000 &&
                        st.st_atim.tv_sec == 1000);
  check("fcntl F_SETFL O_APPEND",
        fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
  check("append writes at the end",
        write(fd, "!", 1) == 1 && fstat(fd, &st) == 0 && st.st_size == 101);
  check("close", close(fd) == 0);
  check_errno("close again is EBADF", close(fd), EBADF, EBADF);

  check("stat by path", stat("/sandbox/f.txt", &st) == 0 && st.st_size == 101);
  struct timespec ptimes[2] = {{0, UTIME_OMIT}, {3000, 0}};
  check("utimensat", utimensat(AT_FDCWD, "/sandbox/f.txt", ptimes, 0) == 0 &&
                         stat("/sandbox/f.txt", &st) == 0 && st.st_mtim.tv_sec == 3000);
  check("truncate by path",
        truncate("/sandbox/f.txt", 1) == 0 && stat("/sandbox/f.txt", &st) == 0 && st.st_size == 1);

  int ro = open("/sandbox/f.txt", O_RDONLY);
  check("open O_RDONLY", ro >= 0);
  check_errno("write to a read-only fd fails", (int)write(ro, "x", 1), EBADF, ENOTCAPABLE);
  close(ro);
  check_errno("O_CREAT|O_EXCL on an existing file is EEXIST",
              open("/sandbox/f.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST, EEXIST);
  check_errno("opening a missing file is ENOENT", open("/sandbox/missing", O_RDONLY), ENOENT,
              ENOENT);

  // fd_renumber: the file moves to another descriptor number.
  int a = open("/sandbox/f.txt", O_RDONLY), b = open("/sandbox/f.txt", O_RDONLY);
  check("fd_renumber", a >= 0 && b >= 0 && __wasi_fd_renumber(a, b) == 0 &&
                           __wasi_fd_close(a) == __WASI_ERRNO_BADF && close(b) == 0);
  __wasi_filesize_t pos = 1;
  int c = open("/sandbox/f.txt", O_RDONLY);
  check("fd_tell", c >= 0 && __wasi_fd_tell(c, &pos) == 0 && pos == 0);
  close(c);
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void test_directories(void) {
  check("mkdir", mkdir("/sandbox/d", 0755) == 0);
  check_errno("mkdir again is EEXIST", mkdir("/sandbox/d", 0755), EEXIST, EEXIST);
  // Enough long names that wasi-libc must call fd_readdir several times and resume by cookie.
  enum { kFiles = 120 };
  char path[128];
  int made = 0;
  for (int i = 0; i < kFiles; ++i) {
    snprintf(path, sizeof path, "/sandbox/d/entry-with-a-fairly-long-name-%03d", i);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) {
      ++made;
      close(fd);
    }
  }
  check("created the files", made == kFiles);
  check("mkdir nested", mkdir("/sandbox/d/sub", 0755) == 0);
  DIR* dir = opendir("/sandbox/d");
  check("opendir", dir != NULL);
  int files = 0, dots = 0, subs = 0;
  struct dirent* e;
  while (dir && (e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      ++dots;
    } else if (strcmp(e->d_name, "sub") == 0) {
      subs += e->d_type == DT_DIR;
    } else if (strncmp(e->d_name, "entry-with", 10) == 0) {
      files += e->d_type == DT_REG;
    }
  }
  check("readdir saw every entry with its type", files == kFiles && dots == 2 && subs == 1);
  if (dir) {
    rewinddir(dir);
    int again = 0;
    while (readdir(dir)) ++again;
    check("rewinddir starts over", again == kFiles + 3);
    closedir(dir);
  }
  struct dirent** list = NULL;
  int n = scandir("/sandbox/d", &list, NULL, alphasort);
  check("scandir", n == kFiles + 3);
  for (int i = 0; i < n; ++i) free(list[i]);
  free(list);
  (void)cmp_str;

  check_errno("rmdir of a non-empty directory is ENOTEMPTY", rmdir("/sandbox/d"), ENOTEMPTY,
              EEXIST);
  check("rename", rename("/sandbox/d/entry-with-a-fairly-long-name-000", "/sandbox/moved") == 0 &&
                      access("/sandbox/moved", F_OK) == 0);
  check("unlink", unlink("/sandbox/moved") == 0 && access("/sandbox/moved", F_OK) != 0);
  for (int i = 1; i < kFiles; ++i) {
    snprintf(path, sizeof path, "/sandbox/d/entry-with-a-fairly-long-name-%03d", i);
    unlink(path);
  }
  check("rmdir", rmdir("/sandbox/d/sub") == 0 && rmdir("/sandbox/d") == 0);
  check_errno("rmdir of a missing directory is ENOENT", rmdir("/sandbox/d"), ENOENT, ENOENT);

  // Links.
  int fd = open("/sandbox/target.txt", O_CREAT | O_WRONLY, 0644);
  check("create link target", fd >= 0 && write(fd, "tgt", 3) == 3 && close(fd) == 0);
  check("symlink", symlink("target.txt", "/sandbox/sl") == 0);
  char buf[64] = {0};
  check("readlink",
        readlink("/sandbox/sl", buf, sizeof buf) == 10 && memcmp(buf, "target.txt", 10) == 0);
  struct stat st;
  check("lstat sees the link", lstat("/sandbox/sl", &st) == 0 && S_ISLNK(st.st_mode));
  check("stat follows the link",
        stat("/sandbox/sl", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
  fd = open("/sandbox/sl", O_RDONLY);
  memset(buf, 0, sizeof buf);
  check("open through a symlink", fd >= 0 && read(fd, buf, 3) == 3 && strcmp(buf, "tgt") == 0);
  close(fd);
  check_errno("O_NOFOLLOW on a symlink is ELOOP", open("/sandbox/sl", O_RDONLY | O_NOFOLLOW), ELOOP,
              ELOOP);
  check("hard link", link("/sandbox/target.txt", "/sandbox/hard") == 0 &&
                         stat("/sandbox/hard", &st) == 0 && st.st_nlink == 2);
  check("unlink links", unlink("/sandbox/sl") == 0 && unlink("/sandbox/hard") == 0 &&
                            unlink("/sandbox/target.txt") == 0);
}

static void test_escapes(void) {
  int root = preopen_fd();
  check("preopen at fd 3", root == 3);
  char name[16] = {0};
  __wasi_prestat_t p;
  check("prestat names /sandbox", __wasi_fd_prestat_get(3, &p) == 0 && p.u.dir.pr_name_len == 8 &&
                                      __wasi_fd_prestat_dir_name(3, (uint8_t*)name, 8) == 0 &&
                                      strcmp(name, "/sandbox") == 0);
  __wasi_fd_t fd;
  const __wasi_rights_t r = __WASI_RIGHTS_FD_READ;
  check("path_open ../outside.txt is ENOTCAPABLE",
        __wasi_path_open(3, 0, "../outside.txt", 0, r, 0, 0, &fd) == __WASI_ERRNO_NOTCAPABLE);
  check("path_open /etc/passwd is ENOTCAPABLE",
        __wasi_path_open(3, 0, "/etc/passwd", 0, r, 0, 0, &fd) == __WASI_ERRNO_NOTCAPABLE);
  check("path_open through the planted symlink is ENOTCAPABLE",
        __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "escape", 0, r, 0, 0, &fd) ==
            __WASI_ERRNO_NOTCAPABLE);
  check_errno("open(\"/sandbox/../outside.txt\") fails", open("/sandbox/../outside.txt", O_RDONLY),
              ENOTCAPABLE, ENOENT);
  check_errno("open(\"/etc/passwd\") fails", open("/etc/passwd", O_RDONLY), ENOTCAPABLE, ENOENT);
  check_errno("open of the planted escaping symlink is ENOTCAPABLE",
              open("/sandbox/escape", O_RDONLY), ENOTCAPABLE, ENOTCAPABLE);
  struct stat st;
  check_errno("stat through the escaping symlink is ENOTCAPABLE", stat("/sandbox/escape", &st),
              ENOTCAPABLE, ENOTCAPABLE);
  check_errno("symlink with an absolute target is refused", symlink("/etc/passwd", "/sandbox/abs"),
              ENOTCAPABLE, EPERM);
  check("symlink with a relative target leaving the sandbox can be made",
        symlink("../outside.txt", "/sandbox/up") == 0);
  check_errno("but not followed", open("/sandbox/up", O_RDONLY), ENOTCAPABLE, ENOTCAPABLE);
  check_errno("nor written through", open("/sandbox/up", O_WRONLY | O_CREAT, 0644), ENOTCAPABLE,
              ENOTCAPABLE);
  check("mkdir a/b", mkdir("/sandbox/a", 0755) == 0 && mkdir("/sandbox/a/b", 0755) == 0);
  check("path_open a/b/../../../outside.txt is ENOTCAPABLE",
        __wasi_path_open(3, 0, "a/b/../../../outside.txt", 0, r, 0, 0, &fd) ==
            __WASI_ERRNO_NOTCAPABLE);
  check("a/b/../.. stays inside",
        __wasi_path_open(3, 0, "a/b/../..", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &fd) == 0 &&
            __wasi_fd_close(fd) == 0);
  check("path_create_directory ../x is ENOTCAPABLE",
        __wasi_path_create_directory(3, "../x") == __WASI_ERRNO_NOTCAPABLE);
  check("path_unlink_file ../outside.txt is ENOTCAPABLE",
        __wasi_path_unlink_file(3, "../outside.txt") == __WASI_ERRNO_NOTCAPABLE);
  check("path_rename into .. is ENOTCAPABLE",
        __wasi_path_rename(3, "a", 3, "../a") == __WASI_ERRNO_NOTCAPABLE);
  check("path_open with a path past memory is EFAULT",
        raw_path_open(3, 0, (int32_t)0xFFFFFFF0u, 64, 0, (int64_t)r, 0, 0,
                      (int32_t)(intptr_t)&fd) == __WASI_ERRNO_FAULT);
  unlink("/sandbox/up");
  rmdir("/sandbox/a/b");
  rmdir("/sandbox/a");
}

static void test_poll(void) {
  uint64_t t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 20 * 1000 * 1000};
  check("nanosleep", nanosleep(&d, NULL) == 0);
  uint64_t t1 = now_ns(CLOCK_MONOTONIC);
  check("nanosleep slept at least 20 ms", t1 - t0 >= 20000000ull);
  check("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL) == 0);
  uint64_t t2 = now_ns(CLOCK_MONOTONIC);
  check("clock_nanosleep slept at least 20 ms", t2 - t1 >= 20000000ull);
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += 20 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000) {
    until.tv_nsec -= 1000000000;
    until.tv_sec += 1;
  }
  check("clock_nanosleep TIMER_ABSTIME",
        clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL) == 0);
  uint64_t t3 = now_ns(CLOCK_MONOTONIC);
  check("absolute sleep waited", t3 - t2 >= 15000000ull);
  check("poll with no fds sleeps",
        poll(NULL, 0, 20) == 0 && now_ns(CLOCK_MONOTONIC) - t3 >= 20000000ull);
  int fd = open("/sandbox/p.txt", O_CREAT | O_RDWR, 0644);
  struct pollfd pfd = {fd, POLLIN | POLLOUT, 0};
  check("poll on a file reports ready", fd >= 0 && poll(&pfd, 1, 5000) >= 1 && pfd.revents != 0);
  close(fd);
  unlink("/sandbox/p.txt");
  check("sched_yield", sched_yield() == 0);
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_args_env(argc, argv);
  test_clocks_random();
  test_stdio();
  test_files();
  test_directories();
  test_escapes();
  test_poll();
  printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
