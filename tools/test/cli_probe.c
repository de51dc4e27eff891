// A small WASI program for the CLI tests. Usage: cli_probe MODE ARGS...
//   exit N        exits with status N (through proc_exit)
//   env NAME      prints the variable's value, or "(unset)"
//   args ...      prints each argument on its own line
//   cat FILE      prints the file
//   sleep N       sleeps N seconds
//   write-stdout  writes a line to stdout; reports the outcome on stderr
//   read-stdin    reads one byte of stdin; prints "read: data", "read: eof" or the error
//   spew          writes to stdout until a write fails; exit 32 on EPIPE, 33 on another error
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  if (strcmp(mode, "exit") == 0 && argc == 3) exit(atoi(argv[2]));
  if (strcmp(mode, "env") == 0 && argc == 3) {
    const char* v = getenv(argv[2]);
    printf("%s\n", v ? v : "(unset)");
    return 0;
  }
  if (strcmp(mode, "sleep") == 0 && argc == 3) {
    sleep((unsigned)atoi(argv[2]));
    return 0;
  }
  if (strcmp(mode, "write-stdout") == 0) {
    ssize_t n = write(1, "leaked\n", 7);
    fprintf(stderr, "write: %s\n", n < 0 ? strerror(errno) : "ok");
    return 0;
  }
  if (strcmp(mode, "read-stdin") == 0) {
    char c;
    ssize_t n = read(0, &c, 1);
    printf("read: %s\n", n < 0 ? strerror(errno) : n == 0 ? "eof" : "data");
    return 0;
  }
  if (strcmp(mode, "spew") == 0) {
    static char block[4096];
    memset(block, 'x', sizeof block);
    for (;;) {
      if (write(1, block, sizeof block) < 0) {
        fprintf(stderr, "write: %s\n", strerror(errno));
        return errno == EPIPE ? 32 : 33;
      }
    }
  }
  if (strcmp(mode, "args") == 0) {
    for (int i = 2; i < argc; ++i) printf("%s\n", argv[i]);
    return 0;
  }
  if (strcmp(mode, "cat") == 0 && argc == 3) {
    FILE* f = fopen(argv[2], "r");
    if (!f) {
      perror(argv[2]);
      return 3;
    }
    char buf[256];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
    fclose(f);
    return 0;
  }
  return 2;
}
