// A small WASI program for the CLI tests. Usage: cli_probe MODE ARGS...
//   exit N        exits with status N (through proc_exit)
//   env NAME      prints the variable's value, or "(unset)"
//   args ...      prints each argument on its own line
//   cat FILE      prints the file
//   sleep N       sleeps N seconds
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
